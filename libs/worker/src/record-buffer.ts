/** One encoded StatsRecord waiting for Redis. */
export interface BufferedRecord {
  /** Place in this buffer's sequence (increasing): what ackThrough() refers to. */
  readonly seq: number;
  readonly runId: string;
  readonly bytes: Uint8Array;
}

/** Records kept while Redis is unreachable, per worker (docs/FARM.md, "Worker"): one hour of one run. */
export const DEFAULT_RECORD_BOUND = 3600;

/**
 * A bounded FIFO of encoded StatsRecords on their way to the stats stream. Every
 * record goes through it, so when Redis is away records wait here and leave in
 * order when it is back. Beyond the bound the oldest are dropped and counted: the
 * newest seconds are the ones the live feed and the end of the run need.
 */
export class RecordBuffer {
  private items: BufferedRecord[] = [];
  private head = 0;
  private nextSeq = 1;
  private droppedTotal = 0;
  private readonly droppedByRun = new Map<string, number>();
  private readonly waitingByRun = new Map<string, number>();

  constructor(readonly bound: number = DEFAULT_RECORD_BOUND) {
    if (!Number.isInteger(bound) || bound < 1)
      throw new RangeError(`record buffer bound ${bound} must be a positive integer`);
  }

  /** Records waiting. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Records dropped because the buffer was full, since it was made. */
  get dropped(): number {
    return this.droppedTotal;
  }

  droppedFor(runId: string): number {
    return this.droppedByRun.get(runId) ?? 0;
  }

  /** Records of one run still waiting. */
  waitingFor(runId: string): number {
    return this.waitingByRun.get(runId) ?? 0;
  }

  push(runId: string, bytes: Uint8Array): void {
    this.items.push({ seq: this.nextSeq++, runId, bytes });
    this.count(this.waitingByRun, runId, 1);
    while (this.size > this.bound) {
      const old = this.items[this.head++]!;
      this.count(this.waitingByRun, old.runId, -1);
      this.count(this.droppedByRun, old.runId, 1);
      this.droppedTotal++;
    }
    this.compact();
  }

  /** The oldest `max` records, oldest first (a copy: pushes and drops do not change it). */
  peek(max: number): BufferedRecord[] {
    return this.items.slice(this.head, this.head + max);
  }

  /**
   * Removes every record up to and including `seq` (they reached Redis). Records
   * dropped meanwhile are simply no longer there. Returns how many were removed.
   */
  ackThrough(seq: number): number {
    let removed = 0;
    while (this.head < this.items.length && this.items[this.head]!.seq <= seq) {
      this.count(this.waitingByRun, this.items[this.head++]!.runId, -1);
      removed++;
    }
    this.compact();
    return removed;
  }

  /** Forgets a finished run's counters (its records, if any, still leave in order). */
  forget(runId: string): void {
    this.droppedByRun.delete(runId);
    if (this.waitingFor(runId) === 0) this.waitingByRun.delete(runId);
  }

  private count(map: Map<string, number>, runId: string, delta: number): void {
    const n = (map.get(runId) ?? 0) + delta;
    if (n === 0) map.delete(runId);
    else map.set(runId, n);
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
