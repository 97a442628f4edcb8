/**
 * The cross-process relay, worker side. A worker delivers its own room events
 * to its local members at once, and also queues the already-encoded frame for
 * the hub (the cluster primary), which forwards it only to the workers that
 * hold members of that room. Membership changes travel in the same batches.
 */

/** How the fan-out tells the rest of the cluster about a room. */
export interface RoomRelay {
  /** The local member count of `room` changed by `delta`. */
  memberDelta(room: string, delta: number): void;
  /** An encoded event frame for `room`, of RoomEvent kind index `kind`, to deliver elsewhere. */
  publish(room: string, kind: number, frame: Uint8Array): void;
}

/** Single-process mode: there is nobody else to tell. */
export const NO_RELAY: RoomRelay = { memberDelta() {}, publish() {} };

/**
 * One IPC message between a worker and the hub (either way). Event frames are
 * packed into one buffer (item i is data[ends[i-1]..ends[i]]), so structured
 * clone copies a few large arrays instead of many small objects.
 */
export interface RelayBatch {
  t: 'ev';
  rooms: string[];
  kinds: Uint8Array;
  ends: Uint32Array;
  data: Uint8Array;
  /** Worker -> hub: [room, delta, room, delta, ...] local membership changes. */
  deltas: (string | number)[];
  /** Hub -> worker: [room, remote, ...] members of the room held by the other workers. */
  counts: (string | number)[];
}

export function packBatch(
  rooms: string[],
  kinds: ArrayLike<number>,
  frames: readonly Uint8Array[],
  deltas: (string | number)[],
  counts: (string | number)[],
): RelayBatch {
  const ends = new Uint32Array(frames.length);
  let total = 0;
  for (let i = 0; i < frames.length; i++) ends[i] = total += frames[i]!.length;
  const data = new Uint8Array(total);
  for (let i = 0; i < frames.length; i++) data.set(frames[i]!, i === 0 ? 0 : ends[i - 1]!);
  return { t: 'ev', rooms, kinds: Uint8Array.from(kinds), ends, data, deltas, counts };
}

/** The frame of item i, as a view into the batch's data. */
export function frameAt(batch: RelayBatch, i: number): Uint8Array {
  return batch.data.subarray(i === 0 ? 0 : batch.ends[i - 1]!, batch.ends[i]!);
}

/**
 * A worker's outgoing relay queue. `onFirst` is called when the first item of a
 * new batch is queued: the owner schedules one flush a few milliseconds later
 * (one timer per process, never per message) and then calls take().
 */
export class RelayOutbox implements RoomRelay {
  private rooms: string[] = [];
  private kinds: number[] = [];
  private frames: Uint8Array[] = [];
  private deltas = new Map<string, number>();
  private armed = false;

  constructor(private readonly onFirst: () => void) {}

  memberDelta(room: string, delta: number): void {
    this.deltas.set(room, (this.deltas.get(room) ?? 0) + delta);
    this.arm();
  }

  publish(room: string, kind: number, frame: Uint8Array): void {
    this.rooms.push(room);
    this.kinds.push(kind);
    this.frames.push(frame);
    this.arm();
  }

  get size(): number {
    return this.frames.length;
  }

  /** The queued batch (or undefined when empty); the queue starts afresh. */
  take(): RelayBatch | undefined {
    this.armed = false;
    if (this.frames.length === 0 && this.deltas.size === 0) return undefined;
    const deltas: (string | number)[] = [];
    for (const [room, d] of this.deltas) if (d !== 0) deltas.push(room, d);
    const batch = packBatch(this.rooms, this.kinds, this.frames, deltas, []);
    this.rooms = [];
    this.kinds = [];
    this.frames = [];
    this.deltas.clear();
    return batch;
  }

  private arm(): void {
    if (this.armed) return;
    this.armed = true;
    this.onFirst();
  }
}
