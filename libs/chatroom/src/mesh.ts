import type { Counters } from './counters.js';
import type { Fanout } from './fanout.js';
import { encodeCount, encodeEventRecord, MeshDecoder, type MeshSink } from './mesh-codec.js';
import type { RoomRelay } from './relay.js';

/** Every process's member count of every room with members anywhere: each process keeps a full copy. */
export class RoomTable {
  private readonly rooms = new Map<string, Int32Array>();
  /** Memberships over all rooms and processes. */
  members = 0;

  constructor(readonly slots: number) {}

  get roomCount(): number {
    return this.rooms.size;
  }

  /** Members per process of a room (undefined when it has none anywhere). */
  get(room: string): Int32Array | undefined {
    return this.rooms.get(room);
  }

  total(room: string): number {
    const c = this.rooms.get(room);
    if (c === undefined) return 0;
    let n = 0;
    for (let i = 0; i < c.length; i++) n += c[i]!;
    return n;
  }

  set(slot: number, room: string, count: number): void {
    let c = this.rooms.get(room);
    if (c === undefined) {
      if (count <= 0) return;
      c = new Int32Array(this.slots);
      this.rooms.set(room, c);
    }
    const after = Math.max(0, count);
    this.members += after - c[slot]!;
    c[slot] = after;
    if (after === 0 && c.every((n) => n === 0)) this.rooms.delete(room);
  }

  /** Forgets one process's members (it died); returns the rooms that changed. */
  clearSlot(slot: number): string[] {
    const changed: string[] = [];
    for (const [room, c] of this.rooms) if (c[slot]! > 0) changed.push(room);
    for (const room of changed) this.set(slot, room, 0);
    return changed;
  }

  /** Rooms where process `slot` has members, with their count. */
  *heldBy(slot: number): Iterable<[string, number]> {
    for (const [room, c] of this.rooms) if (c[slot]! > 0) yield [room, c[slot]!];
  }
}

/** How a MeshRelay reaches the other processes. */
export interface MeshLinks {
  /** Writes bytes on the link to process `slot` (only called while that link is up). */
  send(slot: number, data: Buffer): void;
}

/**
 * The cross-process relay, peer to peer: no process sits in the middle. Each
 * process keeps a RoomTable, tells every other process its own member count of
 * each room that changed, and sends each event it creates only to the
 * processes that hold members of that room, as the already-encoded frame.
 * Outgoing records are batched per link and written once per flush (one timer
 * per process, armed by the first record of a batch).
 */
export class MeshRelay implements RoomRelay {
  readonly table: RoomTable;
  private readonly outbox: Buffer[][];
  private readonly up: boolean[];
  private readonly decoders: (MeshDecoder | undefined)[];
  private readonly dirty = new Set<string>();
  private armed = false;
  private host: { fanout: Fanout; counters: Counters } | undefined;
  private readonly flushNow = () => this.flush();

  constructor(
    readonly slot: number,
    readonly slots: number,
    private readonly links: MeshLinks,
    /** Schedules a flush (a few ms later, batching what comes meanwhile). */
    private readonly schedule: (flush: () => void) => void,
  ) {
    this.table = new RoomTable(slots);
    this.outbox = Array.from({ length: slots }, () => []);
    this.up = new Array<boolean>(slots).fill(false);
    this.decoders = new Array<MeshDecoder | undefined>(slots).fill(undefined);
  }

  /** The core whose fan-out delivers what other processes send (set once the core exists). */
  attach(host: { fanout: Fanout; counters: Counters }): void {
    this.host = host;
  }

  /** Links up, not counting this process. */
  get linksUp(): number {
    return this.up.filter(Boolean).length;
  }

  memberDelta(room: string, delta: number): void {
    const own = this.table.get(room)?.[this.slot] ?? 0;
    this.table.set(this.slot, room, own + delta);
    this.dirty.add(room);
    this.arm();
  }

  publish(room: string, kind: number, frame: Uint8Array): void {
    const counts = this.table.get(room);
    if (counts === undefined) return;
    let record: Buffer | undefined;
    for (let s = 0; s < this.slots; s++) {
      if (s === this.slot || counts[s] === 0 || !this.up[s]) continue;
      record ??= encodeEventRecord(room, kind, frame);
      this.outbox[s]!.push(record);
      this.host!.counters.relayFramesOut++;
    }
    if (record !== undefined) this.arm();
  }

  remote(room: string): number {
    return this.table.total(room) - (this.table.get(room)?.[this.slot] ?? 0);
  }

  /** Writes every link's queued records, member counts first. */
  flush(): void {
    this.armed = false;
    if (this.dirty.size > 0) {
      const counts: Buffer[] = [];
      for (const room of this.dirty) counts.push(encodeCount(room, this.table.get(room)?.[this.slot] ?? 0));
      this.dirty.clear();
      for (let s = 0; s < this.slots; s++) if (this.up[s]) this.outbox[s]!.unshift(...counts);
    }
    for (let s = 0; s < this.slots; s++) {
      const box = this.outbox[s]!;
      if (box.length === 0) continue;
      this.outbox[s] = [];
      if (!this.up[s]) continue;
      this.links.send(s, box.length === 1 ? box[0]! : Buffer.concat(box));
      this.host!.counters.relayBatchesOut++;
    }
  }

  /** A link to process `slot` is up: it gets our member count of every room we hold members of. */
  linkUp(slot: number): void {
    this.up[slot] = true;
    this.decoders[slot] = new MeshDecoder();
    const counts: Buffer[] = [];
    for (const [room, n] of this.table.heldBy(this.slot)) counts.push(encodeCount(room, n));
    if (counts.length > 0) this.links.send(slot, Buffer.concat(counts));
  }

  /** The link to process `slot` is gone (the process died or stopped): forget its members. */
  linkDown(slot: number): void {
    this.up[slot] = false;
    this.outbox[slot] = [];
    this.decoders[slot] = undefined;
    for (const room of this.table.clearSlot(slot)) this.updateRemote(room);
  }

  /** Bytes that arrived on the link from process `slot`. */
  receive(slot: number, chunk: Buffer): void {
    const decoder = this.decoders[slot];
    if (decoder === undefined) return;
    this.host!.counters.relayBatchesIn++;
    this.sink.from = slot;
    decoder.feed(chunk, this.sink);
  }

  private readonly sink: MeshSink & { from: number } = {
    from: -1,
    hello: () => {},
    count: (room, members) => {
      this.table.set(this.sink.from, room, members);
      this.updateRemote(room);
    },
    event: (room, kind, frame) => this.host!.fanout.deliverRemote(room, kind, frame),
  };

  private updateRemote(room: string): void {
    this.host!.fanout.setRemote(room, this.remote(room));
  }

  private arm(): void {
    if (this.armed) return;
    this.armed = true;
    this.schedule(this.flushNow);
  }
}
