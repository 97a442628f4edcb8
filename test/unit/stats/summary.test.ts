// Percentiles and summaries: HdrHistogram's rule, in ms with µs precision.
import fc from 'fast-check';
import hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import {
  HIGHEST_TRACKABLE_US,
  countersByKind,
  histogramSummary,
  newHistogram,
  percentile,
  sumCounters,
} from '@loadfleet/stats';
import { micros, windowOf } from './helpers.js';

describe('percentile / histogramSummary', () => {
  it('agrees with hdr-histogram-js getValueAtPercentile, capped at the exact max (property)', () => {
    fc.assert(
      fc.property(
        fc.array(micros, { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (values, q) => {
          const ref = hdr.build({ bitBucketSize: 64, highestTrackableValue: HIGHEST_TRACKABLE_US, autoResize: false });
          values.forEach((v) => ref.recordValue(v));
          const h = windowOf(1, { h: values }).histograms['h']!;
          expect(percentile(h, q)).toBe(Math.min(ref.getValueAtPercentile(q), Math.max(...values)));
          const s = histogramSummary(h);
          expect(s.count).toBe(values.length);
          expect(s.min).toBe(Math.min(...values) / 1000);
          expect(s.max).toBe(Math.max(...values) / 1000);
          expect(s.mean).toBeCloseTo(Math.min(Math.max(ref.mean, Math.min(...values)), Math.max(...values)) / 1000, 2);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps microseconds: never rounds to two significant digits', () => {
    const s = histogramSummary(windowOf(1, { h: [1234, 1234, 1234] }).histograms['h']!);
    expect(s).toMatchObject({ count: 3, min: 1.234, max: 1.234, p50: 1.234, p99: 1.234, p999: 1.234, mean: 1.234 });
    const big = histogramSummary(windowOf(1, { h: [123_456] }).histograms['h']!);
    expect(big.max).toBe(123.456);
    expect(big.p50).toBeGreaterThanOrEqual(123.4);
    expect(big.p50).toBeLessThanOrEqual(123.456);
  });

  it('orders p50 ≤ p90 ≤ p95 ≤ p99 ≤ p99.9 ≤ max', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 1_000_000);
    const s = histogramSummary(windowOf(1, { h: values }).histograms['h']!);
    const order = [s.min, s.p50, s.p90, s.p95, s.p99, s.p999, s.max];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(s.p50).toBeCloseTo(500, -1);
  });

  it('gives zeros for an empty histogram', () => {
    expect(histogramSummary(newHistogram())).toEqual({
      count: 0,
      min: 0,
      max: 0,
      mean: 0,
      p50: 0,
      p90: 0,
      p95: 0,
      p99: 0,
      p999: 0,
    });
    expect(percentile(newHistogram(), 99)).toBe(0);
  });
});

describe('counter helpers', () => {
  it('sums and splits counters by prefix', () => {
    const w = windowOf(1, {}, { 'errors.protocol': 2, 'errors.request_timeout': 3, 'msg.out.chat': 7 });
    expect(sumCounters(w, 'errors.')).toBe(5);
    expect(sumCounters(w, 'nothing.')).toBe(0);
    expect({ ...countersByKind(w, 'errors.') }).toEqual({ protocol: 2, request_timeout: 3 });
  });
});
