import type { Plan } from '@loadfleet/scenario';
import { Random, cumulativeWeights } from '../random.js';
import type { ScheduleTarget, SpawnTarget, TokenSource } from '../token.js';
import { ClosedUsers } from './closed-users.js';
import { RampingArrivalRate } from './ramping-arrival-rate.js';

export interface LocalSourceOptions {
  /** Wall clock (epoch ms). */
  now?: () => number;
  rng?: Random;
  /** First user id; ids are consecutive from it. */
  firstUserId?: number;
}

/**
 * Issues spawn tokens in one process, on time, from the plan's load model.
 * The arrival times come from the schedule classes; this only drives them
 * with one timer, emitting every arrival already due at each wake-up.
 */
export class LocalTokenSource implements TokenSource {
  private target: SpawnTarget | null = null;
  private timer: NodeJS.Timeout | null = null;
  private startAt = 0;
  private nextUserId: number;
  private readonly now: () => number;
  private readonly rng: Random;
  private readonly sessionPick: number[][];
  private readonly open: RampingArrivalRate | null;
  private readonly closed: ClosedUsers | null;
  private pending: { atMs: number; phase: number } | null = null;
  private rampStarts = 0;
  private finished = false;

  constructor(
    private readonly plan: Plan,
    options: LocalSourceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.rng = options.rng ?? new Random();
    this.nextUserId = options.firstUserId ?? 1;
    const base = cumulativeWeights(plan.sessions.map((s) => s.weight));
    const load = plan.load;
    this.open = load.model === 'open' ? new RampingArrivalRate(load, this.rng) : null;
    this.closed = load.model === 'closed' ? new ClosedUsers(load) : null;
    this.sessionPick =
      load.model === 'open'
        ? load.phases.map((p) => (p.sessionWeights ? cumulativeWeights(p.sessionWeights) : base))
        : [base];
  }

  get done(): boolean {
    return this.finished;
  }

  /** Schedule length (ms). */
  get durationMs(): number {
    return (this.open ?? this.closed)!.totalMs;
  }

  start(target: SpawnTarget): void {
    this.target = target;
    this.startAt = this.now();
    if (this.open) this.pending = this.open.next();
    this.wake();
  }

  stop(): void {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  userEnded(): void {
    // Closed model: a user that ends is replaced at once while the schedule wants it.
    if (!this.closed || this.finished || !this.target) return;
    const elapsed = this.now() - this.startAt;
    if (elapsed >= this.closed.totalMs) return;
    while (
      this.target.activeUsers < this.closed.usersAt(elapsed) &&
      this.rampStarts >= this.closedRampTarget(elapsed)
    ) {
      this.spawn(this.now(), 0);
    }
  }

  targetFor(second: number): ScheduleTarget {
    const from = second * 1000 - this.startAt;
    if (this.open) {
      const arrivals = this.open.cumulativeAt(from + 1000) - this.open.cumulativeAt(Math.max(0, from));
      return { arrivals: from + 1000 <= 0 ? 0 : arrivals, users: null };
    }
    return { arrivals: null, users: this.closed!.usersAt(from + 999) };
  }

  private wake(): void {
    this.timer = null;
    if (this.finished || !this.target) return;
    const elapsed = this.now() - this.startAt;
    let nextMs: number;
    if (this.open) {
      while (this.pending && this.pending.atMs <= elapsed) {
        this.spawn(this.startAt + this.pending.atMs, this.pending.phase);
        this.pending = this.open.next();
      }
      if (!this.pending) return this.stop();
      nextMs = this.pending.atMs;
    } else {
      nextMs = this.closedStep(elapsed);
      if (nextMs < 0) return this.stop();
    }
    this.timer = setTimeout(() => this.wake(), Math.max(0, nextMs - (this.now() - this.startAt)));
  }

  /** Closed model: start ramp-up users that are due, trim for ramp-down; returns the next wake offset or -1. */
  private closedStep(elapsed: number): number {
    const closed = this.closed!;
    const target = this.target!;
    if (elapsed >= closed.totalMs) {
      target.stopUsers(target.activeUsers);
      return -1;
    }
    const want = closed.usersAt(elapsed);
    const rampWant = this.closedRampTarget(elapsed);
    while (this.rampStarts < rampWant && target.activeUsers < want) {
      this.spawn(this.startAt + closed.rampUpStartMs(this.rampStarts), 0);
      this.rampStarts++;
    }
    // Users who ended during the ramp, or could not be started then, are topped up.
    while (this.rampStarts >= rampWant && target.activeUsers < want) this.spawn(this.now(), 0);
    if (target.activeUsers > want) target.stopUsers(target.activeUsers - want);
    const nextRamp =
      this.rampStarts < (this.plan.load as { users: number }).users ? closed.rampUpStartMs(this.rampStarts) : Infinity;
    return Math.min(nextRamp, elapsed + 100);
  }

  private closedRampTarget(elapsed: number): number {
    const load = this.plan.load as { users: number; rampUpMs: number };
    if (load.rampUpMs === 0) return load.users;
    return Math.min(load.users, Math.floor((load.users * elapsed) / load.rampUpMs) + 1);
  }

  private spawn(intendedAt: number, phase: number): void {
    const pick = this.sessionPick[phase] ?? this.sessionPick[0]!;
    const session = pick.length === 1 ? 0 : this.rng.pick(pick);
    this.target!.spawn({ userId: this.nextUserId++, intendedAt, session });
  }
}
