export interface ClosedStepInput {
  /** Users the schedule wants alive now (Schedule.usersAt). */
  target: number;
  /** Users alive or about to start across the fleet (ramp starts not granted yet included). */
  fleetCommitted: number;
  /** False during ramp-up: an excess there is a rounding of the ramp, not a ramp-down. */
  mayStop: boolean;
  /** The same for the asking worker. */
  workerCommitted: number;
  /** The asking worker's weight over the live workers' weights. */
  weightShare: number;
  freeCapacity: number;
  /** Users the fleet-wide maxUsers still allows (Infinity without a cap). */
  room: number;
  /** How long the fleet has been short of the target. */
  shortForMs: number;
  /** After this long short, a worker past its own share fills the rest of the shortfall. */
  borrowAfterMs: number;
}

/**
 * The closed model after ramp-up: the grant is the shortfall against the
 * target (a user that ended is replaced), and in ramp-down the excess is
 * stopped. Each worker fills or trims toward its weighted share of the
 * target; when the fleet stays short because others cannot take their share,
 * the asking worker takes the rest.
 */
export function closedStep(i: ClosedStepInput): { start: number; stop: number; short: boolean } {
  const share = i.target * i.weightShare;
  const excess = i.fleetCommitted - i.target;
  if (excess > 0) {
    if (!i.mayStop) return { start: 0, stop: 0, short: false };
    const stop = Math.min(excess, Math.max(0, i.workerCommitted - Math.floor(share)));
    return { start: 0, stop, short: false };
  }
  const short = -excess;
  if (short === 0) return { start: 0, stop: 0, short: false };
  let start = Math.max(0, Math.ceil(share) - i.workerCommitted);
  if (start === 0 && i.shortForMs >= i.borrowAfterMs) start = short;
  start = Math.max(0, Math.min(start, short, i.freeCapacity, i.room));
  return { start, stop: 0, short: true };
}
