import { frameAt, packBatch, type RelayBatch } from './relay.js';

/** A room as the hub sees it: members per worker slot, and the total. */
interface HubRoom {
  total: number;
  perSlot: Int32Array;
}

/**
 * The cluster primary's relay logic, with no IPC in it: it keeps each room's
 * member count per worker slot, and turns one worker's batch into the batches
 * each other worker must get. An event goes only to the workers that hold
 * members of its room; the frame bytes are forwarded as they are (never
 * decoded or re-encoded). Count updates (the room's members held elsewhere)
 * go to every worker holding members of a room whose total changed.
 */
export class RelayHub {
  private readonly rooms = new Map<string, HubRoom>();
  members = 0;
  batchesIn = 0;
  framesIn = 0;
  framesOut = 0;

  constructor(readonly slots: number) {}

  get roomCount(): number {
    return this.rooms.size;
  }

  /** Global member count of a room (0 when unknown). */
  memberCount(room: string): number {
    return this.rooms.get(room)?.total ?? 0;
  }

  /** Routes a batch from worker `from`; returns the batch for each worker slot that must get one. */
  route(from: number, batch: RelayBatch): Map<number, RelayBatch> {
    this.batchesIn++;
    this.framesIn += batch.rooms.length;
    const dirty = new Set<string>();
    for (let i = 0; i < batch.deltas.length; i += 2) {
      this.apply(from, batch.deltas[i] as string, batch.deltas[i + 1] as number);
      dirty.add(batch.deltas[i] as string);
    }
    // Item indexes per destination slot.
    const picks: number[][] = Array.from({ length: this.slots }, () => []);
    for (let i = 0; i < batch.rooms.length; i++) {
      const room = this.rooms.get(batch.rooms[i]!);
      if (room === undefined) continue;
      for (let s = 0; s < this.slots; s++) if (s !== from && room.perSlot[s]! > 0) picks[s]!.push(i);
    }
    const counts = this.countUpdates(dirty);
    const out = new Map<number, RelayBatch>();
    for (let s = 0; s < this.slots; s++) {
      const pick = picks[s]!;
      const c = counts[s]!;
      if (pick.length === 0 && c.length === 0) continue;
      this.framesOut += pick.length;
      out.set(
        s,
        pick.length === batch.rooms.length ? { ...batch, deltas: [], counts: c } : this.subset(batch, pick, c),
      );
    }
    return out;
  }

  /** Forgets every membership of a worker slot (its process died); returns the count updates to send. */
  removeSlot(slot: number): Map<number, RelayBatch> {
    const dirty = new Set<string>();
    for (const [name, room] of this.rooms) {
      const n = room.perSlot[slot]!;
      if (n === 0) continue;
      this.apply(slot, name, -n);
      dirty.add(name);
    }
    const counts = this.countUpdates(dirty);
    const out = new Map<number, RelayBatch>();
    for (let s = 0; s < this.slots; s++) if (counts[s]!.length > 0) out.set(s, packBatch([], [], [], [], counts[s]!));
    return out;
  }

  private apply(slot: number, name: string, delta: number): void {
    let room = this.rooms.get(name);
    if (room === undefined) {
      if (delta <= 0) return;
      room = { total: 0, perSlot: new Int32Array(this.slots) };
      this.rooms.set(name, room);
    }
    // A worker never reports more leaves than joins, but clamp so a bug cannot drive counts negative.
    const before = room.perSlot[slot]!;
    const after = Math.max(0, before + delta);
    room.perSlot[slot] = after;
    room.total += after - before;
    this.members += after - before;
    if (room.total === 0) this.rooms.delete(name);
  }

  /** [room, remote, ...] per slot, for the slots that hold members of a changed room. */
  private countUpdates(dirty: Set<string>): (string | number)[][] {
    const counts: (string | number)[][] = Array.from({ length: this.slots }, () => []);
    for (const name of dirty) {
      const room = this.rooms.get(name);
      if (room === undefined) continue;
      for (let s = 0; s < this.slots; s++) {
        const mine = room.perSlot[s]!;
        if (mine > 0) counts[s]!.push(name, room.total - mine);
      }
    }
    return counts;
  }

  private subset(batch: RelayBatch, pick: number[], counts: (string | number)[]): RelayBatch {
    return packBatch(
      pick.map((i) => batch.rooms[i]!),
      pick.map((i) => batch.kinds[i]!),
      pick.map((i) => frameAt(batch, i)),
      [],
      counts,
    );
  }
}
