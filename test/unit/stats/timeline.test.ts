// Timeline: windows merged by second, duplicates ignored, sealed seconds still exact.
import { describe, expect, it } from 'vitest';
import { StatsError, Timeline, histogramSummary, mergeWindows } from '@loadfleet/stats';
import { expectSameHistogram, expectSameWindow, windowOf } from './helpers.js';

describe('Timeline', () => {
  it('merges windows of one second from several sources', () => {
    const t = new Timeline();
    expect(t.add('w1', windowOf(10, { 'response.chat': [1000, 2000] }, { 'msg.out.chat': 2 }))).toBe(true);
    expect(t.add('w2', windowOf(10, { 'response.chat': [3000] }, { 'msg.out.chat': 1 }))).toBe(true);
    const row = t.row(10)!;
    expect(row.sources).toBe(2);
    expect(row.counters['msg.out.chat']).toBe(3);
    expect(row.latency['response.chat']!.count).toBe(3);
    expect(row.latency['response.chat']!.max).toBe(3);
  });

  it('ignores a window arriving twice for the same (source, second)', () => {
    const t = new Timeline();
    const w = windowOf(10, { h: [5] }, { c: 1 }, { 'users.active': 4 });
    expect(t.add('w1', w)).toBe(true);
    expect(t.add('w1', w)).toBe(false);
    expect(t.add('w1', windowOf(10, { h: [9] }, { c: 100 }))).toBe(false);
    expect(t.has('w1', 10)).toBe(true);
    expect(t.has('w2', 10)).toBe(false);
    expect(t.row(10)!.counters['c']).toBe(1);
    expect(t.totals().counters['c']).toBe(1);
    expect(histogramSummary(t.totals().histograms['h']!).count).toBe(1);
    expect(t.row(10)!.gauges['users.active']).toBe(4);
  });

  it('keeps seconds in order and totals: counters and histograms add, gauges from the last second, health max', () => {
    const t = new Timeline();
    t.add('w1', windowOf(3, { h: [30] }, { c: 3 }, { 'users.active': 30, 'health.cpuPct': 50 }));
    t.add('w1', windowOf(1, { h: [10] }, { c: 1 }, { 'users.active': 10, 'health.cpuPct': 95 }));
    t.add('w2', windowOf(3, { h: [31] }, { c: 4 }, { 'users.active': 5, 'health.cpuPct': 60 }));
    t.add('w1', windowOf(2, {}, { c: 2 }, { 'users.active': 20, 'health.cpuPct': 10 }));
    expect(t.seconds()).toEqual([1, 2, 3]);
    expect(t.rows().map((r) => r.second)).toEqual([1, 2, 3]);
    const totals = t.totals();
    expect(totals.counters['c']).toBe(10);
    expect(totals.gauges['users.active']).toBe(35);
    expect(totals.gauges['health.cpuPct']).toBe(95);
    expect(totals.sources).toBe(2);
    expect(totals.second).toBe(3);
    const all = windowOf(0, { h: [10, 30, 31] });
    expectSameHistogram(totals.histograms['h'], all.histograms['h']);
  });

  it('seals old seconds and still merges a late window into them exactly', () => {
    const t = new Timeline({ openSeconds: 1 });
    const early = windowOf(1, { h: [100, 200, 70_000] }, { c: 1 }, { g: 1 });
    t.add('w1', early);
    for (let s = 2; s < 10; s++) t.add('w1', windowOf(s, { h: [s] }, { c: s }));
    const rowBefore = t.row(1)!;
    expect(rowBefore.latency['h']!.count).toBe(3);
    expectSameWindow(t.window(1)!, { ...early, sources: 1 });

    const late = windowOf(1, { h: [300, 5] }, { c: 10 }, { g: 2 });
    expect(t.add('w2', late)).toBe(true);
    expectSameWindow(t.window(1)!, mergeWindows(early, late));
    expect(t.row(1)!.latency['h']!.count).toBe(5);
    expect(t.row(1)!.sources).toBe(2);
    expect(t.add('w2', late)).toBe(false);
    expect(t.totals().counters['c']).toBe(1 + 44 + 10);
  });

  it('refuses a window labelled with something other than a whole second', () => {
    const t = new Timeline();
    expect(() => t.add('w1', windowOf(1.5, {}))).toThrow(StatsError);
  });

  it('has empty totals before any window', () => {
    const totals = new Timeline().totals();
    expect({ ...totals.counters }).toEqual({});
    expect(totals.sources).toBe(0);
  });
});
