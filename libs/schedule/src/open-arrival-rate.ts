import type { OpenLoad } from './load-model.js';
import type { ArrivalRandom, PeakUsers, PhaseSpanMs, PlannedArrival, Schedule } from './schedule.js';

/**
 * The open model: arrivals at a rate that is constant or ramps linearly within
 * each phase. Arrival k happens where the cumulative intended count N(t) reaches
 * k (uniform) or the k-th sum of unit exponentials (Poisson, a non-homogeneous
 * Poisson process by time change).
 */
export class OpenArrivalRate implements Schedule {
  readonly lengthMs: number;
  readonly plannedUntilMs: number;
  readonly holdsUsers = false;
  readonly maxUsers: number;
  readonly phaseCount: number;
  /** Offset (ms) and cumulative arrivals at each phase's start, with the schedule's end last. */
  private readonly startMs: number[] = [];
  private readonly startCount: number[] = [];

  constructor(readonly load: OpenLoad) {
    let ms = 0;
    let count = 0;
    for (const p of load.phases) {
      this.startMs.push(ms);
      this.startCount.push(count);
      ms += p.durationMs;
      count += ((p.fromRate + p.toRate) / 2) * (p.durationMs / 1000);
    }
    this.startMs.push(ms);
    this.startCount.push(count);
    this.lengthMs = ms;
    this.plannedUntilMs = ms;
    this.maxUsers = load.maxUsers;
    this.phaseCount = load.phases.length;
  }

  /** Every arrival of the schedule (not rounded). */
  get totalArrivals(): number {
    return this.startCount[this.startCount.length - 1]!;
  }

  arrivalsBetween(fromMs: number, toMs: number): number {
    return this.cumulativeAt(toMs) - this.cumulativeAt(Math.max(0, fromMs));
  }

  /** Intended arrivals from the start up to `ms`: the integral of the rate, the one place it is written. */
  cumulativeAt(ms: number): number {
    const phases = this.load.phases;
    for (let i = 0; i < phases.length; i++) {
      const p = phases[i]!;
      const start = this.startMs[i]!;
      if (ms < start + p.durationMs) {
        if (ms <= start) return this.startCount[i]!;
        const t = (ms - start) / 1000;
        const slope = (p.toRate - p.fromRate) / (p.durationMs / 1000);
        return this.startCount[i]! + p.fromRate * t + (slope * t * t) / 2;
      }
    }
    return this.totalArrivals;
  }

  rateAt(ms: number): number {
    const i = ms < 0 ? -1 : this.phaseIndexAt(ms);
    if (i < 0) return 0;
    const p = this.load.phases[i]!;
    return p.fromRate + ((p.toRate - p.fromRate) * (ms - this.startMs[i]!)) / p.durationMs;
  }

  usersAt(): null {
    return null;
  }

  /**
   * By Little's law, the peak arrival rate times the mean session time, at most
   * every arrival of the schedule and at most `maxUsers`.
   */
  peakUsers(meanSessionMs: number): PeakUsers {
    const peakRate = Math.max(0, ...this.load.phases.map((p) => Math.max(p.fromRate, p.toRate)));
    const little = peakRate * (meanSessionMs / 1000);
    const users = Math.max(0, Math.ceil(Math.min(this.totalArrivals, little)));
    if (this.maxUsers > 0 && this.maxUsers < users)
      return { users: this.maxUsers, field: 'maxUsers', how: 'load.maxUsers' };
    const how =
      little > this.totalArrivals
        ? 'every arrival of the schedule'
        : `peak rate ${peakRate}/s × mean session ${Math.round(meanSessionMs)} ms`;
    return { users, field: this.maxUsers > 0 ? 'maxUsers' : 'phases', how };
  }

  plannedUsers(): number {
    return Math.round(this.totalArrivals);
  }

  phaseAt(ms: number): string {
    const i = this.phaseIndexAt(ms);
    return i < 0 ? 'drain' : this.load.phases[i]!.name;
  }

  phases(): PhaseSpanMs[] {
    return this.load.phases.map((p, i) => ({ name: p.name, fromMs: this.startMs[i]!, toMs: this.startMs[i + 1]! }));
  }

  plannedArrivals(rng: ArrivalRandom): () => PlannedArrival | null {
    const poisson = this.load.arrivals === 'poisson';
    const phases = this.load.phases.length;
    let phase = 0;
    let cumulative = 0;
    return () => {
      const target = cumulative;
      cumulative += poisson ? rng.exponential() : 1;
      while (phase < phases) {
        if (target < this.startCount[phase + 1]! - 1e-9) {
          const atMs = this.startMs[phase]! + this.solveWithinPhase(phase, target - this.startCount[phase]!);
          return { atMs, phase };
        }
        phase++;
      }
      return null;
    };
  }

  sessionWeights(phase: number): readonly number[] | null {
    return this.load.phases[phase]?.sessionWeights ?? null;
  }

  /** Index of the phase at `ms` (the first one before the start), -1 after the end. */
  private phaseIndexAt(ms: number): number {
    for (let i = 0; i < this.load.phases.length; i++) if (ms < this.startMs[i + 1]!) return i;
    return -1;
  }

  /** Time (ms into phase i) at which the phase's own cumulative count reaches c. */
  private solveWithinPhase(i: number, c: number): number {
    const p = this.load.phases[i]!;
    const T = p.durationMs / 1000;
    const r0 = p.fromRate;
    const a = (p.toRate - r0) / T;
    let t: number;
    if (Math.abs(a) < 1e-12) t = c / r0;
    else t = (-r0 + Math.sqrt(Math.max(0, r0 * r0 + 2 * a * c))) / a;
    return Math.min(Math.max(t, 0), T) * 1000;
  }
}
