import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { busNames, codecs, type BusNames } from '@loadfleet/bus';
import { StartupError, causeOf, natsConnectOptions, redisConnectOptions, whereOf } from '@loadfleet/config';
import {
  ControllerMetrics,
  DEFAULT_TIMINGS,
  FarmRun,
  LeaseKeeper,
  LiveHub,
  RunsApi,
  WorkerRegistry,
  endOrphanedRuns,
  type CapacityLimits,
  type FarmRunTimings,
  type RunRecord,
  type TargetAllowlist,
  type TokenAuth,
} from '@loadfleet/controller';
import type { Logger } from '@loadfleet/log';
import type { Plan } from '@loadfleet/scenario';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { connect, type NatsConnection, type Subscription } from 'nats';
import { RoomPanels, SessionStore } from '@loadfleet/console';
import { bindHttp } from './bind.js';
import { Leadership } from './leadership.js';
import { NatsLeaseStore } from './nats-lease.js';
import { registerConsole } from './console/console-routes.js';
import { ConsoleLiveStreams } from './console/live-console.js';
import { attachRoomSockets } from './console/room-socket.js';
import { FleetWatch } from './fleet.js';
import { LiveStreams } from './http/live-stream.js';
import { registerRoutes } from './http/routes.js';
import { createServer } from './http/server.js';
import { NatsRunBus } from './nats-bus.js';
import { NatsLinkWatch } from './nats-watch.js';
import { OutageLog } from './outage-log.js';
import { RedisRunStore } from './redis-run-store.js';
import { RunQueue } from './run-queue.js';

export interface ControllerOptions {
  host: string;
  port: number;
  namespace: string;
  redisUrl: string;
  natsUrl: string;
  auth: TokenAuth;
  allowlist: TargetAllowlist;
  /** Runs needing more users than this are refused (422); default: no cap, 2× the live workers' capacity. */
  limits?: CapacityLimits;
  maxConcurrentRuns: number;
  bodyLimit: number;
  /** How long a console sign-in lasts (default 12 h). */
  sessionTtlMs?: number;
  /** Mark the console's session cookie Secure (it is reached over https, e.g. behind a TLS proxy). */
  secureCookies?: boolean;
  timings: Partial<FarmRunTimings>;
  /** Leadership lease (docs/FARM.md, "Several controllers"): a follower takes over once it has not changed for this long (default 5 s). */
  leaseTtlMs?: number;
  /** The API's port, already bound (bindHttp); else `start()` binds host:port first. */
  server?: Server;
  log: Logger;
}

/**
 * The controller process: Redis (run records, BullMQ queue), NATS (the run
 * control plane, heartbeats), the HTTP API. Any number may run on one namespace:
 * each serves the API (reads, and submits into the shared queue); the one that
 * holds the lease leads — it takes over the runs in progress (resuming their
 * schedules), then takes runs from the queue. `start()` binds the port first, so
 * a controller that cannot serve never touches a run.
 */
export class Controller {
  readonly id = `ctl-${randomUUID().slice(0, 8)}`;
  readonly names: BusNames;
  private readonly registry = new WorkerRegistry();
  private readonly hub = new LiveHub();
  private readonly metrics = new ControllerMetrics();
  private readonly active = new Map<string, FarmRun>();
  private readonly streams = new LiveStreams();
  private consoleStreams: ConsoleLiveStreams | null = null;
  private readonly panels = new RoomPanels();
  private roomSockets: { close(): void } | null = null;
  private redis!: Redis;
  private nc!: NatsConnection;
  private bus!: NatsRunBus;
  private store!: RedisRunStore;
  private queue!: RunQueue;
  private fleet: FleetWatch | null = null;
  private leadership: Leadership | null = null;
  private stopSub: Subscription | null = null;
  private httpServer: Server | null = null;
  private app!: FastifyInstance;
  private closing: Promise<void> | null = null;
  port = 0;

