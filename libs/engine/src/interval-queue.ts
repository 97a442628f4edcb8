import type { TimerOwner } from './timer-heap.js';

/**
 * Timers that all have one duration (a session's heartbeat interval), as a FIFO
 * ring: each is due one interval after it was scheduled, so they come due in the
 * order they were added, as in Node's own per-duration timer lists. Adding and
 * firing are O(1), where the TimerHeap sifts through log2(users) levels, and an
 * entry costs 24 bytes in three preallocated arrays. Like the heap, entries are
 * never removed early: an owner invalidates them by changing the tag it expects.
 *
 * Batching only when the event loop is busy: a wake-up that comes on time fires
 * only what is due (within Node's 1 ms timer resolution), so an idle process
 * sends each heartbeat when it is due and reads its reply at once. A wake-up that
 * comes L ms late (the loop was busy) also fires what comes due within the next
 * L ms, at most `maxSlackMs` (early, never late): a loaded process then wakes
 * fewer times for its timers, about 1000 / L a second, and reads their replies
 * in bursts, which is where batching saves CPU. A fixed batch (always firing the
 * next 10 ms) made every reply of a quiet process wait behind its batch's writes.
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

  constructor(
    /** Passed to onTimer as `kind`. */
    private readonly kind: number,
    private readonly now: () => number,
    /** The most a busy wake-up fires ahead of time (ms); 0 never fires early. */
    private readonly maxSlackMs = 0,
    /** A power of two. */
    capacity = 1024,
  ) {
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
    const horizon = now + slackFor(now - this.due[this.head]!, this.maxSlackMs);
    // Entries added while running (one interval ahead, or clamped to the last) wait for the next pass.
    for (let n = this.count; n > 0 && this.due[this.head]! <= horizon; n--) {
      const i = this.head;
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

/**
 * How far past `now` a wake-up that came `lateMs` after its first entry was due
 * fires: half a millisecond on an idle loop (what is due now), the lateness beyond
 * the timer resolution on a busy one, at most `maxSlackMs`.
 */
export function slackFor(lateMs: number, maxSlackMs: number): number {
  const busy = lateMs - TIMER_RESOLUTION_MS;
  return busy > 0.5 ? Math.min(busy, Math.max(maxSlackMs, 0.5)) : 0.5;
}
