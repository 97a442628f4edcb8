// StatsRecorder on a virtual clock: rotation, buffer reuse, frozen snapshots, clamping.
import hdr from 'hdr-histogram-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HIGHEST_TRACKABLE_US, StatsError, StatsRecorder, histogramSummary } from '@loadfleet/stats';
import { expectSameHistogram, micros } from './helpers.js';

describe('StatsRecorder: registration', () => {
  it('gives one id per name, idempotently, per kind', () => {
    const r = new StatsRecorder();
    const a = r.counter('a');
    expect(r.counter('b')).not.toBe(a);
    expect(r.counter('a')).toBe(a);
    expect(r.histogram('h')).toBe(r.histogram('h'));
    expect(r.gauge('g')).toBe(r.gauge('g'));
  });

  it('refuses one name as two kinds', () => {
    const r = new StatsRecorder();
    r.counter('x');
    expect(() => r.histogram('x')).toThrow(StatsError);
    try {
      r.gauge('x');
    } catch (err) {
      expect((err as StatsError).code).toBe('LF_ERR_STATS_NAME');
    }
  });

  it('keeps recording after registering more names than its initial capacity', () => {
    const r = new StatsRecorder();
    const ids = Array.from({ length: 100 }, (_, i) => r.counter(`c${i}`));
    ids.forEach((id, i) => r.add(id, i + 1));
    const w = r.rotate(1);
    expect(w.counters['c0']).toBe(1);
    expect(w.counters['c99']).toBe(100);
  });
});

describe('StatsRecorder: rotation on a virtual clock', () => {
  it('closes each second with what was recorded in it, and nothing else', () => {
    const r = new StatsRecorder();
    const sent = r.counter('msg.out.chat');
    const rt = r.histogram('response.chat');
    for (let second = 100; second < 110; second++) {
      for (let i = 0; i <= second - 100; i++) {
        r.add(sent);
        r.record(rt, 1000 * (second - 99));
      }
      const w = r.rotate(second);
      expect(w.second).toBe(second);
      expect(w.sources).toBe(1);
      expect(w.counters['msg.out.chat']).toBe(second - 99);
      const s = histogramSummary(w.histograms['response.chat']!);
      expect(s.count).toBe(second - 99);
      expect(s.min).toBe(s.max);
    }
  });

  it('leaves out zero counters and empty histograms, keeps gauges until they change', () => {
    const r = new StatsRecorder();
    const c = r.counter('c');
    const h = r.histogram('h');
    const g = r.gauge('users.active');
    r.gauge('never.set');
    r.add(c, 3);
    r.record(h, 5);
    r.set(g, 7);
    r.rotate(1);
    const w = r.rotate(2);
    expect({ ...w.counters }).toEqual({});
    expect({ ...w.histograms }).toEqual({});
    expect({ ...w.gauges }).toEqual({ 'users.active': 7 });
  });

  it('does not leak values between windows through the reused buffers', () => {
    const r = new StatsRecorder();
    const h = r.histogram('h');
    const c = r.counter('c');
    const seen: number[] = [];
    for (let second = 0; second < 6; second++) {
      r.record(h, 10 ** second);
      r.add(c, second + 1);
      const w = r.rotate(second);
      seen.push(w.counters['c']!);
      const s = histogramSummary(w.histograms['h']!);
      expect(s.count).toBe(1);
      expect(s.max).toBe(10 ** second / 1000);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('hands out snapshots that later rotations do not change, and that cannot be changed', () => {
    const r = new StatsRecorder();
    const h = r.histogram('h');
    const c = r.counter('c');
    r.record(h, 1234);
    r.add(c);
    const first = r.rotate(1);
    const before = histogramSummary(first.histograms['h']!);
    for (let i = 0; i < 5; i++) {
      r.record(h, 999_999);
      r.add(c, 10);
      r.rotate(2 + i);
    }
    expect(histogramSummary(first.histograms['h']!)).toEqual(before);
    expect(first.counters['c']).toBe(1);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.counters)).toBe(true);
    expect(() => {
      (first.counters as Record<string, number>)['c'] = 5;
    }).toThrow(TypeError);
  });
});

describe('StatsRecorder: record()', () => {
  it('clamps to [0, 1 h] and never throws', () => {
    const r = new StatsRecorder();
    const h = r.histogram('h');
    for (const v of [-5, NaN, -Infinity, Infinity, 1e15, 12.9, HIGHEST_TRACKABLE_US + 1]) r.record(h, v);
    const s = histogramSummary(r.rotate(1).histograms['h']!);
    expect(s.count).toBe(7);
    expect(s.min).toBe(0);
    expect(s.max).toBe(HIGHEST_TRACKABLE_US / 1000);
  });

  it('puts every value in the bucket hdr-histogram-js recordValue() would', () => {
    fc.assert(
      fc.property(fc.array(micros, { maxLength: 300 }), (values) => {
        const r = new StatsRecorder();
        const id = r.histogram('h');
        const reference = hdr.build({
          bitBucketSize: 64,
          highestTrackableValue: HIGHEST_TRACKABLE_US,
          autoResize: false,
        });
        for (const v of values) {
          r.record(id, v);
          reference.recordValue(v);
        }
        const w = r.rotate(1);
        if (values.length === 0) expect(w.histograms['h']).toBeUndefined();
        else expectSameHistogram(w.histograms['h'], reference);
      }),
      { numRuns: 200 },
    );
  });
});
