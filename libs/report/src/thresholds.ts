import type { Threshold, ThresholdMetric } from '@loadfleet/scenario';
import { histogramSummary, names, sumCounters, type HistogramSummary, type StatsWindow } from '@loadfleet/stats';
import type { ThresholdResult } from './types.js';

type LatencyStat = Extract<ThresholdMetric, { kind: 'latency' }>['stat'];
type RateName = Extract<ThresholdMetric, { kind: 'rate' }>['rate'];

const STAT_FIELD: Record<LatencyStat, keyof HistogramSummary> = {
  p50: 'p50',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
  'p99.9': 'p999',
  max: 'max',
  mean: 'mean',
  min: 'min',
};

/**
 * Checks each threshold against run totals. Pure, so runners call it live on
 * the running totals for abort thresholds. A latency threshold on a histogram with
 * no values, or a rate with nothing to divide by, has no value and fails: "no data".
 */
export function evaluateThresholds(thresholds: readonly Threshold[], totals: StatsWindow): ThresholdResult[] {
  return thresholds.map((t) => {
    const observed = observe(t.metric, totals);
    const pass = observed !== null && compare(observed, t.op, t.value);
    return {
      expr: t.expr,
      metric: t.metric,
      op: t.op,
      limit: t.value,
      unit: t.metric.kind === 'latency' ? 'ms' : t.metric.kind === 'rate' ? 'ratio' : 'count',
      observed,
      pass,
      reason: observed === null ? 'no data' : null,
      abort: t.abort,
      abortDelayMs: t.abortDelayMs,
    };
  });
}

/** The first failed abort threshold whose delay has passed, if any: the runner stops the run for it. */
export function abortingThreshold(results: readonly ThresholdResult[], elapsedMs: number): ThresholdResult | undefined {
  return results.find((r) => r.abort && !r.pass && elapsedMs >= r.abortDelayMs);
}

function observe(metric: ThresholdMetric, w: StatsWindow): number | null {
  switch (metric.kind) {
    case 'latency': {
      const h = w.histograms[metric.histogram];
      if (h === undefined) return null;
      const s = histogramSummary(h);
      return s.count === 0 ? null : s[STAT_FIELD[metric.stat]];
    }
    case 'count':
      // "errors" counts every errors.<kind>; "msg.out.chat" just itself.
      return (w.counters[metric.counter] ?? 0) + sumCounters(w, `${metric.counter}.`);
    case 'rate':
      return rate(metric.rate, w);
  }
}

function rate(name: RateName, w: StatsWindow): number | null {
  const c = (counter: string) => w.counters[counter] ?? 0;
  switch (name) {
    case 'error_rate': {
      const requests = sumCounters(w, 'msg.out.');
      return requests === 0 ? 0 : sumCounters(w, names.ERRORS_PREFIX) / requests;
    }
    case 'login_rate':
      return ratio(c(names.USERS_LOGGED_IN), c(names.USERS_STARTED));
    case 'connect_success_rate':
      return ratio(c(names.CONN_ESTABLISHED), c(names.CONN_ATTEMPTED));
    case 'session_success_rate':
      return ratio(c(names.USERS_FINISHED), c(names.USERS_FINISHED) + c(names.USERS_FAILED));
  }
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function compare(observed: number, op: Threshold['op'], limit: number): boolean {
  switch (op) {
    case '<':
      return observed < limit;
    case '<=':
      return observed <= limit;
    case '>':
      return observed > limit;
    case '>=':
      return observed >= limit;
    case '==':
      return observed === limit;
  }
}
