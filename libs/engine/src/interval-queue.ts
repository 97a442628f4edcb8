import type { TimerOwner } from './timer-heap.js';

/**
 * Timers that all have one duration (a session's heartbeat interval), as a FIFO
 * ring: each is due one interval after it was scheduled, so they come due in the
 * order they were added, as in Node's own per-duration timer lists. Adding and
 * firing are O(1), where the TimerHeap sifts through log2(users) levels, and an
 * entry costs 24 bytes in three preallocated arrays. Like the heap, entries are
 * never removed early: an owner invalidates them by changing the tag it expects.
 *
 * Early firing, so that many timers cost few wake-ups, without making replies
 * wait. What delays a reply is the number of writes sent in one go before the loop
 * reads again: the replies to the first ones arrive while the last are written.
 * So a wake-up that comes on time fires what is due and at most `maxEarly` more that
 * come due within `maxSlackMs`: a bounded batch, a few writes' worth of delay. A
 * wake-up that comes L ms late (the loop was busy) fires everything due within the
 * next L − 1 ms (Node's timers fire up to ~1 ms late on an idle loop), at most
 * `maxSlackMs`, however many: the loop is behind anyway, and a loaded process then
 * wakes fewer times and reads its replies in bursts, which is where batching saves
 * CPU. Early, never late. A fixed batch (every wake-up firing all of the next 10 ms,
 * ~30 heartbeats at 3,000/s) made a quiet process's replies wait behind its writes.
 */
export class IntervalQueue {
  private owners: (TimerOwner | null)[];
  private due: Float64Array;
  private tags: Float64Array;
  private head = 0;
  private count = 0;
  private handle: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = false;
  private readonly fire = () => this.run();

  private readonly maxSlackMs: number;
  private readonly maxEarly: number;

  constructor(
    /** Passed to onTimer as `kind`. */
    private readonly kind: number,
    private readonly now: () => number,
    options: {
      /** The most a wake-up fires ahead of time (ms); 0 never fires early. */
      maxSlackMs?: number;
      /** Entries not yet due that a wake-up on time fires (within maxSlackMs). */
      maxEarly?: number;
      /** A power of two. */
      capacity?: number;
    } = {},
  ) {
    this.maxSlackMs = options.maxSlackMs ?? 0;
    this.maxEarly = options.maxEarly ?? 0;
    const capacity = options.capacity ?? 1024;
    this.owners = new Array<TimerOwner | null>(capacity).fill(null);
    this.due = new Float64Array(capacity);
    this.tags = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Schedules `owner.onTimer(tag, kind, dueAt, lateMs)`. A `dueAt` earlier than the
   * last one queued (a timer that fired late and is rescheduled from its due time)
   * is moved up to it, keeping the queue in order: it fires with that one.
   */
  add(dueAt: number, owner: TimerOwner, tag: number): void {
    if (this.stopped) return;
    if (this.count === this.owners.length) this.grow();
    const mask = this.owners.length - 1;
    if (this.count > 0) {
      const last = this.due[(this.head + this.count - 1) & mask]!;
      if (dueAt < last) dueAt = last;
    }
    const i = (this.head + this.count) & mask;
    this.owners[i] = owner;
    this.due[i] = dueAt;
    this.tags[i] = tag;
    this.count++;
    if (this.handle === null && !this.running) this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.owners.fill(null);
    this.count = 0;
  }

  private arm(): void {
    if (this.stopped || this.count === 0) return;
    this.handle = setTimeout(this.fire, Math.max(0, this.due[this.head]! - this.now()));
  }

  private run(): void {
    this.handle = null;
    this.running = true;
    const now = this.now();
    const slack = slackFor(now - this.due[this.head]!, this.maxSlackMs);
    const busy = slack > ON_TIME_MS;
    const horizon = now + (busy ? slack : Math.max(this.maxSlackMs, ON_TIME_MS));
    let early = busy ? Infinity : this.maxEarly;
    // Entries added while running (one interval ahead, or clamped to the last) wait for the next pass.
    for (let n = this.count; n > 0 && this.due[this.head]! <= horizon; n--) {
      const i = this.head;
      if (this.due[i]! > now + ON_TIME_MS && early-- <= 0) break;
      const owner = this.owners[i]!;
      const dueAt = this.due[i]!;
      const tag = this.tags[i]!;
      this.owners[i] = null;
      this.head = (i + 1) & (this.owners.length - 1);
      this.count--;
      owner.onTimer(tag, this.kind, dueAt, now - dueAt);
      if (this.stopped) return;
    }
    this.running = false;
    this.arm();
  }

  /** Doubles the ring, unrolled from the head so that order is kept. */
  private grow(): void {
    const cap = this.owners.length;
    const owners = new Array<TimerOwner | null>(cap * 2).fill(null);
    const due = new Float64Array(cap * 2);
    const tags = new Float64Array(cap * 2);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & (cap - 1);
      owners[k] = this.owners[i]!;
      due[k] = this.due[i]!;
      tags[k] = this.tags[i]!;
    }
    this.owners = owners;
    this.due = due;
    this.tags = tags;
    this.head = 0;
  }
}

/** Node's timers fire up to ~1 ms after their time on an idle loop: that much lateness is not load. */
const TIMER_RESOLUTION_MS = 1;
/** An entry due within this much of now is due (timers are armed in whole ms). */
const ON_TIME_MS = 0.5;

/**
 * How far past `now` a wake-up that came `lateMs` after its first entry was due
 * fires: half a millisecond on an idle loop (what is due now), the lateness beyond
 * the timer resolution on a busy one, at most `maxSlackMs`.
 */
export function slackFor(lateMs: number, maxSlackMs: number): number {
  const busy = lateMs - TIMER_RESOLUTION_MS;
  return busy > ON_TIME_MS ? Math.min(busy, Math.max(maxSlackMs, ON_TIME_MS)) : ON_TIME_MS;
}
