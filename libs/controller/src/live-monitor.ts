import { abortingThreshold, evaluateThresholds } from '@loadfleet/report';
import { liveStatus, type LiveStatus } from '@loadfleet/runtime';
import type { Plan } from '@loadfleet/scenario';
import {
  RowHistory,
  RunningTotals,
  StatsError,
  names,
  summarizeWindow,
  sumCounters,
  type StatsWindow,
  type TimelineSecond,
} from '@loadfleet/stats';

/** The aggregators' rollups are merged under one source: each second arrives already merged across workers. */
const SOURCE = 'fleet';
/**
 * Seconds kept one row each, and remembered so that a repeated rollup is ignored.
 * Older seconds live on only in the running totals and the folded history; a rollup
 * for one of them is refused.
 */
export const LIVE_RETAIN_SECONDS = 300;
/** Rows of history kept for the console, whatever the run's length. */
export const LIVE_HISTORY_ROWS = 1200;

export interface MonitorResult {
  /** The merged second as live progress shows it; null for a repeated second, or one older than the seconds kept. */
  status: LiveStatus | null;
  /** Set when an abort threshold failed on the running totals: why the run must stop. */
  abortReason: string | null;
}

/**
 * A run's live view on the controller: the LiveRollup windows (one per second,
 * already merged across workers by an aggregator), the newest second as a
 * LiveStatus (the same line local mode prints), and the plan's abort thresholds
 * evaluated on the running totals after each second, exactly as LocalRunner does.
 *
 * Its memory does not grow with the run's length, nor does it churn: a window is
 * summarized into a row and added into the running totals in place, and is not
 * kept. The last LIVE_RETAIN_SECONDS rows are kept as they are, older ones folded
 * (RowHistory). The report is the aggregator's, from every worker's every second.
 * (It used to merge the rollups into a Timeline, which kept every second's window
 * for the whole run: the soak's controller grew ~0.6 MiB a minute, docs/RELIABILITY.md.)
 */
export class LiveMonitor {
  private readonly running = new RunningTotals();
  private readonly recent = new Map<number, TimelineSecond>();
  private readonly past = new RowHistory(LIVE_HISTORY_ROWS);
  private sortedSeconds: number[] | undefined;
  /** Seconds at or below this have left `recent`: rollups for them are refused. */
  private floor = -1;
  private newest = -1;
  private latest_: LiveStatus | null = null;
  private readonly abortRules;

  constructor(
    readonly plan: Plan,
    readonly startedAt: number,
    private readonly now: () => number = Date.now,
  ) {
    this.abortRules = plan.thresholds.filter((t) => t.abort);
  }

  /** The newest second seen (by second, not by arrival: a late rollup does not move it back). */
  get latest(): LiveStatus | null {
    return this.latest_;
  }

  /** The seconds kept one row each (the last LIVE_RETAIN_SECONDS), ascending. */
  seconds(): readonly number[] {
    this.sortedSeconds ??= [...this.recent.keys()].sort((a, b) => a - b);
    return this.sortedSeconds;
  }

  row(second: number): TimelineSecond | undefined {
    return this.recent.get(second);
  }

  /**
   * The whole run so far, oldest first, in at most about LIVE_HISTORY_ROWS +
   * LIVE_RETAIN_SECONDS rows: the seconds that left the recent rows folded `step`
   * to a row, then the recent seconds, one a row.
   */
  history(): { step: number; rows: TimelineSecond[] } {
    return { step: this.past.step, rows: [...this.past.rows(), ...this.seconds().map((s) => this.recent.get(s)!)] };
  }

  /** The whole run so far (the console judges the thresholds on it). */
  totals(): StatsWindow {
    return this.running.totals();
  }

  add(window: StatsWindow): MonitorResult {
    const second = window.second;
    if (!Number.isInteger(second) || second < 0 || second > 0xffffffff) {
      throw new StatsError('LF_ERR_STATS_SECOND', `window second ${second} is not an integer in 0..2^32-1`);
    }
    if (second <= this.floor || this.recent.has(second)) return { status: null, abortReason: null };
    const row = summarizeWindow(window, 1);
    this.recent.set(second, row);
    this.sortedSeconds = undefined;
    this.running.add(SOURCE, window);
    if (second > this.newest) {
      this.newest = second;
      this.dropOld();
    }
    const errors = sumCounters(this.running, names.ERRORS_PREFIX);
    const status = liveStatus(row, this.plan, this.startedAt, errors);
    if (this.latest_ === null || status.second >= this.latest_.second) this.latest_ = status;
    return { status, abortReason: this.checkAbort() };
  }

  private dropOld(): void {
    const floor = this.newest - LIVE_RETAIN_SECONDS;
    if (floor <= this.floor) return;
    this.floor = floor;
    const old: number[] = [];
    for (const s of this.recent.keys()) if (s <= floor) old.push(s);
    old.sort((a, b) => a - b);
    for (const s of old) {
      this.past.add(this.recent.get(s)!);
      this.recent.delete(s);
    }
  }

  private checkAbort(): string | null {
    const elapsed = this.now() - this.startedAt;
    const live = this.abortRules.filter((t) => elapsed >= t.abortDelayMs);
    if (live.length === 0) return null;
    // "No data" yet (no reply of that type so far) is not a failure to abort on; the final report still judges it.
    const results = evaluateThresholds(live, this.running.totals()).filter((r) => r.observed !== null);
    const failed = abortingThreshold(results, elapsed);
    if (!failed) return null;
    return `threshold "${failed.expr}" failed (observed ${failed.observed})`;
  }
}
