/**
 * A quota grant as both ends of the farm handle it: a QuotaGrant
 * (proto/control.proto) without its run id. Times are epoch ms.
 */
export interface Grant {
  /** Users firstUserId .. firstUserId + count - 1 start, spread evenly over [windowStart, windowEnd). */
  firstUserId: number;
  count: number;
  windowStart: number;
  windowEnd: number;
  /** Open-model phase of the window (per-phase session mix), -1 for none. */
  phase: number;
  /** The schedule is over after this grant: ask no more. */
  done: boolean;
  /** Closed model ramp-down: users to stop now. */
  stopUsers: number;
  /** Arrivals dropped since the last grant that carried drops: the receiving worker counts them. */
  dropped: number;
}
