/** A run as the owner watch sees it: who owns it, how much silence it tolerates, since when it is here. */
export interface OwnedRun {
  readonly runId: string;
  readonly controllerId: string;
  readonly ownerTimeoutMs: number;
  /** When this worker took the run: silence is counted from here at the latest. */
  readonly joinedAt: number;
}

/**
 * Tracks controller heartbeats and names the runs whose controller has been
 * silent longer than the run allows (docs/FARM.md, "Liveness"): no load is left
 * generating without an owner. A heartbeat with an empty id vouches for every
 * controller.
 */
export class OwnerWatch {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  heartbeat(controllerId: string): void {
    this.seen.set(controllerId, this.now());
  }

  /** Ms since the run's owner was last heard of (or since the run was joined). */
  silenceOf(run: OwnedRun): number {
    const last = Math.max(this.seen.get(run.controllerId) ?? 0, this.seen.get('') ?? 0, run.joinedAt);
    return this.now() - last;
  }

  /** The runs whose owner is silent for longer than their owner timeout. */
  orphans<R extends OwnedRun>(runs: Iterable<R>): R[] {
    const out: R[] = [];
    for (const r of runs) if (this.silenceOf(r) > r.ownerTimeoutMs) out.push(r);
    return out;
  }
}
