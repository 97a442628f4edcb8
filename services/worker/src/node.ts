import { codecs, isSafeToken, type BusNames } from '@loadfleet/bus';
import type { Logger } from '@loadfleet/log';
import { SecondTicker } from '@loadfleet/runtime';
import { HealthSampler } from '@loadfleet/stats';
import type { TargetAllowlist } from '@loadfleet/config';
import { OwnerWatch, WorkerRun, activeRunOf, refusedTargets, type ActiveRun } from '@loadfleet/worker';
import type { NatsConnection, Subscription } from 'nats';
import { heartbeatOf, type HeartbeatFacts } from './heartbeat.js';
import { QuotaPuller } from './quota-puller.js';
import { RunWatcher } from './run-watcher.js';
import type { StatsWriter } from './stats-writer.js';

/** Runs this worker finished, remembered so a stale KV entry does not start them again. */
const FINISHED_MEMORY = 1000;

export interface WorkerNodeOptions extends HeartbeatFacts {
  names: BusNames;
  nc: NatsConnection;
  stats: StatsWriter;
  flushTimeoutMs: number;
  stopWaitMs: number;
  log: Logger;
  /** `--allowed-targets`: runs aiming elsewhere are refused, and no socket is opened outside it. */
  allowlist?: TargetAllowlist;
  /** `--source-ips` that bound: they replace each run's `sourceAddresses` (empty: the scenario's). */
  sourceAddresses?: readonly string[];
}

interface RunHandle {
  readonly run: WorkerRun;
  /** The newest RunSpec seen: a controller taking the run over puts it again under its own id and token. */
  spec: ActiveRun;
  readonly stopSub: Subscription;
  /** When this worker took the run (owner silence is measured from here at the latest). */
  readonly joinedAt: number;
  gone: NodeJS.Timeout | null;
  stopping: Promise<void> | null;
}

/**
 * One worker process of the farm: finds runs in the KV bucket, runs each as a
 * WorkerRun fed by quota grants, writes a StatsRecord per run per second, sends
 * its heartbeat, and stops runs on StopRun, on their removal, or when their
 * controller falls silent.
 */
export class WorkerNode {
  private readonly runs = new Map<string, RunHandle>();
  private readonly finished = new Set<string>();
  private readonly owners = new OwnerWatch();
  private readonly ticker = new SecondTicker((s) => this.onSecond(s));
  private readonly health = new HealthSampler();
  private readonly watcher: RunWatcher;
  private readonly subs: Subscription[] = [];
  private readonly quota: QuotaPuller;
  private closing: Promise<void> | null = null;
  private readonly counts = { badSpecs: 0, badControl: 0, refusedRuns: 0 };
  /** The worker's own --allowed-targets, checked on every RunSpec and again before every connect. */
  private readonly allowTarget = (host: string): boolean => this.o.allowlist!.allows(host);

  constructor(private readonly o: WorkerNodeOptions) {
    this.watcher = new RunWatcher(
      o.nc,
      o.names.runsBucket,
      { put: (k, v) => this.onSpec(k, v), gone: (k) => this.onGone(k) },
      o.log,
    );
    this.quota = new QuotaPuller(o, () =>
      [...this.runs.values()].map((h) => ({ run: h.run, paused: h.gone !== null })),
    );
  }

  start(): void {
    const { nc, names } = this.o;
    this.subs.push(
      nc.subscribe(names.subjects.controllerHeartbeat, {
        // The payload is the controller's id; an empty one vouches for any controller.
        callback: (_err, msg) => this.owners.heartbeat(new TextDecoder().decode(msg.data)),
      }),
    );
    this.watcher.start();
    this.ticker.start();
    this.quota.start();
    this.o.log.info(
      { workerId: this.o.workerId, capacity: this.o.capacity, limit: this.o.capacityLimit },
      'worker started',
    );
  }

