import { TargetMonitor } from '@loadfleet/runtime';
import { QUOTA_INTERVAL_MS } from '@loadfleet/bus';
import type { RunOutcome, WorkerInfo } from '@loadfleet/report';
import type { LiveStatus } from '@loadfleet/runtime';
import { PLAN_VERSION } from '@loadfleet/scenario';
import type { StatsWindow } from '@loadfleet/stats';
import { Conditions } from './conditions.js';
import { finalStateFor, type EndCause } from './lifecycle.js';
import { LiveMonitor } from './live-monitor.js';
import { QuotaAllocator } from './pacing/quota-allocator.js';
import type { Grant, Handover, QuotaAsk } from './pacing/types.js';
import { Participants, type LostWorker } from './participants.js';
import { persist } from './persist.js';
import { SILENT_LOG, type RunHandlers, type RunLog, type WorkerDoneInfo } from './run-bus.js';
import { DEFAULT_TIMINGS, type FarmRunDeps, type FarmRunTimings } from './farm-run-options.js';
import type { RunPatch, RunStep } from './run-store.js';

/**
 * The farm runner: one run executed across the fleet (Locust's MasterRunner).
 * It publishes the RunSpec, answers quota requests from its allocator, merges
 * the live rollups and checks abort thresholds, notices the end of the
 * schedule, and then stops the run by the contract: delete the spec, StopRun,
 * wait for WorkerDone, RunEnded, wait for the report, final state.
 */
export class FarmRun {
  readonly runId: string;
  readonly startAt: number;
  readonly allocator: QuotaAllocator;
  readonly monitor: LiveMonitor;
  private readonly d: FarmRunDeps;
  private readonly t: FarmRunTimings;
  private readonly now: () => number;
  private readonly log: RunLog;
  private readonly conditions = new Conditions();
  private readonly participants: Participants;
  private ticker: NodeJS.Timeout | null = null;
  /** The system under test's Prometheus endpoints (the scenario's monitor:), scraped once a second. */
  private readonly target: TargetMonitor;
  private lastScrapeSecond = 0;
  private detach: (() => Promise<void>) | null = null;
  private ending: Promise<RunOutcome> | null = null;
  private scheduleDoneAt: number | null = null;
  private reportReady = false;
  private cutReason: string | null = null;
  private lastStep: RunStep | null = null;
  private lastSave = -Infinity;
  private handoverNoted = false;
  private relinquished = false;
  private resolveEnded: (s: RunOutcome | 'handed-over') => void = () => {};
  private readonly ended = new Promise<RunOutcome | 'handed-over'>((resolve) => (this.resolveEnded = resolve));

  constructor(deps: FarmRunDeps) {
    this.d = deps;
    this.runId = deps.runId;
    this.t = { ...DEFAULT_TIMINGS, ...deps.timings };
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? SILENT_LOG;
    const resume = deps.resume;
    const now = this.now();
    this.startAt = resume?.startedAt ?? now + this.t.startDelayMs;
    this.allocator = new QuotaAllocator(deps.plan, {
      startAt: this.startAt,
      ...(resume ? { resume: { at: now, saved: resume.position } } : {}),
    });
    this.monitor = new LiveMonitor(deps.plan, this.startAt, this.now);
    this.participants = new Participants(deps.registry, this.runId, this.now);
    this.target = new TargetMonitor(deps.plan.monitor ?? []);
    if (resume) {
      for (const w of resume.workers) this.participants.seed(w, now);
      for (const n of resume.notes) this.participants.note(n);
    }
  }

  /** True when this run was taken over from another controller. */
  get resumed(): boolean {
    return this.d.resume !== undefined;
  }

  /** True from the moment the run starts ending. */
  get stopping(): boolean {
    return this.ending !== null;
  }

  get latest(): LiveStatus | null {
    return this.monitor.latest;
  }

  /** The workers taking part, with the users each was granted. */
  workers(): WorkerInfo[] {
    return this.participants.list();
  }

