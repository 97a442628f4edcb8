import type { ArrivalSink, ArrivalSource, ScheduleTarget } from './arrival.js';
import { Random } from './random.js';
import type { PlannedArrival, Schedule } from './schedule.js';
import { SessionMix } from './session-mix.js';

export interface LocalSourceOptions {
  /** Wall clock (epoch ms). */
  now?: () => number;
  rng?: Random;
  /** First user id; ids are consecutive from it. */
  firstUserId?: number;
}

/** How often a schedule that holds users checks its count between planned arrivals (ms). */
const HOLD_CHECK_MS = 100;

/**
 * Issues arrivals in one process, on time, from the schedule: its planned
 * arrivals when they are due, each at its intended time from the absolute
 * start; and, for a schedule that holds users, replacements for users that
 * ended and stops beyond the count it wants. One timer drives it.
 */
export class LocalArrivalSource implements ArrivalSource {
  private sink: ArrivalSink | null = null;
  private timer: NodeJS.Timeout | null = null;
  private startAt = 0;
  private nextUserId: number;
  private readonly now: () => number;
  private readonly rng: Random;
  private readonly mix: SessionMix;
  private readonly next: () => PlannedArrival | null;
  private pending: PlannedArrival | null = null;
  private finished = false;

  constructor(
    private readonly schedule: Schedule,
    sessionWeights: readonly number[],
    options: LocalSourceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.rng = options.rng ?? new Random();
    this.nextUserId = options.firstUserId ?? 1;
    this.mix = new SessionMix(schedule, sessionWeights);
    this.next = schedule.plannedArrivals(this.rng);
  }

  get done(): boolean {
    return this.finished;
  }

  /** Schedule length (ms). */
  get durationMs(): number {
    return this.schedule.lengthMs;
  }

  start(sink: ArrivalSink): void {
    this.sink = sink;
    this.startAt = this.now();
    this.pending = this.next();
    this.wake();
  }

  stop(): void {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A user ended or a connection closed: a schedule that holds users replaces it at once. */
  slotFreed(): void {
    if (!this.schedule.holdsUsers || this.finished || !this.sink) return;
    const elapsed = this.now() - this.startAt;
    if (elapsed < this.schedule.lengthMs) this.replace(elapsed);
  }

  targetFor(second: number): ScheduleTarget {
    const from = second * 1000 - this.startAt;
    const arrivals = this.schedule.arrivalsBetween(Math.max(0, from), from + 1000);
    return {
      arrivals: arrivals !== null && from + 1000 <= 0 ? 0 : arrivals,
      users: this.schedule.usersAt(from + 999),
    };
  }

  private wake(): void {
    this.timer = null;
    if (this.finished || !this.sink) return;
    const s = this.schedule;
    const elapsed = this.now() - this.startAt;
    if (s.holdsUsers && elapsed >= s.lengthMs) {
      this.sink.stopUsers(this.sink.activeUsers);
      return this.stop();
    }
    const want = s.usersAt(elapsed) ?? Infinity;
    // A planned start waits while the users wanted are all there (closed ramp-up).
    while (this.pending && this.pending.atMs <= elapsed && this.sink.usersHeld < want) {
      this.admit(this.startAt + this.pending.atMs, this.pending.phase);
      this.pending = this.next();
    }
    if (s.holdsUsers) {
      this.replace(elapsed);
      if (this.sink.activeUsers > want) this.sink.stopUsers(this.sink.activeUsers - want);
    } else if (!this.pending) return this.stop();
    const nextMs = Math.min(this.pending?.atMs ?? Infinity, s.holdsUsers ? elapsed + HOLD_CHECK_MS : Infinity);
    this.timer = setTimeout(() => this.wake(), Math.max(0, nextMs - (this.now() - this.startAt)));
  }

  /**
   * Tops the users held up to the count wanted, once no planned start is due.
   * Users held include those whose connection is still closing, so the target
   * never sees more than the count.
   */
  private replace(elapsed: number): void {
    if (this.pending && this.pending.atMs <= elapsed) return;
    const sink = this.sink!;
    const short = (this.schedule.usersAt(elapsed) ?? 0) - sink.usersHeld;
    for (let i = 0; i < short; i++) this.admit(this.now(), -1);
  }

  private admit(intendedAt: number, phase: number): void {
    const session = this.mix.pick(phase, this.rng);
    this.sink!.admit({ userId: this.nextUserId++, intendedAt, session });
  }
}