  /** Stops every run gracefully (records flushed, WorkerDone sent), then stops watching. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.watcher.close().catch(() => {});
      this.quota.stop();
      await Promise.all([...this.runs.keys()].map((id) => this.stopRun(id, 'worker shutting down', 0)));
      this.ticker.stop();
      this.sayLeaving();
      for (const s of this.subs) s.unsubscribe();
      this.health.close();
    })();
    return this.closing;
  }

  private onSpec(key: string, value: Uint8Array): void {
    const spec = codecs.runSpec.decode(value);
    if (spec === null || !isSafeToken(spec.runId)) {
      this.counts.badSpecs++;
      this.o.log.warn({ key, badSpecs: this.counts.badSpecs }, 'unreadable RunSpec in the runs bucket: ignored');
      return;
    }
    const held = this.runs.get(spec.runId);
    if (held) return this.takenOver(held, spec.controllerId, spec.fence);
    if (this.finished.has(spec.runId) || this.closing) return;
    let active: ActiveRun;
    let run: WorkerRun;
    try {
      active = activeRunOf(spec);
      const refused = this.o.allowlist ? refusedTargets(active.plan, this.allowTarget, this.o.allowlist.spec) : null;
      if (refused !== null) return this.refuse(active.runId, refused);
      run = new WorkerRun({
        runId: active.runId,
        workerId: this.o.workerId,
        plan: this.o.sourceAddresses?.length
          ? { ...active.plan, sourceAddresses: [...this.o.sourceAddresses] }
          : active.plan,
        startAt: active.startAt,
        buffer: this.o.stats.buffer,
        capacity: this.o.capacity,
        ...(this.o.allowlist ? { allowTarget: this.allowTarget } : {}),
      });
    } catch (err) {
      this.counts.badSpecs++;
      this.o.log.error({ runId: spec.runId, err: (err as Error).message }, 'cannot run this RunSpec: ignored');
      this.remember(spec.runId);
      return;
    }
    run.fence.admit(spec.fence);
    const stopSub = this.o.nc.subscribe(this.o.names.subjects.stop(active.runId), {
      callback: (_err, msg) => this.onStopRun(active.runId, msg.data),
    });
    this.runs.set(active.runId, {
      run,
      spec: active,
      stopSub,
      joinedAt: Date.now(),
      gone: null,
      stopping: null,
    });
    this.o.log.info(
      { runId: active.runId, startAt: new Date(active.startAt).toISOString(), scenario: active.plan.name },
      'run joined',
    );
  }

  /**
   * The run's spec put again: a new leader took the run over. The users keep
   * running; the run now answers to the new controller (owner watch) and token.
   */
  private takenOver(h: RunHandle, controllerId: string, fence: number): void {
    if (h.stopping || !(fence > h.run.fence.token) || !h.run.fence.admit(fence)) return;
    const previous = h.spec.controllerId;
    h.spec = { ...h.spec, controllerId };
    this.o.log.warn(
      { runId: h.run.runId, controllerId, previous, fence, activeUsers: h.run.activeUsers },
      'run taken over by another controller; keeping its users',
    );
  }

  /** A run this worker will not start: said once in the log and to the controller (WorkerDone with the reason). */
  private refuse(runId: string, reason: string): void {
    this.counts.refusedRuns++;
    this.o.log.error({ runId, refusedRuns: this.counts.refusedRuns }, `refusing run: ${reason}`);
    this.remember(runId);
    const done = { runId, workerId: this.o.workerId, lastSecond: 0, records: 0, droppedRecords: 0, refused: reason };
    try {
      this.o.nc.publish(this.o.names.subjects.workerDone(runId), codecs.workerDone.encode(done));
    } catch (err) {
      this.o.log.error({ runId, err: (err as Error).message }, 'cannot publish WorkerDone');
    }
  }

  private onGone(runId: string): void {
    const h = this.runs.get(runId);
    if (!h || h.stopping || h.gone) return;
    // The controller deletes the entry, then publishes StopRun with the grace: give it a moment to arrive.
    h.gone = setTimeout(() => void this.stopRun(runId, 'run removed from the runs bucket', 0), this.o.stopWaitMs);
  }

