import type { ClosedLoad } from './load-model.js';
import type { PeakUsers, PhaseSpanMs, PlannedArrival, Schedule } from './schedule.js';

/**
 * The closed model: a number of users held, ramping up linearly, holding, then
 * ramping down. During the ramp-up the k-th user (from 0) is due at
 * k * rampUp / users, so one is due at once. A user that ends is replaced
 * (sources do that, by usersAt), so only the ramp-up's starts are planned.
 */
export class ClosedUsers implements Schedule {
  readonly lengthMs: number;
  readonly plannedUntilMs: number;
  readonly holdsUsers = true;
  readonly phaseCount = 0;
  readonly maxUsers: number;

  constructor(readonly load: ClosedLoad) {
    this.lengthMs = load.rampUpMs + load.holdMs + load.rampDownMs;
    this.plannedUntilMs = load.rampUpMs;
    this.maxUsers = load.maxUsers;
  }

  arrivalsBetween(): null {
    return null;
  }

  rateAt(): null {
    return null;
  }

  usersAt(ms: number): number {
    const { users, rampUpMs, holdMs, rampDownMs } = this.load;
    if (ms < 0) return 0;
    if (ms < rampUpMs) return Math.min(users, Math.floor((users * ms) / rampUpMs) + 1);
    if (ms < rampUpMs + holdMs) return users;
    const down = ms - rampUpMs - holdMs;
    if (down < rampDownMs) return Math.ceil(users * (1 - down / rampDownMs));
    return 0;
  }

  peakUsers(): PeakUsers {
    return { users: this.load.users, field: 'users', how: 'load.users' };
  }

  plannedUsers(): number {
    return this.load.users;
  }

  phaseAt(ms: number): string {
    const { rampUpMs, holdMs } = this.load;
    if (ms < rampUpMs) return 'ramp-up';
    if (ms < rampUpMs + holdMs) return 'hold';
    return ms < this.lengthMs ? 'ramp-down' : 'drain';
  }

  phases(): PhaseSpanMs[] {
    const { rampUpMs, holdMs, rampDownMs } = this.load;
    const spans: PhaseSpanMs[] = [];
    let at = 0;
    for (const [name, ms] of [
      ['ramp-up', rampUpMs],
      ['hold', holdMs],
      ['ramp-down', rampDownMs],
    ] as const) {
      if (ms > 0) spans.push({ name, fromMs: at, toMs: at + ms });
      at += ms;
    }
    return spans;
  }

  plannedArrivals(): () => PlannedArrival | null {
    let k = 0;
    return () => (k < this.load.users ? { atMs: this.rampUpStartMs(k++), phase: -1 } : null);
  }

  sessionWeights(): null {
    return null;
  }

  /** Offset (ms) at which ramp-up start number k (0-based) is intended. */
  rampUpStartMs(k: number): number {
    return this.load.rampUpMs === 0 ? 0 : (k * this.load.rampUpMs) / this.load.users;
  }
}