  /**
   * Executes the run; resolves with the state it ended in, or 'handed-over' when
   * this controller stopped leading and left the run to the next leader. Never rejects.
   */
  async run(): Promise<RunOutcome | 'handed-over'> {
    const handlers: RunHandlers = {
      quota: (ask) => this.onQuota(ask),
      workerDone: (done) => this.onWorkerDone(done),
      live: (w) => this.onLive(w),
      reportReady: () => {
        this.reportReady = true;
        this.conditions.poke();
      },
    };
    try {
      this.detach = await this.d.bus.attach(this.runId, handlers);
      if (this.d.resume) this.save(this.now());
      else await this.d.store.update(this.runId, { startedAt: this.startAt, step: 'starting' });
      // Taking over, the same spec under this controller's id and token: the workers keep their users and follow it.
      await this.d.bus.putSpec({
        runId: this.runId,
        planJson: this.d.planJson,
        planVersion: PLAN_VERSION,
        startAt: this.startAt,
        controllerId: this.d.controllerId,
        ownerTimeoutMs: this.t.ownerTimeoutMs,
      });
    } catch (err) {
      this.log.error({ err, runId: this.runId }, 'run could not start');
      if (this.relinquished) return this.ended;
      return this.end('error', `could not start: ${(err as Error).message}`);
    }
    if (this.relinquished) return this.ended;
    this.log.info(
      { runId: this.runId, startAt: new Date(this.startAt).toISOString() },
      this.d.resume ? 'run taken over' : 'run started',
    );
    this.ticker = setInterval(() => this.tick(), this.t.tickMs);
    return this.ended;
  }

  /** A stop request: false when the run is already ending. */
  requestStop(reason = 'stopped by request'): boolean {
    if (this.ending) return false;
    void this.end('stop-request', reason);
    return true;
  }

  /**
   * Ends the run at once as failed (the controller is shutting down): StopRun and
   * RunEnded still go out, but nothing is waited for. A run already past RunEnded
   * keeps the state it was ending in.
   */
  async abandon(reason: string): Promise<RunOutcome> {
    this.cutReason = reason;
    const ending = this.ending ?? this.end('error', reason);
    this.conditions.cancelAll();
    return ending;
  }

  /**
   * This controller no longer leads: the run is left as it is, for the next leader
   * to take over — no grant, no StopRun, no RunEnded, no store write from here on.
   * The workers keep their users meanwhile. Resolves `run()` with 'handed-over'.
   */
  relinquish(reason: string): void {
    if (this.relinquished) return;
    this.relinquished = true;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.conditions.cancelAll();
    this.log.warn({ runId: this.runId, reason }, 'run left to the next leader');
    const detach = this.detach;
    this.detach = null;
    if (detach) void settle(detach(), this.log, 'detach');
    this.resolveEnded('handed-over');
  }

  /**
   * The controller's NATS link was down from `from` to `to` (epoch ms): no quota
   * request could reach it and no heartbeat either. Said in the report, because
   * the arrivals of that gap were not granted.
   */
  busOutage(from: number, to: number): void {
    const iso = (ms: number) => new Date(ms).toISOString();
    this.participants.note(
      `NATS connection lost from ${iso(from)} to ${iso(to)} (${to - from} ms): no quota was granted meanwhile; arrivals due then that no worker held were dropped`,
    );
    this.log.warn({ runId: this.runId, from: iso(from), to: iso(to) }, 'NATS connection was lost during the run');
  }

  private onQuota(ask: QuotaAsk): Grant | null {
    // A leader whose lease may have lapsed (it was paused, or cannot renew) grants nothing: another may lead now.
    if (this.relinquished || (this.d.holds && !this.d.holds())) return null;
    const now = this.now();
    const grant = this.allocator.request(ask, now);
    this.participants.asked(ask.workerId, ask.activeUsers, grant.count, now);
    const m = this.d.metrics;
    if (m) {
      m.quotaRequests++;
      if (grant.count > 0) {
        m.quotaGrants++;
        m.usersGranted += grant.count;
      }
      m.arrivalsDropped += grant.dropped;
    }
    return grant;
  }

  private onWorkerDone(done: WorkerDoneInfo): void {
    if (done.refused && !this.participants.hasDone(done.workerId)) {
      this.participants.note(`worker ${done.workerId} refused the run: ${done.refused}`);
      this.log.warn({ workerId: done.workerId, reason: done.refused }, 'a worker refused the run');
    }
    if (done.droppedRecords > 0 && !this.participants.hasDone(done.workerId)) {
      this.participants.note(
        `worker ${done.workerId} dropped ${done.droppedRecords} of its ${done.records} stats records (Redis unreachable longer than its --record-buffer): the report misses those seconds of it`,
      );
    }
    this.participants.done(done.workerId);
    this.conditions.poke();
  }

  private onLive(w: StatsWindow): void {
    const { status, abortReason } = this.monitor.add(w);
    if (status === null) return;
    this.d.hub.status(this.runId, status);
    if (!this.ending) {
      const latest = this.monitor.latest!;
      // The workers go with it, so that a restart can name them in RunEnded.
      const patch: RunPatch = {
        live: latest,
        ...(this.scheduleDoneAt
          ? { step: 'draining', schedulePhase: null }
          : { step: 'running', schedulePhase: latest.phase }),
        workers: this.participants.list(),
      };
      this.d.store
        .update(this.runId, patch)
        .catch((err: unknown) => this.log.warn({ err }, 'could not save live status'));
    }
    if (abortReason && !this.ending) {
      this.log.warn({ runId: this.runId, reason: abortReason }, 'abort threshold failed');
      void this.end('threshold', abortReason);
    }
  }

