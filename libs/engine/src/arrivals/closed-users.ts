import type { ClosedLoad } from '@loadfleet/scenario';

/**
 * The closed model's schedule: the number of users that should be alive at
 * offset `ms`, ramping up linearly, holding, then ramping down.
 */
export class ClosedUsers {
  readonly totalMs: number;

  constructor(private readonly load: ClosedLoad) {
    this.totalMs = load.rampUpMs + load.holdMs + load.rampDownMs;
  }

  usersAt(ms: number): number {
    const { users, rampUpMs, holdMs, rampDownMs } = this.load;
    if (ms < 0) return 0;
    if (ms < rampUpMs) return Math.floor((users * ms) / rampUpMs) + 1;
    if (ms < rampUpMs + holdMs) return users;
    const down = ms - rampUpMs - holdMs;
    if (down < rampDownMs) return Math.ceil(users * (1 - down / rampDownMs));
    return 0;
  }

  /** Offset (ms) at which ramp-up start number k (0-based) is intended. */
  rampUpStartMs(k: number): number {
    return this.load.rampUpMs === 0 ? 0 : (k * this.load.rampUpMs) / this.load.users;
  }
}
