import { arrivalRateAt, cumulativeArrivals, type OpenLoad } from '@loadfleet/scenario';
import { Random } from '../random.js';

/**
 * The open model's schedule: arrivals at a rate that is constant or ramps
 * linearly within each phase. Arrival k happens where the cumulative intended
 * count N(t) reaches k (uniform) or the k-th sum of unit exponentials (Poisson,
 * a non-homogeneous Poisson process by time change). Times are offsets in ms
 * from the run's start, computed from that absolute start so they never drift.
 */
export class RampingArrivalRate {
  private readonly phaseStartMs: number[] = [];
  private readonly phaseStartCount: number[] = [];
  readonly totalMs: number;
  readonly totalArrivals: number;
  private phase = 0;
  private cumulative = 0;

  constructor(
    private readonly load: OpenLoad,
    private readonly rng: Random = new Random(),
  ) {
    let ms = 0;
    let count = 0;
    for (const p of load.phases) {
      this.phaseStartMs.push(ms);
      this.phaseStartCount.push(count);
      ms += p.durationMs;
      count += ((p.fromRate + p.toRate) / 2) * (p.durationMs / 1000);
    }
    this.totalMs = ms;
    this.totalArrivals = count;
  }

  /** Offset (ms) of the next arrival and the phase it falls in, or null when the schedule is over. */
  next(): { atMs: number; phase: number } | null {
    const target = this.cumulative;
    this.cumulative += this.load.arrivals === 'poisson' ? this.rng.exponential() : 1;
    while (this.phase < this.load.phases.length) {
      const i = this.phase;
      const end = i + 1 < this.phaseStartCount.length ? this.phaseStartCount[i + 1]! : this.totalArrivals;
      if (target < end - 1e-9) {
        const atMs = this.phaseStartMs[i]! + this.solveWithinPhase(i, target - this.phaseStartCount[i]!);
        return { atMs, phase: i };
      }
      this.phase++;
    }
    return null;
  }

  /** Intended cumulative arrivals by offset `ms`. */
  cumulativeAt(ms: number): number {
    return cumulativeArrivals(this.load, ms);
  }

  /** Rate (users/s) intended at offset `ms`. */
  rateAt(ms: number): number {
    return arrivalRateAt(this.load, ms);
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
