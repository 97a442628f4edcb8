import { Random, cumulativeWeights, type SpawnTarget, type TokenSource } from '@loadfleet/engine';
import type { Grant } from '@loadfleet/bus';
import type { Plan } from '@loadfleet/scenario';

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

/**
 * The farm's TokenSource: spawn tokens come from the controller's quota grants.
 * Each grant's starts are spread evenly over its window (start i at
 * windowStart + (i + 0.5) * span / count, docs/FARM.md §4), never in a burst, and
 * that instant is the token's intended time, so lateness is measured against it.
 * One timer drives every pending grant.
 */
export class GrantTokenSource implements TokenSource {
  private target: SpawnTarget | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly rng: Random;
  private readonly sessionPick: number[][];
  /** The sessions' own weights: for phase -1 (closed model, or no phase). */
  private readonly basePick: number[];
  private readonly closedModel: boolean;
  private readonly pending: Pending[] = [];
  /** Intended arrivals per epoch second, for the arrivals-target gauge. */
  private readonly arrivalsBySecond = new Map<number, number>();
  private notStarted = 0;
  private stopsWaiting = 0;
  private lastGrant = false;
  private finished = false;

  constructor(plan: Plan, options: GrantSourceOptions = {}) {
    this.now = options.now ?? Date.now;
    this.rng = options.rng ?? new Random();
    const base = cumulativeWeights(plan.sessions.map((s) => s.weight));
    const load = plan.load;
    this.closedModel = load.model === 'closed';
    this.basePick = base;
    this.sessionPick =
      load.model === 'open'
        ? load.phases.map((p) => (p.sessionWeights ? cumulativeWeights(p.sessionWeights) : base))
        : [];
  }

  get done(): boolean {
    return this.finished;
  }

  /** Starts granted and not issued yet (they count against this worker's free capacity). */
  get pendingStarts(): number {
    return this.notStarted;
  }

  /** True while the schedule may still grant users: the worker keeps asking. */
  get wantsQuota(): boolean {
    return !this.lastGrant && !this.finished;
  }

  start(target: SpawnTarget): void {
    this.target = target;
    if (this.stopsWaiting > 0) target.stopUsers(this.stopsWaiting);
    this.stopsWaiting = 0;
    this.wake();
  }

  addGrant(grant: Grant): void {
    if (this.finished) return;
    if (grant.done) this.lastGrant = true;
    if (grant.stopUsers > 0) {
      if (this.target) this.target.stopUsers(grant.stopUsers);
      else this.stopsWaiting += grant.stopUsers;
    }
    const count = Math.max(0, Math.floor(grant.count));
    if (count > 0) {
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
    if (this.target) this.wake();
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
    const users = this.closedModel ? (this.target?.activeUsers ?? 0) + this.notStarted : 0;
    return { arrivals, users };
  }

  private wake(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.finished || !this.target) return;
    const now = this.now();
    let next = Infinity;
    for (const p of this.pending) {
      while (p.next < p.count) {
        const at = intendedAt(p, p.next);
        if (at > now) {
          if (at < next) next = at;
          break;
        }
        this.spawn(p, at);
      }
    }
    this.dropIssued();
    if (this.pending.length === 0) {
      if (this.lastGrant) this.finished = true;
      return;
    }
    this.timer = setTimeout(() => this.wake(), Math.max(0, next - this.now()));
  }

  private spawn(p: Pending, at: number): void {
    const i = p.next++;
    this.notStarted--;
    const pick = this.sessionPick[p.phase] ?? this.basePick;
    const session = pick.length === 1 ? 0 : this.rng.pick(pick);
    this.target!.spawn({ userId: p.first + i, intendedAt: at, session });
  }

  private dropIssued(): void {
    let w = 0;
    for (const p of this.pending) if (p.next < p.count) this.pending[w++] = p;
    this.pending.length = w;
  }
}

/** Start i of a grant: the middle of the i-th of `count` equal slices of the window. */
function intendedAt(p: Pending, i: number): number {
  return p.start + ((i + 0.5) * p.span) / p.count;
}
