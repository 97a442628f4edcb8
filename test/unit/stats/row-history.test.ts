// RunningTotals and RowHistory: the controller's live view of a run in bounded memory, its totals exact.
import { describe, expect, it } from 'vitest';
import { RowHistory, RunningTotals, Timeline, foldRows, type TimelineSecond } from '@loadfleet/stats';
import { expectSameWindow, windowOf } from './helpers.js';

describe('RunningTotals', () => {
  it('gives the totals a Timeline gives for the same windows, without keeping any second', () => {
    const windows = [
      windowOf(3, { h: [30] }, { c: 3 }, { 'users.active': 30, 'health.cpuPct': 50 }),
      windowOf(1, { h: [10, 70_000] }, { c: 1 }, { 'users.active': 10, 'health.cpuPct': 95 }),
      windowOf(2, {}, { c: 2, d: 5 }, { 'users.active': 20, 'health.cpuPct': 10 }),
      windowOf(4, { h: [31], k: [7] }, { c: 4 }, { 'users.active': 5, 'health.cpuPct': 60 }),
    ];
    const t = new Timeline();
    const r = new RunningTotals();
    for (const w of windows) {
      t.add('fleet', w);
      r.add('fleet', w);
    }
    expectSameWindow(r.totals(), t.totals());
    expect(r.counters['c']).toBe(10);
    // totals() is a copy: adding more does not change a totals already handed out.
    const before = r.totals();
    r.add('fleet', windowOf(5, { h: [1] }, { c: 1 }));
    expect(before.counters['c']).toBe(10);
    expect(r.totals().counters['c']).toBe(11);
  });
});

const row = (second: number, c: number, cpu: number, p99: number): TimelineSecond => ({
  second,
  sources: 1,
  counters: { c },
  gauges: { 'users.active': second, 'health.cpuPct': cpu },
  latency: { h: { count: c, min: 1, max: p99, mean: 1, p50: 1, p90: 1, p95: 1, p99, p999: p99 } },
});

describe('RowHistory', () => {
  it('folds rows: counters averaged, gauges the last but health the worst, latency the worst', () => {
    const f = foldRows([row(1, 2, 90, 5), row(2, 4, 10, 50)]);
    expect(f.second).toBe(2);
    expect(f.counters['c']).toBe(3);
    expect(f.gauges['users.active']).toBe(2);
    expect(f.gauges['health.cpuPct']).toBe(90);
    expect(f.latency['h']!.p99).toBe(50);
    expect(f.latency['h']!.count).toBe(3);
  });

  it('holds at most maxRows rows however many come, doubling its step', () => {
    const h = new RowHistory(8);
    for (let s = 0; s < 1000; s++) h.add(row(s, 6, 1, s));
    expect(h.rows().length).toBeLessThanOrEqual(8 + h.step);
    expect(h.step).toBe(128);
    expect(h.rows()[0]!.second).toBe(127);
    expect(h.rows().every((r) => r.counters['c'] === 6)).toBe(true);
    expect(h.rows().at(-1)!.second).toBe(999);
  });
});
