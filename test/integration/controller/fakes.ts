// Small NATS clients that speak the farm contract (docs/FARM.md) in place of the
// real worker and aggregator: enough to drive the controller from a test.
import { busNames, codecs, type BusNames } from '@loadfleet/bus';
import type { QuotaGrant, RunEnded, RunSpec, StopRun } from '@loadfleet/protocol';
import { encodeWindow, type StatsWindow } from '@loadfleet/stats';
import type { Redis } from 'ioredis';
import { connect, type NatsConnection, type Subscription } from 'nats';

export interface FakeRun {
  spec: RunSpec;
  grants: QuotaGrant[];
  stop: StopRun | null;
  asking: boolean;
}

/**
 * A worker that finds runs in the KV bucket (initial values included), asks
 * for quota every 250 ms until told done, heartbeats with its runs, and answers
 * StopRun with WorkerDone. Its users end at once: it reports 0 active users.
 */
export class FakeWorker {
  readonly runs = new Map<string, FakeRun>();
  private nc!: NatsConnection;
  private readonly names: BusNames;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly subs: Subscription[] = [];
  private stopWatch: (() => void) | null = null;
  private beating = true;

  constructor(
    readonly id: string,
    namespace: string,
    private readonly natsUrl: string,
    private readonly options: { capacity?: number; weight?: number; host?: string } = {},
  ) {
    this.names = busNames(namespace);
  }

  async start(): Promise<this> {
    this.nc = await connect({ servers: this.natsUrl, name: `fake-${this.id}` });
    const kv = await this.nc.jetstream().views.kv(this.names.runsBucket);
    const watch = await kv.watch();
    this.stopWatch = () => watch.stop();
    void (async () => {
      for await (const e of watch) {
        if (e.operation !== 'PUT') continue;
        const spec = codecs.runSpec.decode(e.value);
        if (!spec) continue;
        const known = this.runs.get(spec.runId);
        // Put again by a controller taking the run over: follow its id and token.
        if (known) known.spec = spec;
        else this.join(spec);
      }
    })();
    this.timers.push(setInterval(() => this.heartbeat(), 300));
    this.heartbeat();
    return this;
  }

  /** Stops heartbeats and quota requests, as a dead worker would. */
  silence(): void {
    this.beating = false;
    for (const r of this.runs.values()) r.asking = false;
  }

  granted(runId: string): number {
    return (this.runs.get(runId)?.grants ?? []).reduce((a, g) => a + g.count, 0);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.stopWatch?.();
    for (const s of this.subs) s.unsubscribe();
    await this.nc?.close();
  }

  private join(spec: RunSpec): void {
    const run: FakeRun = { spec, grants: [], stop: null, asking: true };
    this.runs.set(spec.runId, run);
    const s = this.names.subjects;
    this.subs.push(
      this.nc.subscribe(s.stop(spec.runId), {
        callback: (_err, m) => {
          run.stop = codecs.stopRun.decode(m.data);
          run.asking = false;
          setTimeout(() => {
            if (this.nc.isClosed()) return;
            this.nc.publish(
              s.workerDone(spec.runId),
              codecs.workerDone.encode({
                runId: spec.runId,
                workerId: this.id,
                lastSecond: 0,
                records: 0,
                droppedRecords: 0,
              }),
            );
          }, 20);
        },
      }),
    );
    const timer = setInterval(async () => {
      if (!run.asking || this.nc.isClosed()) return clearInterval(timer);
      try {
        const req = codecs.quotaRequest.encode({
          runId: spec.runId,
          workerId: this.id,
          freeCapacity: this.options.capacity ?? 100_000,
          weight: this.options.weight ?? 1,
          activeUsers: 0,
          // What it holds of its grants, as a real worker tells it (GrantArrivalSource.held).
          ...held(run.grants),
        });
        const reply = await this.nc.request(s.quota(spec.runId), req, { timeout: 1000 });
        const g = codecs.quotaGrant.decode(reply.data);
        if (!g) return;
        run.grants.push(g);
        if (g.done) run.asking = false;
      } catch {
        // no controller answering (yet): ask again next time
      }
    }, 250);
    this.timers.push(timer);
  }

