import { cumulativeWeights, type Random } from './random.js';
import type { Schedule } from './schedule.js';

/** Picks the session of each arrival: by its phase's mix, or by the sessions' own weights. */
export class SessionMix {
  private readonly byPhase: number[][];
  private readonly base: number[];

  constructor(schedule: Schedule, sessionWeights: readonly number[]) {
    this.base = cumulativeWeights(sessionWeights);
    this.byPhase = [];
    for (let phase = 0; phase < schedule.phaseCount; phase++) {
      const w = schedule.sessionWeights(phase);
      this.byPhase.push(w === null ? this.base : cumulativeWeights(w));
    }
  }

  /** Index into Plan.sessions for an arrival of `phase` (-1: none). */
  pick(phase: number, rng: Random): number {
    const pick = this.byPhase[phase] ?? this.base;
    return pick.length === 1 ? 0 : rng.pick(pick);
  }
}
