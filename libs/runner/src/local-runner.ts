import { randomUUID } from 'node:crypto';
import { Engine } from '@loadfleet/engine';
import { baselineOf, buildReport, evaluateThresholds, type Report, type ThresholdBaseline } from '@loadfleet/report';
import type { WireProtocol } from '@loadfleet/protocol';
import { SecondTicker, TargetMonitor, WindowPump, liveStatus, type LiveStatus } from '@loadfleet/runtime';
import type { Plan } from '@loadfleet/scenario';
import { LocalArrivalSource, Random, scheduleOf } from '@loadfleet/schedule';
import { StatsRecorder, Timeline, names, sumCounters } from '@loadfleet/stats';

/** Where a local run is: idle until run(), then running, stopping, and one of the ends. */
export type LocalRunState = 'idle' | 'running' | 'stopping' | 'done' | 'stopped' | 'aborted' | 'failed';

export interface LocalRunnerOptions {
  runId?: string;
  /** Seed for every random choice of the run (0/undefined = random). */
  seed?: number;
  /** After the schedule ends, how long running users may finish before they are stopped. */
  gracefulStopMs?: number;
  /** The plan's protocol compiled with its plugin (loadProtocol); needed only when it has one. */
  protocol?: WireProtocol;
  /** The baseline run's report.json, for thresholds relative to it (`loadfleet run --baseline FILE`). */
  baseline?: Report | null;
  onSecond?(status: LiveStatus): void;
}

const SOURCE = 'local';

/**
 * The whole run in one process: the local arrival schedule, the engine, the
 * per-second windows into an in-memory timeline, abort thresholds, the report.
 */
export class LocalRunner {
  readonly runId: string;
  private state_: LocalRunState = 'idle';
  private readonly timeline = new Timeline();
  private readonly recorder = new StatsRecorder();
  private readonly pump: WindowPump;
  private readonly ticker: SecondTicker;
  private readonly source: LocalArrivalSource;
  private readonly engine: Engine;
  private readonly gracefulStopMs: number;
  private startedAt = 0;
  private drainingSince = 0;
  private errorsTotal = 0;
  private stopReason: string | undefined;
  private finishing: Promise<Report> | null = null;
  private resolveRun: ((r: Report) => void) | null = null;
  private readonly baseline: ThresholdBaseline | null;
  private readonly monitor: TargetMonitor;

  constructor(
    private readonly plan: Plan,
    private readonly options: LocalRunnerOptions = {},
  ) {
    this.runId =
      options.runId ?? `${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${randomUUID().slice(0, 8)}`;
    const rng = new Random(options.seed || undefined);
    this.baseline = options.baseline ? baselineOf(options.baseline) : null;
    this.monitor = new TargetMonitor(plan.monitor ?? []);
    this.gracefulStopMs = options.gracefulStopMs ?? 30_000;
    const sessionWeights = plan.sessions.map((s) => s.weight);
    this.source = new LocalArrivalSource(scheduleOf(plan.load), sessionWeights, { rng });
    this.engine = new Engine({
      plan,
      recorder: this.recorder,
      rng,
      protocol: options.protocol,
      onSlotFreed: () => this.source.slotFreed(),
    });
    this.pump = new WindowPump(this.recorder, { push: (w) => this.timeline.add(SOURCE, w) });
    this.pump.attach(this.engine, this.source);
    this.ticker = new SecondTicker((s) => this.onSecond(s));
  }

  get state(): LocalRunState {
    return this.state_;
  }

  /** Runs to the end (schedule over and users done, a stop, or an abort threshold); resolves with the report. */
  run(): Promise<Report> {
    if (this.state_ !== 'idle') throw new Error(`run ${this.runId} was already started`);
    this.state_ = 'running';
    this.startedAt = Date.now();
    const done = new Promise<Report>((resolve) => (this.resolveRun = resolve));
    this.ticker.start();
    this.source.start(this.engine);
    return done;
  }

  /** Stops the run early: no new users, running ones are closed. */
  stop(reason = 'stopped by request'): void {
    if (this.state_ !== 'running') return;
    this.stopReason = reason;
    void this.finish('stopped');
  }

  private onSecond(second: number): void {
    const w = this.pump.pump(second);
    this.errorsTotal += sumCounters(w, names.ERRORS_PREFIX);
    const row = this.timeline.row(second);
    if (row) this.options.onSecond?.(liveStatus(row, this.plan, this.startedAt, this.errorsTotal));
    if (this.state_ !== 'running') return;
    if (this.monitor.enabled) this.monitor.scrape(second);
    if (this.checkAbort()) return;
    if (!this.source.done) return;
    this.drainingSince ||= Date.now();
    if (this.engine.activeUsers === 0) void this.finish('done');
    else if (Date.now() - this.drainingSince >= this.gracefulStopMs) {
      this.stopReason = `${this.engine.activeUsers} users still running ${this.gracefulStopMs} ms after the schedule ended were stopped`;
      void this.finish('done');
    }
  }

  /** Evaluates the abort thresholds now in force on the run's totals (only merged when there are some). */
  private checkAbort(): boolean {
    const elapsed = Date.now() - this.startedAt;
    const live = this.plan.thresholds.filter((t) => t.abort && elapsed >= t.abortDelayMs);
    if (live.length === 0) return false;
    const context = { durationMs: elapsed, baseline: this.baseline };
    const failed = evaluateThresholds(live, this.timeline.totals(), context).find((r) => !r.pass);
    if (!failed) return false;
    this.stopReason = `threshold "${failed.expr}" failed (observed ${failed.observed ?? 'no data'})`;
    void this.finish('aborted');
    return true;
  }

  private finish(state: 'done' | 'stopped' | 'aborted'): Promise<Report> {
    this.finishing ??= (async () => {
      this.state_ = 'stopping';
      this.source.stop();
      await this.engine.stop(0);
      this.ticker.stop();
      // The second in flight is closed too, so nothing recorded is lost.
      this.pump.pump(this.ticker.current);
      this.pump.close();
      this.state_ = state;
      const monitor = this.monitor.enabled ? await this.monitor.finish() : null;
      const report = buildReport({
        runId: this.runId,
        plan: this.plan,
        state,
        stopReason: this.stopReason,
        startedAt: this.startedAt,
        endedAt: Date.now(),
        timeline: this.timeline,
        baseline: this.options.baseline ?? null,
        monitor,
      });
      this.resolveRun?.(report);
      return report;
    })();
    return this.finishing;
  }
}
