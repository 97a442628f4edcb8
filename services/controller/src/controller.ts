import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { busNames, type BusNames } from '@loadfleet/bus';
import { natsConnectOptions, redisConnectOptions } from '@loadfleet/config';
import {
  ControllerMetrics,
  FarmRun,
  LiveHub,
  RunsApi,
  WorkerRegistry,
  endOrphanedRuns,
  type CapacityLimits,
  type FarmRunTimings,
  type TargetAllowlist,
  type TokenAuth,
} from '@loadfleet/controller';
import type { Logger } from '@loadfleet/log';
import type { Plan } from '@loadfleet/scenario';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { RoomPanels, SessionStore } from '@loadfleet/console';
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
  log: Logger;
}

/**
 * The controller process: Redis (run records, BullMQ queue), NATS (the run
 * control plane, heartbeats), the HTTP API. `start()` ends any run a previous
 * controller left running, then takes runs from the queue and serves the API.
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
  private app!: FastifyInstance;
  private closing: Promise<void> | null = null;
  port = 0;

  private constructor(private readonly o: ControllerOptions) {
    this.names = busNames(o.namespace);
  }

  static async start(o: ControllerOptions): Promise<Controller> {
    const c = new Controller(o);
    try {
      await c.init();
    } catch (err) {
      await c.close().catch(() => {});
      throw err;
    }
    return c;
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
    const redisOutage = new OutageLog(log, 'redis');
    this.redis.on('error', (err) => redisOutage.error(err));
    this.redis.on('ready', () => redisOutage.back());
    await this.redis.connect();
    this.nc = await connect({
      ...(await natsConnectOptions(env)),
      name: `loadfleet-${this.id}`,
    });
    const kv = await this.nc.jetstream().views.kv(this.names.runsBucket);
    this.bus = new NatsRunBus(this.nc, kv, this.names, this.metrics, log);
    this.store = new RedisRunStore(this.redis, this.names);
    this.fleet = new FleetWatch(this.nc, this.names, this.registry, this.id, this.metrics, log);
    new NatsLinkWatch(
      this.nc,
      {
        down: () => this.registry.pause(),
        up: (from, to) => {
          this.registry.resume(to);
          for (const run of this.active.values()) run.busOutage(from, to);
        },
      },
      log,
    ).start();

    const orphans = await endOrphanedRuns(this.store, this.bus, { log, reportGraceMs: this.o.timings.reportGraceMs });
    for (let i = 0; i < orphans.length; i++) this.metrics.runEnded('failed');

    this.queue = new RunQueue(this.redis, this.names, log);
    this.queue.start(this.o.maxConcurrentRuns, (runId) => this.execute(runId));

    const api = new RunsApi({
      store: this.store,
      queue: this.queue,
      reports: {
        report: (id, kind) =>
          this.redis!.get(kind === 'json' ? this.names.redis.reportJson(id) : this.names.redis.reportHtml(id)),
      },
      allowlist: this.o.allowlist,
      limits: this.o.limits ?? { maxUsers: 0, capacityFactor: 2 },
      liveCapacity: () => this.registry.list().reduce((n, w) => n + (w.lost ? 0 : w.capacity), 0),
      hub: this.hub,
      metrics: this.metrics,
      active: this.active,
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
    this.app = createServer({ log, auth: this.o.auth, sessions, metrics: this.metrics, bodyLimit: this.o.bodyLimit });
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
    await this.app.listen({ host: this.o.host, port: this.o.port });
    this.port = (this.app.server.address() as AddressInfo).port;
    log.info(
      { controllerId: this.id, url: this.url, namespace: this.names.namespace, orphansEnded: orphans.length },
      'controller ready',
    );
  }

  /** The BullMQ processor: executes one run to its end. */
  private async execute(runId: string): Promise<void> {
    const log = this.o.log;
    if (this.closing) throw new Error('the controller is shutting down');
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
    if (!(await this.store.transition(runId, 'running', { step: 'starting' }))) return;
    const run = new FarmRun({
      runId,
      plan,
      planJson,
      controllerId: this.id,
      store: this.store,
      bus: this.bus,
      registry: this.registry,
      hub: this.hub,
      metrics: this.metrics,
      timings: this.o.timings,
      log: log.child({ runId }),
    });
    this.active.set(runId, run);
    try {
      await run.run();
    } finally {
      this.active.delete(runId);
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
    return { runsNow: { queued: await this.queue.waitingCount(), running, stopping }, workers: this.registry.counts() };
  }

  private async health(): Promise<{ nats: boolean; redis: boolean }> {
    const within = <T>(p: Promise<T>) =>
      Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000).unref())]).catch(
        () => false,
      );
    const [nats, redis] = await Promise.all([
      this.nc.isClosed() ? false : within(this.nc.rtt()),
      within(this.redis.ping()),
    ]);
    return { nats, redis };
  }

  /**
   * Graceful stop: no new runs, the API closed, runs in progress ended as
   * failed ("controller shut down", StopRun and RunEnded still sent), then the
   * connections. Every step runs even when one fails. Idempotent.
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
    const stopTaking = this.queue ? this.queue.stopTaking() : Promise.resolve();
    await step(() => this.streams.closeAll());
    await step(() => this.consoleStreams?.closeAll());
    await step(() => this.roomSockets?.close());
    await step(() => this.app?.close());
    await step(() => Promise.all([...this.active.values()].map((r) => r.abandon('controller shut down'))));
    await step(() => stopTaking);
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
}