  private tick(): void {
    if (this.relinquished || (this.d.holds && !this.d.holds())) return;
    const now = this.now();
    // Labelled with the second that just ended, as the workers' windows are.
    const second = Math.floor(now / 1000) - 1;
    if (this.target.enabled && now >= this.startAt + 1000 && second > this.lastScrapeSecond) {
      this.lastScrapeSecond = second;
      this.target.scrape(second);
    }
    this.allocator.settle(now);
    const handover = this.allocator.handover;
    if (handover && !this.handoverNoted) {
      this.handoverNoted = true;
      const prev = this.d.resume?.position;
      const gapMs = handover.resumedAt - handover.lastGrantAt;
      this.participants.note(handoverNote(handover, prev?.controllerId ?? null, prev?.fence ?? 0, this.d, gapMs));
      this.log.warn(
        { runId: this.runId, ...handover, gapMs, previous: prev?.controllerId ?? null, fence: this.d.fence?.() ?? 0 },
        'run resumed after a controller handover',
      );
      this.lastSave = -Infinity;
    }
    if (!this.ending && now - this.lastSave >= this.t.saveEveryMs) this.save(now);
    for (const lost of this.participants.sweepLost()) {
      // It asked every QUOTA_INTERVAL while alive: starts intended after the next ask it missed were never made.
      const unstarted = this.allocator.writeOff(lost.id, lost.lastHeardAt + QUOTA_INTERVAL_MS, now);
      this.participants.note(lostNote(lost, now, unstarted));
      this.log.warn({ runId: this.runId, ...lost, unstarted }, 'worker lost');
    }
    this.conditions.poke();
    if (this.ending || !this.allocator.isDone(now)) return;
    if (this.scheduleDoneAt === null) {
      this.scheduleDoneAt = now;
      this.setStep('draining');
    }
    const active = this.participants.activeUsersSince(this.scheduleDoneAt);
    if (active === 0) void this.end('schedule-end', null);
    else if (now - this.scheduleDoneAt >= this.t.gracefulStopMs) {
      const users = Number.isFinite(active) ? `${active} users` : 'users';
      void this.end(
        'schedule-end',
        `${users} still running ${this.t.gracefulStopMs} ms after the schedule ended were stopped`,
      );
    }
  }

  /** Saves where the schedule stands, with the workers and notes, for a controller that may take the run over. */
  private save(now: number): void {
    this.lastSave = now;
    const patch: RunPatch = {
      position: {
        ...this.allocator.position(now, this.d.fence?.() ?? 0, this.d.controllerId),
        ownerTimeoutMs: this.t.ownerTimeoutMs,
      },
      workers: this.participants.list(),
      notes: this.participants.notes(),
      droppedArrivals: this.allocator.stats.dropped,
    };
    this.d.store
      .update(this.runId, patch)
      .catch((err: unknown) => this.log.warn({ err }, 'could not save the schedule position'));
  }

  private setStep(step: RunStep): void {
    if (step === this.lastStep) return;
    this.lastStep = step;
    void this.d.store.update(this.runId, { step, schedulePhase: null }).catch(() => {});
  }

  private end(cause: EndCause, reason: string | null): Promise<RunOutcome> {
    this.ending ??= this.finish(finalStateFor(cause), reason).then((state) => {
      this.resolveEnded(state);
      return state;
    });
    return this.ending;
  }

  private async finish(intended: RunOutcome, reason: string | null): Promise<RunOutcome> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.allocator.stop();
    const d = this.d;
    const id = this.runId;
    let stopReason = reason;
    // The store may be away (a Redis outage): the workers are told to stop meanwhile, and
    // the record follows when it is back; the final state waits for "stopping" to land.
    const storeFor = this.cutReason === null ? this.t.storeRetryMs : 0;
    const persistOpts = { forMs: storeFor, log: this.log, now: this.now, cancelled: () => this.cutReason !== null };
    const stopping = persist(() => d.store.transition(id, 'stopping', { step: 'stopping', schedulePhase: null }), {
      ...persistOpts,
      what: 'run state stopping',
    });
    await settle(d.bus.deleteSpec(id), this.log, 'delete RunSpec');
    await settle(d.bus.publishStop({ runId: id, reason: reason ?? 'schedule ended', graceMs: 0 }), this.log, 'StopRun');