  private constructor(private readonly o: ControllerOptions) {
    this.names = busNames(o.namespace);
  }

  static async start(o: ControllerOptions): Promise<Controller> {
    // Before anything else: a port in use is said in one line (exit 2), and no run is touched.
    const server = o.server ?? (await bindHttp(o.host, o.port));
    const c = new Controller(o);
    c.httpServer = server;
    try {
      await c.init();
    } catch (err) {
      await c.close().catch(() => {});
      throw err;
    }
    return c;
  }

  /** True while this controller leads (holds the lease). */
  get isLeader(): boolean {
    return this.leadership?.isLeader ?? false;
  }

  get url(): string {
    return `http://${this.o.host.includes(':') ? `[${this.o.host}]` : this.o.host}:${this.port}`;
  }

  private async init(): Promise<void> {
    const log = this.o.log;
    // Credentials and TLS come from the environment (libs/config), the URLs from the options.
    const env = { ...process.env, REDIS_URL: this.o.redisUrl, NATS_URL: this.o.natsUrl };
    const r = redisConnectOptions(env);
    this.redis = new Redis(r.url, { ...r.options, maxRetriesPerRequest: 2, lazyConnect: true });
    // Start-up: an unreachable Redis or NATS is one line saying which and where (StartupError, exit 2).
    let redisError: unknown = null;
    const firstError = (err: unknown) => void (redisError ??= err);
    this.redis.on('error', firstError);
    try {
      await this.redis.connect();
    } catch (err) {
      throw new StartupError(`cannot reach Redis at ${whereOf(this.o.redisUrl)}: ${causeOf(redisError ?? err)}`, {
        cause: err,
      });
    }
    this.redis.off('error', firstError);
    const redisOutage = new OutageLog(log, 'redis');
    this.redis.on('error', (err) => redisOutage.error(err));
    this.redis.on('ready', () => redisOutage.back());
    try {
      this.nc = await connect({ ...(await natsConnectOptions(env)), name: `loadfleet-${this.id}` });
    } catch (err) {
      throw new StartupError(`cannot reach NATS at ${whereOf(this.o.natsUrl)}: ${causeOf(err)}`, { cause: err });
    }
    const kv = await this.nc.jetstream().views.kv(this.names.runsBucket);
    const leaseKv = await this.nc.jetstream().views.kv(this.names.leaderBucket, { history: 1 });
    const keeper = new LeaseKeeper(new NatsLeaseStore(leaseKv, this.names.leaseKey), {
      holder: this.id,
      ttlMs: this.o.leaseTtlMs ?? 5000,
    });
    this.bus = new NatsRunBus(this.nc, kv, this.names, this.metrics, log, () => keeper.lastToken);
    this.store = new RedisRunStore(this.redis, this.names);
    this.fleet = new FleetWatch(this.nc, this.names, this.registry, this.id, this.metrics, log);
    new NatsLinkWatch(
      this.nc,
      {
        down: () => this.registry.pause(),
        up: (from, to) => {
          this.registry.resume(to);
          this.leadership?.linkBack();
          for (const run of this.active.values()) run.busOutage(from, to);
        },
      },
      log,
    ).start();

    this.queue = new RunQueue(this.redis, this.names, log);
    this.leadership = new Leadership(
      keeper,
      { acquired: (token) => this.lead(token), lost: (reason) => this.follow(reason) },
      log,
    );

    const api = new RunsApi({
      store: this.store,
      queue: this.queue,
      reports: {
        report: (id, kind) =>
          this.redis!.get(kind === 'json' ? this.names.redis.reportJson(id) : this.names.redis.reportHtml(id)),
      },
      baselines: {
        get: (scenario) => this.redis!.get(this.names.redis.baseline(scenario)),
        set: async (scenario, runId) => {
          await this.redis!.set(this.names.redis.baseline(scenario), runId);
        },
      },
      allowlist: this.o.allowlist,
      limits: this.o.limits ?? { maxUsers: 0, capacityFactor: 2 },
      liveCapacity: () => this.registry.list().reduce((n, w) => n + (w.lost ? 0 : w.capacity), 0),
      hub: this.hub,
      metrics: this.metrics,
      active: this.active,
      forwardStop: (id, reason) => this.forwardStop(id, reason),
    });
    const sessions = new SessionStore({ ttlMs: this.o.sessionTtlMs ?? 12 * 3_600_000 });
    this.consoleStreams = new ConsoleLiveStreams({
      hub: this.hub,
      registry: this.registry,
      active: this.active,
      describe: async (id) => {
        const rec = await api.record(id);
        const plan = this.active.get(id)?.monitor.plan ?? (JSON.parse((await this.store.planJson(id)) ?? '{}') as Plan);
        return { state: rec.state, startedAt: rec.startedAt, plan };
      },
    });
    const consoleStreams = this.consoleStreams;
    this.app = createServer({
      log,
      auth: this.o.auth,
      sessions,
      metrics: this.metrics,
      bodyLimit: this.o.bodyLimit,
      ...(this.httpServer ? { server: this.httpServer } : {}),
    });
    registerConsole(this.app, {
      api,
      auth: this.o.auth,
      sessions,
      store: this.store,
      secureCookies: this.o.secureCookies ?? false,
    });
    registerRoutes(this.app, {
      consoleLive: (id, req, reply) => consoleStreams.serve(id, req, reply),
      api,
      hub: this.hub,
      streams: this.streams,
      registry: this.registry,
      metrics: this.metrics,
      snapshot: () => this.snapshot(),
      health: () => this.health(),
    });
    this.roomSockets = attachRoomSockets({
      server: this.app.server,
      auth: this.o.auth,
      sessions,
      panels: this.panels,
      allowlist: this.o.allowlist,
      active: this.active,
      log,
    });
    await this.app.ready();
    this.port = (this.app.server.address() as AddressInfo).port;
    // The first round of the lease: a controller alone on its namespace leads (and takes over the runs) before it says ready.
    await this.leadership.start();
    log.info(
      {
        controllerId: this.id,
        url: this.url,
        namespace: this.names.namespace,
        role: this.isLeader ? 'leader' : 'follower',
      },
      'controller ready',
    );
  }

