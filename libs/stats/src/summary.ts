import { asJs, lowestValueAt, valuesAt, type Histogram } from './histogram.js';

/** Latency figures in milliseconds, exact to the microsecond (never rounded further). */
export interface HistogramSummary {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
}

const SUMMARY_PERCENTILES = [50, 90, 95, 99, 99.9];

/**
 * The value (µs) at percentile q (0..100) under HdrHistogram's rule: the highest
 * value equivalent to the first bucket that reaches q% of the count, but never above
 * the exact recorded max. 0 for an empty histogram. Computed from bucket counts
 * only, so a merged histogram gives exactly what one recorder would have given.
 */
export function percentile(h: Histogram, q: number): number {
  const out = [0];
  percentilesInto(h, [q], out);
  return out[0]!;
}

/** count, min, max, mean, p50…p99.9 in ms with µs precision; one pass over the buckets. */
export function histogramSummary(h: Histogram): HistogramSummary {
  const values = [0, 0, 0, 0, 0];
  const meanUs = percentilesInto(h, SUMMARY_PERCENTILES, values);
  const js = asJs(h);
  const min = minMicros(h);
  const max = js.totalCount === 0 ? 0 : js.maxValue;
  return {
    count: js.totalCount,
    min: min / 1000,
    max: max / 1000,
    // Bucket midpoints can put the mean a hair outside the exact extremes.
    mean: Math.round(Math.min(Math.max(meanUs, min), max)) / 1000,
    p50: values[0]! / 1000,
    p90: values[1]! / 1000,
    p95: values[2]! / 1000,
    p99: values[3]! / 1000,
    p999: values[4]! / 1000,
  };
}

/** The exact smallest recorded value in µs (0 when a zero was recorded or nothing was). */
export function minMicros(h: Histogram): number {
  const js = asJs(h);
  if (js.totalCount === 0 || js.getCountAtIndex(0) > 0) return 0;
  return js.minNonZeroValue;
}

/** Fills out[i] with the value at qs[i] (ascending); returns the mean in µs. */
function percentilesInto(h: Histogram, qs: readonly number[], out: number[]): number {
  const js = asJs(h);
  const total = js.totalCount;
  out.fill(0);
  if (total === 0) return 0;
  const targets = qs.map((q) => countAtPercentile(q, total));
  const last = js.countsArrayIndex(js.maxValue);
  let seen = 0;
  let next = 0;
  let sum = 0;
  for (let i = 0; i <= last; i++) {
    const count = js.getCountAtIndex(i);
    if (count === 0) continue;
    // Integer bucket arithmetic: HDR's valueFromIndex() and friends use Math.pow per call.
    const lowest = lowestValueAt(i);
    const size = valuesAt(i);
    seen += count;
    sum += (lowest + Math.floor(size / 2)) * count;
    while (next < targets.length && seen >= targets[next]!) {
      const value = qs[next] === 0 ? lowest : lowest + size - 1;
      out[next++] = Math.min(value, js.maxValue);
    }
  }
  return sum / total;
}

/** HdrHistogram's rounding: up to the next whole count, at least the first entry. */
function countAtPercentile(q: number, total: number): number {
  const fp = (Math.min(Math.max(q, 0), 100) / 100) * total;
  const ulp = fp > 0 ? Math.pow(2, Math.floor(Math.log2(fp)) - 52) : 0;
  return Math.max(Math.ceil(fp - ulp), 1);
}