    const expected = this.participants.liveIds();
    const allDone = await this.conditions.waitFor(
      () => expected.every((w) => this.participants.hasDone(w) || !this.participants.isLive(w)),
      this.t.workerDoneTimeoutMs,
    );
    const notes = this.participants.notes();
    if (!allDone && this.cutReason === null) {
      const missing = expected.filter((w) => !this.participants.hasDone(w));
      if (missing.length > 0)
        notes.push(`no WorkerDone within ${this.t.workerDoneTimeoutMs} ms from ${missing.join(', ')}`);
      this.participants.markMissing(missing);
    }
    const dropped = this.allocator.stats.dropped;
    // Drops of lost workers' grants, of a handover's gap and of lost replies have their own notes.
    const { droppedByLoss, droppedByHandover, droppedInTransit } = this.allocator.stats;
    const late = dropped - droppedByLoss - droppedByHandover - droppedInTransit;
    const { writeOffsTakenBack } = this.allocator.stats;
    if (writeOffsTakenBack > 0)
      notes.push(
        `${writeOffsTakenBack} arrivals written off for workers taken for lost were started after all (the workers came back): not counted as dropped`,
      );
    if (droppedInTransit > 0)
      notes.push(
        `${droppedInTransit} arrivals were granted in replies that never reached their worker (its quota request timed out): not started, counted as dropped`,
      );
    if (late > 0)
      notes.push(
        `${late} arrivals were dropped: no worker took them in time (no free capacity, maxUsers reached, or no worker reachable)`,
      );
    const unreported = this.allocator.unreportedDropped;
    if (unreported > 0) notes.push(`${unreported} of them reached no worker's stats (users.dropped is short by that)`);

    let state: RunOutcome = intended;
    if (this.cutReason !== null && intended !== 'failed') {
      state = 'failed';
      notes.push(`ended early: ${this.cutReason}`);
      stopReason = this.cutReason;
    }
    if (this.target.enabled && d.saveMonitor) {
      const capture = await this.target.finish();
      await settle(d.saveMonitor(id, capture), this.log, 'monitor series');
    }
    const workers = this.participants.list();
    const endedAt = this.now();
    await settle(
      d.bus.publishEnded({
        runId: id,
        state,
        stopReason: stopReason ?? '',
        startedAt: this.startAt,
        endedAt,
        notes,
        workers,
        graceMs: this.t.reportGraceMs,
      }),
      this.log,
      'RunEnded',
    );
    this.setStep('report');
    const reported = await this.conditions.waitFor(() => this.reportReady, this.t.reportTimeoutMs);
    if (!reported && this.cutReason === null) {
      notes.push(
        `no report within ${this.t.reportTimeoutMs} ms of RunEnded${stopReason ? ` (stop reason: ${stopReason})` : ''}`,
      );
      state = 'failed';
      stopReason = 'no report';
    }
    await stopping;
    await persist(
      () =>
        d.store.transition(id, state, {
          step: 'ended',
          schedulePhase: null,
          endedAt,
          stopReason,
          notes,
          workers,
          droppedArrivals: dropped,
          live: this.monitor.latest,
        }),
      { ...persistOpts, what: `run state ${state}` },
    );
    d.metrics?.runEnded(state);
    d.hub.end({ id, state, stopReason });
    if (this.detach) await settle(this.detach(), this.log, 'detach');
    this.log.info({ runId: id, state, stopReason }, 'run ended');
    return state;
  }
}

function handoverNote(
  h: Handover,
  previous: string | null,
  previousFence: number,
  d: { controllerId: string; fence?: () => number },
  gapMs: number,
): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const from = previous ? `${previous} (fence ${previousFence})` : 'the previous controller';
  let note =
    `controller handover at ${iso(h.resumedAt)}: ${from} -> ${d.controllerId} (fence ${d.fence?.() ?? 0}); ` +
    `no grants for ${(gapMs / 1000).toFixed(1)} s (last grant ${iso(h.lastGrantAt)}); the workers kept their users`;
  if (h.missed > 0)
    note += `; ${h.missed} arrivals intended from ${iso(h.grantedThrough)} to ${iso(h.resumedAt)} were not granted (no catch-up burst) and are counted as dropped`;
  if (h.recovered > 0)
    note += `; ${h.recovered} arrivals the previous controller dropped had reached no worker's stats: carried now`;
  return note;
}

function lostNote(lost: LostWorker, now: number, unstarted: number): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  let note = `worker ${lost.id} lost at ${iso(now)} (last heard ${iso(lost.lastHeardAt)}): ${lost.sessions} sessions died with it`;
  if (unstarted > 0) note += `; ${unstarted} arrivals granted to it and not started are counted as dropped`;
  if (lost.bufferedRecords > 0) note += `; ${lost.bufferedRecords} stats records it had not written to Redis are lost`;
  return note;
}

/** Runs one ending step; a failure is logged and the ending goes on (every step runs). */
async function settle(p: Promise<unknown>, log: RunLog, what: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    log.error({ err }, `${what} failed while ending a run`);
  }
}
