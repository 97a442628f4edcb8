import { addInto, copyHistogram, type Histogram } from './histogram.js';
import { HEALTH_PREFIX } from './names.js';
import { emptyWindow, freezeWindow, newRecord, type StatsWindow } from './window.js';

/**
 * A run's totals, added to window by window, as `Timeline.totals()` gives them
 * (counters and histograms summed, gauges as in the newest second except health
 * gauges, which keep their worst), without keeping any second. Adding a window
 * allocates nothing once every histogram name has been seen: the histograms are
 * summed in place, and copied only when `totals()` is asked for. Windows must not
 * be added twice (the caller deduplicates).
 */
export class RunningTotals {
  private readonly counters_ = newRecord<number>();
  private readonly histograms = newRecord<Histogram>();
  private readonly healthMax = newRecord<number>();
  private newestGauges: Readonly<Record<string, number>> = newRecord<number>();
  private readonly sourceIds = new Set<string>();
  private newest = -1;
  private cached: StatsWindow | undefined;

  add(source: string, w: StatsWindow): void {
    for (const name in w.counters) this.counters_[name] = (this.counters_[name] ?? 0) + w.counters[name]!;
    for (const name in w.histograms) {
      const mine = this.histograms[name];
      if (mine === undefined) this.histograms[name] = copyHistogram(w.histograms[name]!);
      else addInto(mine, w.histograms[name]!);
    }
    for (const name in w.gauges)
      if (name.startsWith(HEALTH_PREFIX))
        this.healthMax[name] = Math.max(this.healthMax[name] ?? -Infinity, w.gauges[name]!);
    if (w.second >= this.newest) {
      this.newest = w.second;
      this.newestGauges = w.gauges;
    }
    this.sourceIds.add(source);
    this.cached = undefined;
  }

  /** The counters summed so far (live: read, do not keep). */
  get counters(): Readonly<Record<string, number>> {
    return this.counters_;
  }

  /** The whole run as one window (a frozen copy, kept until the next `add`). */
  totals(): StatsWindow {
    if (this.cached !== undefined) return this.cached;
    const t = emptyWindow(Math.max(this.newest, 0), this.sourceIds.size);
    Object.assign(t.counters, this.counters_);
    for (const name in this.histograms) t.histograms[name] = copyHistogram(this.histograms[name]!);
    for (const name in this.newestGauges)
      if (!name.startsWith(HEALTH_PREFIX)) t.gauges[name] = this.newestGauges[name]!;
    Object.assign(t.gauges, this.healthMax);
    this.cached = freezeWindow(t);
    return this.cached;
  }
}
