import { QUOTA_INTERVAL_MS, QUOTA_TIMEOUT_MS, codecs, type BusNames } from '@loadfleet/bus';
import type { Logger } from '@loadfleet/log';
import { splitFreeCapacity } from '@loadfleet/capacity';
import { freeCapacity, type WorkerRun } from '@loadfleet/worker';
import type { NatsConnection } from 'nats';

export interface QuotaPullerOptions {
  nc: NatsConnection;
  names: BusNames;
  workerId: string;
  weight: number;
  capacity: number;
  log: Logger;
}

/**
 * Pulls quota for every run that still wants it: one QuotaRequest per run every
 * interval, at most one in flight per run. No controller answering (no
 * responders, a timeout) is normal before a run starts or while a controller
 * restarts: the run asks again at the next interval.
 */
export class QuotaPuller {
  /** Run id → the free capacity its request in flight offered. */
  private readonly asking = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private badGrants = 0;
  private staleGrants = 0;

  constructor(
    private readonly o: QuotaPullerOptions,
    /** The runs of this worker; `paused` ones (their KV entry is gone) do not ask. */
    private readonly runs: () => Iterable<{ run: WorkerRun; paused: boolean }>,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.pull(), QUOTA_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private pull(): void {
    const all = [...this.runs()];
    const askers = all.filter(({ run, paused }) => !paused && run.wantsQuota && !this.asking.has(run.runId));
    // A request in flight may still be granted all it offered, and several runs ask at once: split what is left.
    let offered = 0;
    for (const o of this.asking.values()) offered += o;
    const free = freeCapacity(
      this.o.capacity,
      all.map((h) => h.run),
    );
    const shares = splitFreeCapacity(free - offered, askers.length);
    for (const [i, { run }] of askers.entries()) {
      const offer = shares[i]!;
      this.asking.set(run.runId, offer);
      const request = codecs.quotaRequest.encode({
        runId: run.runId,
        workerId: this.o.workerId,
        freeCapacity: offer,
        weight: this.o.weight,
        // Users whose connection is still closing count: the closed model never holds more than `users`.
        activeUsers: run.usersHeld,
        pendingStarts: run.pendingStarts,
        // For a controller that takes the run over: where the grants this worker holds end.
        ...run.source.held,
      });
      this.o.nc.request(this.o.names.subjects.quota(run.runId), request, { timeout: QUOTA_TIMEOUT_MS }).then(
        (msg) => {
          this.asking.delete(run.runId);
          const grant = codecs.quotaGrant.decode(msg.data);
          if (grant === null || grant.runId !== run.runId) {
            this.badGrants++;
            this.o.log.warn({ runId: run.runId, badGrants: this.badGrants }, 'unreadable QuotaGrant: ignored');
            return;
          }
          if (!run.addGrant(grant, grant.fence)) {
            this.staleGrants++;
            this.o.log.warn(
              { runId: run.runId, fence: grant.fence, highest: run.fence.token, staleGrants: this.staleGrants },
              'grant from a replaced leader refused (its fencing token is lower than one already seen)',
            );
          }
        },
        (err: Error) => {
          this.asking.delete(run.runId);
          if (this.failures++ % 40 === 0)
            this.o.log.debug({ runId: run.runId, err: err.message }, 'quota request failed');
        },
      );
    }
  }
}
