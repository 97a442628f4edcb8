// Shared builders and exact comparisons for the stats tests.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { JsHistogram } from 'hdr-histogram-js';
import { HIGHEST_TRACKABLE_US, StatsRecorder, type Histogram, type StatsWindow } from '@loadfleet/stats';

/** Latencies biased to the interesting ranges: exact small values, bucket edges, the clamp. */
export const micros = fc.oneof(
  fc.integer({ min: 0, max: 5_000 }),
  fc.integer({ min: 0, max: 2_000_000 }),
  fc.integer({ min: 0, max: HIGHEST_TRACKABLE_US }),
  fc.constantFrom(0, 1, 2047, 2048, 2049, 4095, 4096, 2 ** 31 - 1, 2 ** 31, HIGHEST_TRACKABLE_US),
);

/** One window holding each named histogram's values and each counter's increments. */
export function windowOf(
  second: number,
  histograms: Record<string, number[]>,
  counters: Record<string, number> = {},
  gauges: Record<string, number> = {},
): StatsWindow {
  const r = new StatsRecorder();
  for (const [name, values] of Object.entries(histograms)) {
    const id = r.histogram(name);
    for (const v of values) r.record(id, v);
  }
  for (const [name, n] of Object.entries(counters)) r.add(r.counter(name), n);
  for (const [name, v] of Object.entries(gauges)) r.set(r.gauge(name), v);
  return r.rotate(second);
}

/** Same count in every bucket, same total, and (unless countsOnly) the same exact extremes. */
export function expectSameHistogram(
  actual: Histogram | undefined,
  expected: Histogram | undefined,
  countsOnly = false,
): void {
  expect(actual === undefined).toBe(expected === undefined);
  if (actual === undefined || expected === undefined) return;
  const a = actual as JsHistogram;
  const e = expected as JsHistogram;
  expect(a.totalCount).toBe(e.totalCount);
  if (!countsOnly) {
    expect(a.maxValue).toBe(e.maxValue);
    expect(a.totalCount === 0 || a.minNonZeroValue === e.minNonZeroValue).toBe(true);
  }
  for (let i = 0; i < e.countsArrayLength; i++) {
    if (a.getCountAtIndex(i) !== e.getCountAtIndex(i)) {
      expect.fail(`bucket ${i}: ${a.getCountAtIndex(i)} != ${e.getCountAtIndex(i)}`);
    }
  }
}

export function expectSameWindow(actual: StatsWindow, expected: StatsWindow): void {
  expect(actual.second).toBe(expected.second);
  expect(actual.sources).toBe(expected.sources);
  expect({ ...actual.counters }).toEqual({ ...expected.counters });
  expect({ ...actual.gauges }).toEqual({ ...expected.gauges });
  expect(Object.keys(actual.histograms).sort()).toEqual(Object.keys(expected.histograms).sort());
  for (const name of Object.keys(expected.histograms)) {
    expectSameHistogram(actual.histograms[name], expected.histograms[name]);
  }
}