  private heartbeat(): void {
    if (!this.beating || this.nc.isClosed()) return;
    this.nc.publish(
      this.names.subjects.workerHeartbeat,
      codecs.workerHeartbeat.encode({
        workerId: this.id,
        host: this.options.host ?? 'fake-host',
        pid: process.pid,
        capacity: this.options.capacity ?? 100_000,
        activeUsers: 0,
        weight: this.options.weight ?? 1,
        cpuPct: 1,
        rssBytes: 1e8,
        loopDelayP99Ms: 1,
        openSockets: 0,
        openFilesLimit: 65_536,
        bufferedRecords: 0,
        droppedRecords: 0,
        runs: [...this.runs.values()]
          .filter((r) => !r.stop)
          .map((r) => ({ runId: r.spec.runId, activeUsers: 0, openSockets: 0 })),
        sentAt: Date.now(),
        capacityLimit: 'configured',
      }),
    );
  }
}

/**
 * An aggregator that, on RunEnded, stores a small report in Redis and says so
 * on reportReady; it can also publish LiveRollups.
 */
export class FakeAggregator {
  readonly ended: RunEnded[] = [];
  private nc!: NatsConnection;
  private readonly names: BusNames;
  answer = true;

  constructor(
    namespace: string,
    private readonly natsUrl: string,
    private readonly redis: Redis,
    /** Builds the stored report.json (default: a stub with the run's id, state and workers). */
    private readonly buildJson?: (e: RunEnded) => Promise<object>,
  ) {
    this.names = busNames(namespace);
  }

  async start(): Promise<this> {
    this.nc = await connect({ servers: this.natsUrl, name: 'fake-aggregator' });
    this.nc.subscribe(this.names.subjects.anyEnded, {
      queue: this.names.aggregatorQueue,
      callback: (_err, m) => {
        const e = codecs.runEnded.decode(m.data);
        if (!e) return;
        this.ended.push(e);
        if (this.answer) void this.writeReport(e);
      },
    });
    await this.nc.flush();
    return this;
  }

  async rollup(runId: string, w: StatsWindow): Promise<void> {
    this.nc.publish(
      this.names.subjects.live(runId),
      codecs.liveRollup.encode({ runId, second: w.second, window: encodeWindow(w), sources: 1 }),
    );
    await this.nc.flush();
  }

  async close(): Promise<void> {
    await this.nc?.close();
  }

  private async writeReport(e: RunEnded): Promise<void> {
    const report = this.buildJson
      ? await this.buildJson(e)
      : { run: { id: e.runId, state: e.state, stopReason: e.stopReason || null }, exitCode: 0, workers: e.workers };
    await this.redis.set(this.names.redis.reportJson(e.runId), JSON.stringify(report));
    await this.redis.set(this.names.redis.reportHtml(e.runId), `<!doctype html><title>${e.runId}</title>`);
    this.nc.publish(this.names.subjects.reportReady(e.runId), new Uint8Array(0));
  }
}

/** Polls `fn` until it returns a truthy value (or throws after `ms`). */
export async function eventually<T>(
  fn: () => T | Promise<T>,
  ms = 15_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A worker's account of its grants (GrantArrivalSource.held): for a controller taking the run over. */
function held(grants: readonly QuotaGrant[]) {
  const h = { grantedThrough: 0, lastUserId: 0, lastGrantAt: 0, usersGranted: 0, dropsReceived: 0 };
  for (const g of grants) {
    h.dropsReceived += g.dropped;
    if (g.count === 0) continue;
    h.usersGranted += g.count;
    h.grantedThrough = Math.max(h.grantedThrough, g.windowEnd);
    h.lastUserId = Math.max(h.lastUserId, g.firstUserId + g.count - 1);
  }
  return h;
}
