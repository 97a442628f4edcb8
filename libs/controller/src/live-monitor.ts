import { abortingThreshold, evaluateThresholds } from '@loadfleet/report';
import { liveStatus, type LiveStatus } from '@loadfleet/runtime';
import type { Plan } from '@loadfleet/scenario';
import { RowHistory, Timeline, names, sumCounters, type StatsWindow, type TimelineSecond } from '@loadfleet/stats';

/** The aggregators' rollups are merged under one source: each second arrives already merged across workers. */
const SOURCE = 'fleet';
/**
 * Seconds kept whole (exact windows, for rollups that arrive late). Older seconds
 * leave the timeline; only the running totals and a folded history cover the whole run.
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
 * A run's live view on the controller: LiveRollup windows merged into a
 * Timeline, the newest second as a LiveStatus (the same line local mode
 * prints), and the plan's abort thresholds evaluated on the running totals
 * after each second, exactly as LocalRunner does. Its memory does not grow with
 * the run's length: the timeline keeps the last LIVE_RETAIN_SECONDS seconds, and
 * older seconds live on only as folded history rows (the report is the
 * aggregator's, from every second).
 */
export class LiveMonitor {
  private readonly past = new RowHistory(LIVE_HISTORY_ROWS);
  private readonly timeline = new Timeline({
    retainSeconds: LIVE_RETAIN_SECONDS,
    dropped: (row) => this.past.add(row),
  });
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

  /** The seconds still kept whole (the last LIVE_RETAIN_SECONDS), ascending; each as a row. */
  seconds(): readonly number[] {
    return this.timeline.seconds();
  }

  /**
   * The whole run so far, oldest first, in at most about LIVE_HISTORY_ROWS +
   * LIVE_RETAIN_SECONDS rows: the seconds that left the timeline folded `step` to a row,
   * then the seconds still kept, one a row.
   */
  history(): { step: number; rows: TimelineSecond[] } {
    return {
      step: this.past.step,
      rows: [...this.past.rows(), ...this.timeline.seconds().map((s) => this.timeline.row(s)!)],
    };
  }

  row(second: number): TimelineSecond | undefined {
    return this.timeline.row(second);
  }

  /** The whole run so far (the console judges the thresholds on it). */
  totals(): StatsWindow {
    return this.timeline.totals();
  }

  add(window: StatsWindow): MonitorResult {
    if (!this.timeline.add(SOURCE, window)) return { status: null, abortReason: null };
    const totals = this.timeline.totals();
    const row = this.timeline.row(window.second);
    // A second so late that it was dropped at once: its counts are in the totals only.
    if (row === undefined) return { status: null, abortReason: this.checkAbort(totals) };
    const status = liveStatus(row, this.plan, this.startedAt, sumCounters(totals, names.ERRORS_PREFIX));
    if (this.latest_ === null || status.second >= this.latest_.second) this.latest_ = status;
    return { status, abortReason: this.checkAbort(totals) };
  }

  private checkAbort(totals: StatsWindow): string | null {
    const elapsed = this.now() - this.startedAt;
    const live = this.abortRules.filter((t) => elapsed >= t.abortDelayMs);
    if (live.length === 0) return null;
    // "No data" yet (no reply of that type so far) is not a failure to abort on; the final report still judges it.
    const results = evaluateThresholds(live, totals).filter((r) => r.observed !== null);
    const failed = abortingThreshold(results, elapsed);
    if (!failed) return null;
    return `threshold "${failed.expr}" failed (observed ${failed.observed})`;
  }
}
