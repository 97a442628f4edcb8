import { closedUsersAt, scheduleLengthMs, type ClosedLoad } from '@loadfleet/scenario';

/**
 * The closed model's schedule: the number of users that should be alive at
 * offset `ms`, ramping up linearly, holding, then ramping down.
 */
export class ClosedUsers {
  readonly totalMs: number;

  constructor(private readonly load: ClosedLoad) {
    this.totalMs = scheduleLengthMs(load);
  }

  usersAt(ms: number): number {
    return closedUsersAt(this.load, ms);
  }

  /** Offset (ms) at which ramp-up start number k (0-based) is intended. */
  rampUpStartMs(k: number): number {
    return this.load.rampUpMs === 0 ? 0 : (k * this.load.rampUpMs) / this.load.users;
  }
}
