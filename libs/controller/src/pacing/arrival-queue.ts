import { Random, type PlannedArrival, type Schedule } from '@loadfleet/schedule';

/**
 * The schedule's planned arrivals in intended-time order, as the local source
 * would start them (Schedule.plannedArrivals). `fillTo(h)` pulls every arrival intended by
 * offset h into a queue; the allocator grants or drops them from the front.
 * One arrival of lookahead gives the end of the last queued arrival's slot,
 * so consecutive grants' windows tile.
 */
export class ArrivalQueue {
  private times: number[] = [];
  private phases: number[] = [];
  private head = 0;
  private peeked: PlannedArrival | null;
  private readonly pull: () => PlannedArrival | null;
  /** Arrivals that entered the queue so far (granted + dropped + queued). */
  entered = 0;
  readonly endMs: number;

  constructor(schedule: Schedule, rng: Random = new Random()) {
    this.endMs = schedule.plannedUntilMs;
    this.pull = schedule.plannedArrivals(rng);
    this.peeked = this.pull();
  }

  get length(): number {
    return this.times.length - this.head;
  }

  /** True once every arrival of the schedule has left the queue. */
  get exhausted(): boolean {
    return this.peeked === null && this.length === 0;
  }

  /** Pulls arrivals intended at or before offset `horizonMs`; returns how many entered. */
  fillTo(horizonMs: number): number {
    let n = 0;
    while (this.peeked !== null && this.peeked.atMs <= horizonMs) {
      this.times.push(this.peeked.atMs);
      this.phases.push(this.peeked.phase);
      this.peeked = this.pull();
      n++;
    }
    this.entered += n;
    return n;
  }

  /**
   * Takes out, without queueing them, the arrivals intended before offset `ms`
   * (a controller taking over a run: those were another's). Returns how many.
   */
  skipBefore(ms: number): number {
    let queued = 0;
    while (queued < this.length && this.timeAt(queued) < ms) queued++;
    this.shift(queued);
    let pulled = 0;
    while (this.peeked !== null && this.peeked.atMs < ms) {
      this.peeked = this.pull();
      pulled++;
    }
    this.entered += pulled;
    return queued + pulled;
  }

  /** Offset of the first arrival not granted yet (the queue's front, the next to come, or the end). */
  get frontMs(): number {
    if (this.length > 0) return this.timeAt(0);
    return this.peeked !== null ? this.peeked.atMs : this.endMs;
  }

  /** Intended offset of queued arrival i (0 = front). */
  timeAt(i: number): number {
    return this.times[this.head + i]!;
  }

  phaseAt(i: number): number {
    return this.phases[this.head + i]!;
  }

  /** End of queued arrival i's slot: the next arrival's time, or the schedule's end after the last one. */
  slotEnd(i: number): number {
    if (i + 1 < this.length) return this.timeAt(i + 1);
    if (this.peeked !== null) return this.peeked.atMs;
    return Math.max(this.endMs, this.timeAt(i));
  }

  /** Queued arrivals from the front intended at or before offset `ms`, counting at most `max`. */
  countUntil(ms: number, max = Infinity): number {
    const n = Math.min(this.length, max);
    let i = 0;
    while (i < n && this.timeAt(i) <= ms) i++;
    return i;
  }

  /** Queued arrivals from the front in the same phase as the front one, counting at most `max`. */
  samePhaseRun(max: number): number {
    const n = Math.min(this.length, max);
    if (n === 0) return 0;
    const phase = this.phaseAt(0);
    let i = 1;
    while (i < n && this.phaseAt(i) === phase) i++;
    return i;
  }

  /** Removes n arrivals from the front. */
  shift(n: number): void {
    this.head += Math.min(n, this.length);
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.phases = this.phases.slice(this.head);
      this.head = 0;
    }
  }
}
