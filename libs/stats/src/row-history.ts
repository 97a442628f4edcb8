import { HEALTH_PREFIX } from './names.js';
import type { HistogramSummary } from './summary.js';
import type { TimelineSecond } from './timeline.js';
import { newRecord } from './window.js';

/**
 * Rows folded into one, as a chart of a long run shows them: counters (and each
 * latency's count) averaged per row, so they stay rates per second; gauges as in
 * the last row, except health gauges, which keep their worst; latency quantiles
 * and extremes the worst of the group. Labelled with the last row's second.
 */
export function foldRows(group: readonly TimelineSecond[]): TimelineSecond {
  const last = group[group.length - 1]!;
  if (group.length === 1) return last;
  const n = group.length;
  const counters = newRecord<number>();
  const gauges = newRecord<number>();
  const latency = newRecord<HistogramSummary>();
  let sources = 0;
  for (const row of group) {
    sources = Math.max(sources, row.sources);
    for (const name in row.counters) counters[name] = (counters[name] ?? 0) + row.counters[name]! / n;
    for (const name in row.gauges) {
      const v = row.gauges[name]!;
      gauges[name] = name.startsWith(HEALTH_PREFIX) && gauges[name] !== undefined ? Math.max(gauges[name], v) : v;
    }
    for (const name in row.latency) {
      const h = row.latency[name]!;
      const w = latency[name];
      latency[name] = w
        ? {
            count: w.count + h.count / n,
            min: Math.min(w.min, h.min),
            max: Math.max(w.max, h.max),
            mean: Math.max(w.mean, h.mean),
            p50: Math.max(w.p50, h.p50),
            p90: Math.max(w.p90, h.p90),
            p95: Math.max(w.p95, h.p95),
            p99: Math.max(w.p99, h.p99),
            p999: Math.max(w.p999, h.p999),
          }
        : { ...h, count: h.count / n };
    }
  }
  // Non-health gauges are the last row's (a gauge the last row lacks keeps the newest value seen).
  for (const name in last.gauges) if (!name.startsWith(HEALTH_PREFIX)) gauges[name] = last.gauges[name]!;
  return Object.freeze({
    second: last.second,
    sources,
    counters: Object.freeze(counters),
    gauges: Object.freeze(gauges),
    latency: Object.freeze(latency),
  });
}

/**
 * A whole run's rows in bounded memory: at most `maxRows` rows, each folding `step`
 * consecutive rows (foldRows). When full, neighbours are folded in pairs and the step
 * doubles, so an hour or a day of seconds takes the same room.
 */
export class RowHistory {
  private rows_: TimelineSecond[] = [];
  private pending: TimelineSecond[] = [];
  private step_ = 1;

  constructor(readonly maxRows = 1200) {
    if (!Number.isInteger(maxRows) || maxRows < 2 || maxRows % 2 !== 0)
      throw new RangeError(`maxRows must be an even integer ≥ 2, not ${maxRows}`);
  }

  /** Rows folded per kept row (a power of 2). */
  get step(): number {
    return this.step_;
  }

  add(row: TimelineSecond): void {
    this.pending.push(row);
    if (this.pending.length < this.step_) return;
    this.rows_.push(foldRows(this.pending));
    this.pending = [];
    if (this.rows_.length < this.maxRows) return;
    const halved: TimelineSecond[] = [];
    for (let i = 0; i + 1 < this.rows_.length; i += 2) halved.push(foldRows([this.rows_[i]!, this.rows_[i + 1]!]));
    this.rows_ = halved;
    this.step_ *= 2;
  }

  /** The kept rows, oldest first, then the rows of the group not yet full (each as it came). */
  rows(): TimelineSecond[] {
    return [...this.rows_, ...this.pending];
  }
}
