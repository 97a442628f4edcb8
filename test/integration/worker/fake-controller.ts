// A stand-in for the controller that speaks docs/FARM.md and nothing more: puts RunSpecs into the
// KV bucket, paces arrivals at a constant rate with quota grants, heartbeats, stops runs, and
// collects what workers send. The real controller replaces it in the end-to-end test.
import { codecs, type BusNames } from '@loadfleet/bus';
import type { QuotaRequest, WorkerDone, WorkerHeartbeat } from '@loadfleet/protocol';
import { PLAN_VERSION, type Plan } from '@loadfleet/scenario';
import type { KV, NatsConnection, Subscription } from 'nats';

/** The lead of docs/FARM.md, "Pacing": grants reach this far ahead of now. */
const LEAD_MS = 1000;

export interface Pacing {
  users: number;
  /** Arrivals per second, evenly spaced from startAt. */
  rate: number;
}

export class FakeController {
  readonly done: WorkerDone[] = [];
  readonly heartbeats: WorkerHeartbeat[] = [];
  readonly requests: QuotaRequest[] = [];
  /** Users granted so far, per run. */
  readonly granted = new Map<string, number>();
  private kv: KV | null = null;
  private readonly subs: Subscription[] = [];
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    readonly nc: NatsConnection,
    readonly names: BusNames,
    readonly id = 'fake-controller',
  ) {}

  async start({ heartbeat = true } = {}): Promise<void> {
    this.kv = await this.nc.jetstream().views.kv(this.names.runsBucket, { history: 1 });
    this.subs.push(
      this.nc.subscribe(this.names.subjects.workerHeartbeat, {
        callback: (_e, m) => this.heartbeats.push(codecs.workerHeartbeat.decode(m.data)!),
      }),
    );
    if (heartbeat) {
      const beat = () => this.nc.publish(this.names.subjects.controllerHeartbeat, new TextEncoder().encode(this.id));
      beat();
      this.heartbeat = setInterval(beat, 1000);
    }
  }

  /** Puts the RunSpec into the KV bucket and answers the run's quota requests at the given pace. */
  async putRun(
    runId: string,
    plan: Plan,
    pacing: Pacing,
    opts: { startAt?: number; ownerTimeoutMs?: number } = {},
  ): Promise<number> {
    const startAt = opts.startAt ?? Date.now() + 1000;
    this.subs.push(
      this.nc.subscribe(this.names.subjects.workerDone(runId), {
        callback: (_e, m) => this.done.push(codecs.workerDone.decode(m.data)!),
      }),
    );
    let cursor = 0;
    const spacing = 1000 / pacing.rate;
    this.subs.push(
      this.nc.subscribe(this.names.subjects.quota(runId), {
        callback: (_e, m) => {
          const req = codecs.quotaRequest.decode(m.data)!;
          this.requests.push(req);
          // Arrivals intended up to now + LEAD, at most the worker's free capacity.
          const due = Math.min(pacing.users, Math.floor((Date.now() + LEAD_MS - startAt) / spacing));
          const count = Math.max(0, Math.min(due - cursor, req.freeCapacity));
          const first = cursor + 1;
          cursor += count;
          this.granted.set(runId, cursor);
          m.respond(
            codecs.quotaGrant.encode({
              runId,
              firstUserId: first,
              count,
              windowStart: startAt + (first - 1) * spacing,
              windowEnd: startAt + cursor * spacing,
              phase: 0,
              done: cursor >= pacing.users,
            }),
          );
        },
      }),
    );
    await this.kv!.put(
      runId,
      codecs.runSpec.encode({
        runId,
        planJson: JSON.stringify(plan),
        planVersion: PLAN_VERSION,
        startAt,
        controllerId: this.id,
        ownerTimeoutMs: opts.ownerTimeoutMs ?? 15_000,
      }),
    );
    return startAt;
  }

  /** The controller's end of a run: the KV entry deleted, then StopRun. */
  async stopRun(runId: string, graceMs = 0, reason = 'test over'): Promise<void> {
    await this.kv!.delete(runId);
    this.nc.publish(this.names.subjects.stop(runId), codecs.stopRun.encode({ runId, reason, graceMs }));
  }

  lastHeartbeat(workerId: string): WorkerHeartbeat | undefined {
    return this.heartbeats.filter((h) => h.workerId === workerId).at(-1);
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.subs) s.unsubscribe();
  }
}

/** Polls `cond` every 50 ms until it holds, or fails with `what` after `ms`. */
export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
