/** A grant a worker has not finished starting: `count` starts spread evenly over [start, end) (epoch ms). */
interface OpenGrant {
  start: number;
  end: number;
  count: number;
}

/** What the allocator knows of one worker of one run. */
export class WorkerShare {
  weight: number;
  /** Arrivals this worker may take on its own account (fractional; a little below 0 after rounding up). */
  credit = 0;
  /** The allocator's credit-per-weight when `credit` was last brought up to date. */
  creditMark: number;
  lastSeen: number;
  /** Users alive on the worker at its last request. */
  active = 0;
  /** Users alive at the last request plus users granted since and not yet started: never below the truth. */
  committed = 0;
  freeCapacity = 0;
  granted = 0;
  /** The worker's totals (QuotaAsk.usersGranted, dropsReceived) once every reply sent to it arrives. */
  expectedUsers = 0;
  expectedDrops = 0;
  private grants: OpenGrant[] = [];

  constructor(
    readonly id: string,
    weight: number,
    creditMark: number,
    now: number,
  ) {
    this.weight = weight;
    this.creditMark = creditMark;
    this.lastSeen = now;
  }

  /** Brings `credit` up to date with the allocator's running credit-per-weight. */
  sync(creditPerWeight: number): void {
    this.credit += (creditPerWeight - this.creditMark) * this.weight;
    this.creditMark = creditPerWeight;
  }

  /** Records a grant; it counts as committed until its starts are due. */
  addGrant(start: number, end: number, count: number): void {
    if (count <= 0) return;
    this.grants.push({ start, end, count });
    this.committed += count;
    this.granted += count;
  }

  /**
   * The worker is gone: the starts of its grants intended after `deadBy` were never
   * made. Returns how many, and forgets its grants (so they are not counted twice).
   */
  abandon(deadBy: number): number {
    const unstarted = this.pendingAfter(deadBy);
    this.grants = [];
    this.committed = 0;
    return unstarted;
  }

  /** Starts granted to this worker that are intended after `now` (pending: the worker has not made them yet). */
  pendingAfter(now: number): number {
    let pending = 0;
    let keep = 0;
    for (const g of this.grants) {
      const left = g.count - startedBy(g, now);
      if (left > 0) {
        pending += left;
        this.grants[keep++] = g;
      }
    }
    this.grants.length = keep;
    return pending;
  }
}

/** Starts of a grant intended at or before `now` (start i at start + (i + 0.5) * span / count). */
function startedBy(g: OpenGrant, now: number): number {
  if (now < g.start) return 0;
  const span = g.end - g.start;
  if (span <= 0 || now >= g.end) return g.count;
  const started = Math.floor(((now - g.start) * g.count) / span - 0.5) + 1;
  return Math.min(g.count, Math.max(0, started));
}
