// Timeline retention and RowHistory: a live view's memory stays bounded, its totals exact.
import { describe, expect, it } from 'vitest';
import { RowHistory, Timeline, foldRows, type TimelineSecond } from '@loadfleet/stats';
import { windowOf } from './helpers.js';

describe('Timeline with retainSeconds', () => {
  it('keeps the newest retainSeconds seconds, drops older ones, in order, and refuses windows for them', () => {
    const dropped: number[] = [];
    const t = new Timeline({ openSeconds: 2, retainSeconds: 10, dropped: (row) => dropped.push(row.second) });
    for (const s of [5, 3, 4, 1, 2]) t.add('w', windowOf(s, { h: [s] }, { c: 1 }));
    for (let s = 6; s <= 40; s++) t.add('w', windowOf(s, { h: [s] }, { c: 1 }));
    expect(t.seconds()).toEqual(Array.from({ length: 10 }, (_, i) => 31 + i));
    expect(dropped).toEqual(Array.from({ length: 30 }, (_, i) => 1 + i));
    expect(t.add('w2', windowOf(30, {}, { c: 100 }))).toBe(false);
    expect(t.droppedLate).toBe(1);
    expect(t.add('w2', windowOf(31, {}, { c: 100 }))).toBe(true);
    expect(t.totals().counters['c']).toBe(140);
  });

  it('keeps every second by default', () => {
    const t = new Timeline();
    for (let s = 0; s < 2000; s++) t.add('w', windowOf(s, {}, { c: 1 }));
    expect(t.seconds().length).toBe(2000);
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