  private onStopRun(runId: string, data: Uint8Array): void {
    const stop = codecs.stopRun.decode(data);
    if (stop === null) {
      this.counts.badControl++;
      this.o.log.warn({ runId, badControl: this.counts.badControl }, 'unreadable StopRun: stopping without grace');
    }
    const h = this.runs.get(runId);
    if (stop !== null && h && !h.run.fence.admit(stop.fence)) {
      this.counts.badControl++;
      this.o.log.warn(
        { runId, fence: stop.fence, highest: h.run.fence.token },
        'StopRun from a replaced leader refused (its fencing token is lower than one already seen)',
      );
      return;
    }
    void this.stopRun(runId, stop?.reason || 'stopped by the controller', stop?.graceMs ?? 0);
  }

  private stopRun(runId: string, reason: string, graceMs: number): Promise<void> {
    const h = this.runs.get(runId);
    if (!h) return Promise.resolve();
    h.stopping ??= (async () => {
      if (h.gone) clearTimeout(h.gone);
      this.o.log.info({ runId, reason, graceMs }, 'stopping run');
      const result = await h.run.stop(graceMs);
      const flushed = await this.o.stats.flushRun(runId, this.o.flushTimeoutMs);
      const dropped = this.o.stats.buffer.droppedFor(runId);
      if (!flushed) {
        const waiting = this.o.stats.buffer.waitingFor(runId);
        this.o.log.warn(
          { runId, waiting },
          'stats records of the run still wait for redis; they are written when it is back',
        );
      }
      const done = {
        runId,
        workerId: this.o.workerId,
        lastSecond: Math.max(0, result.lastSecond),
        records: result.records,
        droppedRecords: dropped,
      };
      try {
        this.o.nc.publish(this.o.names.subjects.workerDone(runId), codecs.workerDone.encode(done));
      } catch (err) {
        this.o.log.error({ runId, err: (err as Error).message }, 'cannot publish WorkerDone');
      }
      h.stopSub.unsubscribe();
      this.runs.delete(runId);
      this.remember(runId);
      this.o.stats.buffer.forget(runId);
      this.o.log.info({ reason, ...done }, 'run stopped');
    })().catch((err: Error) => this.o.log.error({ runId, err: err.message }, 'stopping the run failed'));
    return h.stopping;
  }

  /** The last heartbeat: the controller shows this worker as left, not lost. */
  private sayLeaving(): void {
    try {
      const hb = heartbeatOf(this.o, this.health.sample(), [], this.o.stats.buffer, true);
      this.o.nc.publish(this.o.names.subjects.workerHeartbeat, codecs.workerHeartbeat.encode(hb));
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'cannot publish the leaving heartbeat');
    }
  }

  private onSecond(second: number): void {
    // The heartbeat first: its buffered count is then what the last flush left behind, not this second's record.
    try {
      const hb = heartbeatOf(
        this.o,
        this.health.sample(),
        [...this.runs.values()].map((h) => h.run),
        this.o.stats.buffer,
      );
      this.o.nc.publish(this.o.names.subjects.workerHeartbeat, codecs.workerHeartbeat.encode(hb));
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'cannot publish heartbeat');
    }
    for (const h of this.runs.values()) h.run.tick(second);
    void this.o.stats.flusher.flush();
    this.checkOwners();
  }

  /** Stops runs whose controller has been silent longer than their owner timeout: no load without an owner. */
  private checkOwners(): void {
    const live = [...this.runs.values()].filter((h) => !h.stopping).map((h) => ({ ...h.spec, joinedAt: h.joinedAt }));
    for (const run of this.owners.orphans(live)) {
      const silence = this.owners.silenceOf(run);
      const reason = `controller ${run.controllerId} silent for ${silence} ms (owner timeout ${run.ownerTimeoutMs} ms)`;
      this.o.log.warn({ runId: run.runId, controllerId: run.controllerId }, reason);
      void this.stopRun(run.runId, reason, 0);
    }
  }

  private remember(runId: string): void {
    this.finished.add(runId);
    if (this.finished.size > FINISHED_MEMORY) this.finished.delete(this.finished.values().next().value!);
  }
}