  /** Took the lease under `token`: take over the runs in progress, then take runs from the queue. */
  private async lead(token: number): Promise<void> {
    const log = this.o.log;
    this.stopSub = this.nc.subscribe(this.names.subjects.stopRequest, {
      callback: (err, m) => {
        if (err) return;
        const req = codecs.stopRun.decode(m.data);
        const run = req ? this.active.get(req.runId) : undefined;
        const ok = run !== undefined && this.isLeader && !run.stopping && run.requestStop(req!.reason || undefined);
        m.respond(new TextEncoder().encode(ok ? 'ok' : ''));
      },
    });
    // The run store may be away (a Redis outage): the runs are taken over once it is back.
    for (;;) {
      try {
        await this.takeOverRuns(token);
        break;
      } catch (err) {
        if (!this.isLeader || this.closing) return;
        log.warn({ err }, 'cannot read the runs to take over; trying again');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    if (this.isLeader && !this.closing)
      this.queue.start(this.o.maxConcurrentRuns, (runId) => this.execute(runId, token));
  }

  /** Resumes every run recorded running; ends as failed those that cannot be resumed. */
  private async takeOverRuns(token: number): Promise<void> {
    const log = this.o.log;
    const ended: string[] = [];
    for (const id of await this.store.idsInStates(['running', 'stopping'])) {
      if (this.active.has(id) || !this.isLeader) continue;
      const rec = await this.store.get(id);
      if (!rec) continue;
      const why = this.cannotResume(rec);
      if (why !== null) {
        log.warn({ runId: id, why }, 'run cannot be taken over: ending it as failed');
        ended.push(id);
        continue;
      }
      this.resume(rec, token);
    }
    if (ended.length > 0) {
      const done = await endOrphanedRuns(this.fencedStore(token), this.bus, {
        ids: ended,
        log,
        reportGraceMs: this.o.timings.reportGraceMs,
      });
      for (let i = 0; i < done.length; i++) this.metrics.runEnded('failed');
    }
  }

  /** Null when the run can be resumed here; else why not (it is then ended as failed, as before leadership). */
  private cannotResume(rec: RunRecord): string | null {
    if (rec.state !== 'running') return `it was ${rec.state}`;
    if (rec.startedAt === null) return 'it had not started its schedule';
    const pos = rec.position;
    const ownerTimeoutMs = pos?.ownerTimeoutMs ?? this.o.timings.ownerTimeoutMs ?? DEFAULT_TIMINGS.ownerTimeoutMs;
    const lastHeard = pos?.savedAt ?? rec.startedAt;
    if (Date.now() - lastHeard > ownerTimeoutMs)
      return `its last leader was silent longer than the owner timeout (${ownerTimeoutMs} ms): the workers have stopped it`;
    return null;
  }

  private resume(rec: RunRecord, token: number): void {
    const planJson = this.store.planJson(rec.id);
    void planJson
      .then(async (json) => {
        if (json === null || !this.isLeader || this.active.has(rec.id)) return;
        const run = this.farmRun(rec.id, JSON.parse(json) as Plan, json, token, rec);
        this.active.set(rec.id, run);
        try {
          await run.run();
        } finally {
          if (this.active.get(rec.id) === run) this.active.delete(rec.id);
        }
      })
      .catch((err: unknown) => this.o.log.error({ err, runId: rec.id }, 'taking over a run failed'));
  }

  /** No longer leads: every run is left as it is for the next leader, and no run is taken from the queue. */
  private async follow(reason: string): Promise<void> {
    this.stopSub?.unsubscribe();
    this.stopSub = null;
    for (const [id, run] of this.active) {
      run.relinquish(`this controller no longer leads: ${reason}`);
      this.panels.endRun(id, 'this controller no longer runs it: another one leads now');
    }
    this.active.clear();
    await this.queue.stopTaking();
  }

  /** A stop asked of a follower: passed to the leader (NATS request/reply). */
  private async forwardStop(id: string, reason: string): Promise<boolean> {
    try {
      const m = await this.nc.request(
        this.names.subjects.stopRequest,
        codecs.stopRun.encode({ runId: id, reason, graceMs: 0, fence: 0 }),
        { timeout: 2000 },
      );
      return new TextDecoder().decode(m.data) === 'ok';
    } catch {
      return false;
    }
  }

  /** The run store as a leader under `token` writes it: a newer leader's token refuses the writes, and this one steps down. */
  private fencedStore(token: number): RedisRunStore {
    return this.store.withFencing({
      fence: () => token,
      onFenced: (runId, newer) =>
        this.leadership?.superseded(`run ${runId} was written by a newer leader (fence ${newer} > ${token})`),
    });
  }

  private farmRun(runId: string, plan: Plan, planJson: string, token: number, resume?: RunRecord): FarmRun {
    const keeper = this.leadership!.keeper;
    return new FarmRun({
      runId,
      plan,
      planJson,
      controllerId: this.id,
      store: this.fencedStore(token),
      bus: this.bus,
      registry: this.registry,
      hub: this.hub,
      metrics: this.metrics,
      timings: this.o.timings,
      log: this.o.log.child({ runId }),
      fence: () => token,
      holds: () => keeper.holds() && keeper.token === token,
      saveMonitor: async (id, capture) => {
        await this.redis!.set(this.names.redis.monitor(id), JSON.stringify(capture));
      },
      ...(resume ? { resume } : {}),
    });
  }

  /** The BullMQ processor (the leader's): executes one run to its end, or until this controller stops leading. */
  private async execute(runId: string, token: number): Promise<void | 'requeue'> {
    const log = this.o.log;
    if (this.closing) return 'requeue';
    // Runs taken over from a previous leader count against the runs at once; nothing starts while the lease is unsure.
    const keeper = this.leadership!.keeper;
    while ((this.active.size >= this.o.maxConcurrentRuns || !keeper.holds()) && this.isLeader && !this.closing)
      await new Promise((r) => setTimeout(r, 200));
    // It no longer leads (or is stopping): the job goes back to the queue for the next leader.
    if (!this.isLeader || this.closing) return 'requeue';
    const planJson = await this.store.planJson(runId);
    if (planJson === null) return void log.warn({ runId }, 'dequeued a run without a record; skipped');
    let plan: Plan;
    try {
      plan = JSON.parse(planJson) as Plan;
    } catch (err) {
      log.error({ err, runId }, 'stored plan is not JSON');
      await this.store.transition(runId, 'failed', {
        step: 'ended',
        endedAt: Date.now(),
        stopReason: 'stored plan is unreadable',
      });
      return;
    }
    // A run cancelled (or ended by a restart) while it waited is not started.
    if (!(await this.fencedStore(token).transition(runId, 'running', { step: 'starting' }))) return;
    const run = this.farmRun(runId, plan, planJson, token);
    this.active.set(runId, run);
    try {
      await run.run();
    } finally {
      if (this.active.get(runId) === run) this.active.delete(runId);
      this.panels.endRun(runId, 'the run ended');
    }
  }

  private async snapshot() {
    let running = 0;
    let stopping = 0;
    for (const r of this.active.values()) {
      if (r.stopping) stopping++;
      else running++;
    }
    const runs = [...this.active].map(([id, r]) => ({ id, scenario: r.monitor.plan.name, live: r.latest }));
    return {
      runsNow: { queued: await this.queue.waitingCount(), running, stopping },
      workers: this.registry.counts(),
      runs,
    };
  }

  private async health(): Promise<{ nats: boolean; redis: boolean; role: 'leader' | 'follower'; fence: number }> {
    const within = <T>(p: Promise<T>) =>
      Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000).unref())]).catch(
        () => false,
      );
    const [nats, redis] = await Promise.all([
      this.nc.isClosed() ? false : within(this.nc.rtt()),
      within(this.redis.ping()),
    ]);
    return {
      nats,
      redis,
      role: this.isLeader ? ('leader' as const) : ('follower' as const),
      fence: this.leadership?.keeper.token ?? 0,
    };
  }

  /**
   * Graceful stop: the API closed, the lease released — the runs in progress
   * are left running for the next leader, which a follower becomes at once (the
   * workers keep their users meanwhile, up to the owner timeout) — no new runs,
   * then the connections. Every step runs even when one fails. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const errors: unknown[] = [];
    const step = async (fn: () => unknown) => {
      try {
        await fn();
      } catch (err) {
        errors.push(err);
      }
    };
    await step(() => this.streams.closeAll());
    await step(() => this.consoleStreams?.closeAll());
    await step(() => this.roomSockets?.close());
    await step(() => this.app?.close());
    await step(() => this.closeHttp());
    await step(() => this.leadership?.stop());
    await step(() => this.queue?.close());
    await step(() => this.fleet?.close());
    await step(() => this.nc?.drain());
    await step(() => this.redis?.quit());
    if (errors.length > 0) {
      this.o.log.error({ errors: errors.map(String) }, 'controller shutdown had errors');
      throw new AggregateError(errors, 'controller shutdown had errors');
    }
    this.o.log.info({ controllerId: this.id }, 'controller stopped');
  }

  private async closeHttp(): Promise<void> {
    const server = this.httpServer;
    if (!server?.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
