import type { Grant } from '@loadfleet/bus';
import type { Plan } from '@loadfleet/scenario';
import { Random, SessionMix, scheduleOf, type ArrivalSink, type ArrivalSource } from '@loadfleet/schedule';

export interface GrantSourceOptions {
  /** Wall clock (epoch ms). */
  now?: () => number;
  rng?: Random;
}

interface Pending {
  readonly first: number;
  readonly count: number;
  readonly start: number;
  readonly span: number;
  readonly phase: number;
  /** Index of the next start to issue. */
  next: number;
}

/** What a worker holds of a run's grants, told in every quota request (QuotaRequest). */
export interface HeldGrants {
  grantedThrough: number;
  lastUserId: number;
  lastGrantAt: number;
  usersGranted: number;
  dropsReceived: number;
}

/**
 * The farm's ArrivalSource: arrivals come from the controller's quota grants.
 * Each grant's arrivals are spread evenly over its window (arrival i at
 * windowStart + (i + 0.5) * span / count, docs/FARM.md "Pacing"), never in a burst,
 * and that instant is the arrival's intended time, so lateness is measured against it.
 * One timer drives every pending grant.
 */
export class GrantArrivalSource implements ArrivalSource {
  private sink: ArrivalSink | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly rng: Random;
  private readonly mix: SessionMix;
  /** The schedule holds users (closed model): the users this worker holds are its share of the target. */
  private readonly holdsUsers: boolean;
  private readonly pending: Pending[] = [];
  /** Intended arrivals per epoch second, for the arrivals-target gauge. */
  private readonly arrivalsBySecond = new Map<number, number>();
  private notStarted = 0;
  private stopsWaiting = 0;
  private lastGrant = false;
  private finished = false;
  private readonly held_: HeldGrants = {
    grantedThrough: 0,
    lastUserId: 0,
    lastGrantAt: 0,
    usersGranted: 0,
    dropsReceived: 0,
  };

  constructor(plan: Plan, options: GrantSourceOptions = {}) {
    this.now = options.now ?? Date.now;
    this.rng = options.rng ?? new Random();
    const schedule = scheduleOf(plan.load);
    this.holdsUsers = schedule.holdsUsers;
    this.mix = new SessionMix(
      schedule,
      plan.sessions.map((s) => s.weight),
    );
  }

  get done(): boolean {
    return this.finished;
  }

  /** Starts granted and not issued yet (they count against this worker's free capacity). */
  get pendingStarts(): number {
    return this.notStarted;
  }

  /**
   * What this worker holds of the grants so far, told in every quota request: a
   * controller taking over the run resumes after it (docs/FARM.md, "Several controllers").
   * The end of the latest grant window and the highest user id (epoch ms, 0: none),
   * when the last grant that started users arrived, and the totals of users granted
   * and drops received, by which a controller finds the replies that never arrived.
   */
  get held(): HeldGrants {
    return { ...this.held_ };
  }

  /** True while the schedule may still grant users: the worker keeps asking. */
  get wantsQuota(): boolean {
    return !this.lastGrant && !this.finished;
  }

  start(sink: ArrivalSink): void {
    this.sink = sink;
    if (this.stopsWaiting > 0) sink.stopUsers(this.stopsWaiting);
    this.stopsWaiting = 0;
    this.wake();
  }

  addGrant(grant: Grant): void {
    // The run's worker counts a grant's drops even when it is finished (WorkerRun.addGrant).
    this.held_.dropsReceived += grant.dropped;
    if (this.finished) return;
    if (grant.done) this.lastGrant = true;
    if (grant.stopUsers > 0) {
      if (this.sink) this.sink.stopUsers(grant.stopUsers);
      else this.stopsWaiting += grant.stopUsers;
    }
    const count = Math.max(0, Math.floor(grant.count));
    if (count > 0) {
      const h = this.held_;
      h.grantedThrough = Math.max(h.grantedThrough, grant.windowEnd);
      h.lastUserId = Math.max(h.lastUserId, grant.firstUserId + count - 1);
      h.lastGrantAt = this.now();
      h.usersGranted += count;
      const span = Math.max(0, grant.windowEnd - grant.windowStart);
      const p: Pending = {
        first: grant.firstUserId,
        count,
        start: grant.windowStart,
        span,
        phase: grant.phase,
        next: 0,
      };
      this.pending.push(p);
      this.notStarted += count;
      for (let i = 0; i < count; i++) {
        const second = Math.floor(intendedAt(p, i) / 1000);
        this.arrivalsBySecond.set(second, (this.arrivalsBySecond.get(second) ?? 0) + 1);
      }
    }
    // A new grant may be due before the armed timer: re-plan from now.
    if (this.sink) this.wake();
  }

  stop(): void {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.length = 0;
    this.notStarted = 0;
  }

  /**
   * This worker's share of the schedule in `second`: the arrivals granted to it with
   * an intended time in that second, and (closed model) the users it holds or is
   * about to start. Gauges add across workers, so the fleet's figures are the sums.
   */
  targetFor(second: number): { arrivals: number; users: number } {
    const arrivals = this.arrivalsBySecond.get(second) ?? 0;
    for (const s of this.arrivalsBySecond.keys()) if (s <= second) this.arrivalsBySecond.delete(s);
    const users = this.holdsUsers ? (this.sink?.activeUsers ?? 0) + this.notStarted : 0;
    return { arrivals, users };
  }

  private wake(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.finished || !this.sink) return;
    const now = this.now();
    let next = Infinity;
    for (const p of this.pending) {
      while (p.next < p.count) {
        const at = intendedAt(p, p.next);
        if (at > now) {
          if (at < next) next = at;
          break;
        }
        this.admit(p, at);
      }
    }
    this.dropIssued();
    if (this.pending.length === 0) {
      if (this.lastGrant) this.finished = true;
      return;
    }
    this.timer = setTimeout(() => this.wake(), Math.max(0, next - this.now()));
  }

  private admit(p: Pending, at: number): void {
    const i = p.next++;
    this.notStarted--;
    const session = this.mix.pick(p.phase, this.rng);
    this.sink!.admit({ userId: p.first + i, intendedAt: at, session });
  }

  private dropIssued(): void {
    let w = 0;
    for (const p of this.pending) if (p.next < p.count) this.pending[w++] = p;
    this.pending.length = w;
  }
}

/** Arrival i of a grant: the middle of the i-th of `count` equal slices of the window. */
function intendedAt(p: Pending, i: number): number {
  return p.start + ((i + 0.5) * p.span) / p.count;
}
