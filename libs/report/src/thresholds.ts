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
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  totals: StatsWindow,
  context: ThresholdContext = {},
): ThresholdResult[] {
  const seconds = (context.durationMs ?? 0) / 1000;
  return thresholds.map((t) => {
    const observed =
      t.metric.kind === 'monitor' ? monitorStat(t.metric, context.monitor) : observe(t.metric, totals, seconds);
    const relative = t.baseline === undefined ? null : baselineLimit(t, context.baseline ?? null);
    const limit = relative === null ? t.value : relative.limit;
    let reason: string | null = observed === null ? 'no data' : null;
    let pass = observed !== null && limit !== null && compare(observed, t.op, limit);
    if (t.metric.kind === 'monitor' && observed === null) {
      // A failed scrape never fails the run: the rule is shown unchecked.
      reason = 'no monitor data (scrapes failed or none yet)';
      pass = true;
    }
    if (relative !== null && relative.limit === null) {
      // Nothing to compare with yet: said so, and not a failure.
      reason = relative.why;
      pass = true;
    }
    return {
      expr: t.expr,
      metric: t.metric,
      op: t.op,
      limit,
      unit: UNITS[t.metric.kind],
      observed,
      pass,
      reason,
      abort: t.abort,
      abortDelayMs: t.abortDelayMs,
      baseline:
        relative === null
          ? null
          : { runId: context.baseline?.runId ?? null, factor: t.baseline!, value: relative.value },
    };
  });
}

const UNITS: Record<ThresholdMetric['kind'], ThresholdResult['unit']> = {
  latency: 'ms',
  rate: 'ratio',
  count: 'count',
  throughput: 'per_s',
  monitor: 'value',
};

/** The run a relative threshold (`< baseline * 1.10`) is measured against: its totals and duration. */
export interface ThresholdBaseline {
  runId: string;
  totals: StatsWindow;
  durationMs: number;
}

export interface ThresholdContext {
  /** The run's duration so far (ms): rate(counter) divides by it. */
  durationMs?: number;
  /** The baseline run; null or absent: relative thresholds pass with "no baseline yet". */
  baseline?: ThresholdBaseline | null;
  /** Monitor series by name (`chat.process_cpu_seconds_total:rate`) -> their values. */
  monitor?: Readonly<Record<string, { points: readonly { value: number }[] }>>;
}

function baselineLimit(
  t: Threshold,
  baseline: ThresholdBaseline | null,
): { limit: number | null; value: number | null; why: string } {
  if (baseline === null) return { limit: null, value: null, why: 'no baseline yet' };
  const value = observe(t.metric, baseline.totals, baseline.durationMs / 1000);
  if (value === null) return { limit: null, value: null, why: `the baseline run ${baseline.runId} has no data for it` };
  return { limit: value * t.baseline!, value, why: '' };
}

/** The first failed abort threshold whose delay has passed, if any: the runner stops the run for it. */
export function abortingThreshold(results: readonly ThresholdResult[], elapsedMs: number): ThresholdResult | undefined {
  return results.find((r) => r.abort && !r.pass && elapsedMs >= r.abortDelayMs);
}

/** rate(messages.sent) is rate(msg.out): the names a reader expects for the engine's counters. */
const THROUGHPUT_ALIASES: Record<string, string> = {
  'messages.sent': 'msg.out',
  'messages.received': 'msg.in',
  'events.received': 'event.in',
};

function monitorStat(
  metric: Extract<ThresholdMetric, { kind: 'monitor' }>,
  monitor: ThresholdContext['monitor'],
): number | null {
  const points = monitor?.[metric.series]?.points ?? [];
  if (points.length === 0) return null;
  const values = points.map((p) => p.value);
  if (metric.stat === 'max') return Math.max(...values);
  if (metric.stat === 'min') return Math.min(...values);
  return values.reduce((a, v) => a + v, 0) / values.length;
}

function observe(metric: ThresholdMetric, w: StatsWindow, seconds: number): number | null {
  switch (metric.kind) {
    case 'monitor':
      return null;
    case 'throughput': {
      if (seconds <= 0) return null;
      const name = THROUGHPUT_ALIASES[metric.counter] ?? metric.counter;
      return ((w.counters[name] ?? 0) + sumCounters(w, `${name}.`)) / seconds;
    }
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
