// Merging is exact: N workers' windows merged give what one recorder would have.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  StatsRecorder,
  emptyWindow,
  histogramSummary,
  mergeInto,
  mergeWindows,
  percentile,
  type StatsWindow,
} from '@loadfleet/stats';
import { expectSameHistogram, expectSameWindow, micros, windowOf } from './helpers.js';

/** Records (worker, value) pairs into one recorder per worker and into one for all. */
function recordSplit(samples: [number, number][], workers: number): { merged: StatsWindow; single: StatsWindow } {
  const recorders = Array.from({ length: workers }, () => new StatsRecorder());
  const single = new StatsRecorder();
  for (const [worker, value] of samples) {
    for (const r of [recorders[worker]!, single]) {
      r.record(r.histogram('response.chat'), value);
      r.add(r.counter('msg.in.chat'));
      r.add(r.counter('bytes.in'), value % 1000);
    }
  }
  const target = emptyWindow(7);
  for (const r of recorders) mergeInto(target, r.rotate(7));
  return { merged: target, single: single.rotate(7) };
}

describe('mergeInto / mergeWindows', () => {
  it('merging N workers equals recording everything in one place (property)', () => {
    const samples = (workers: number) =>
      fc.array(fc.tuple(fc.integer({ min: 0, max: workers - 1 }), micros), { minLength: 1, maxLength: 400 });
    const cases = fc.integer({ min: 1, max: 8 }).chain((w) => fc.tuple(fc.constant(w), samples(w)));
    fc.assert(
      fc.property(cases, ([workers, pairs]) => {
        const { merged, single } = recordSplit(pairs, workers);
        expect({ ...merged.counters }).toEqual({ ...single.counters });
        expectSameHistogram(merged.histograms['response.chat'], single.histograms['response.chat']);
        const m = merged.histograms['response.chat']!;
        const s = single.histograms['response.chat']!;
        expect(percentile(m, 99)).toBe(percentile(s, 99));
        expect(histogramSummary(m)).toEqual(histogramSummary(s));
        expect(merged.sources).toBe(workers);
      }),
      { numRuns: 150 },
    );
  });

  it('adds gauges across workers but takes the max of health gauges', () => {
    const a = windowOf(1, {}, {}, { 'users.active': 10, 'health.loopDelayP99Ms': 3, 'health.cpuPct': 90 });
    const b = windowOf(1, {}, {}, { 'users.active': 5, 'health.loopDelayP99Ms': 40, 'health.cpuPct': 20 });
    const m = mergeWindows(a, b);
    expect({ ...m.gauges }).toEqual({ 'users.active': 15, 'health.loopDelayP99Ms': 40, 'health.cpuPct': 90 });
    expect(m.sources).toBe(2);
  });

  it('leaves its inputs untouched and returns a frozen window', () => {
    const a = windowOf(3, { h: [1, 2, 3] }, { c: 1 });
    const b = windowOf(3, { h: [4, 5] }, { c: 2, d: 1 });
    const m = mergeWindows(a, b);
    expect({ ...a.counters }).toEqual({ c: 1 });
    expect(histogramSummary(a.histograms['h']!).count).toBe(3);
    expect(histogramSummary(m.histograms['h']!).count).toBe(5);
    expect({ ...m.counters }).toEqual({ c: 3, d: 1 });
    expect(Object.isFrozen(m)).toBe(true);
  });

  it('is associative and commutative on counts', () => {
    const ws = [
      windowOf(1, { h: [5, 50, 5000] }, { c: 1 }),
      windowOf(1, { h: [7] }, { c: 2 }),
      windowOf(1, { g: [9] }),
    ];
    const left = mergeWindows(mergeWindows(ws[0]!, ws[1]!), ws[2]!);
    const right = mergeWindows(ws[2]!, mergeWindows(ws[1]!, ws[0]!));
    expectSameWindow({ ...right, second: left.second }, left);
  });
});
