// evaluateThresholds: every metric kind and operator, and the "no data" rule.
import { describe, expect, it } from 'vitest';
import type { Threshold } from '@loadfleet/scenario';
import { abortingThreshold, evaluateThresholds } from '@loadfleet/report';
import { StatsRecorder, emptyWindow, type StatsWindow } from '@loadfleet/stats';
import { threshold } from './fixtures.js';

function totals(counters: Record<string, number>, histograms: Record<string, number[]> = {}): StatsWindow {
  const r = new StatsRecorder();
  for (const [name, n] of Object.entries(counters)) r.add(r.counter(name), n);
  for (const [name, values] of Object.entries(histograms)) {
    const id = r.histogram(name);
    values.forEach((v) => r.record(id, v));
  }
  return r.rotate(1);
}

const one = (t: Threshold, w: StatsWindow) => evaluateThresholds([t], w)[0]!;
const p99 = (histogram: string, op: Threshold['op'], ms: number) =>
  threshold(`p99(${histogram}) ${op} ${ms}ms`, { kind: 'latency', histogram, stat: 'p99' }, op, ms);

describe('evaluateThresholds', () => {
  const w = totals(
    {
      'msg.out.chat': 900,
      'msg.out.login': 100,
      'errors.request_timeout': 7,
      'errors.protocol': 3,
      'users.started': 100,
      'users.loggedIn': 95,
      'users.finished': 80,
      'users.failed': 20,
      'conn.attempted': 200,
      'conn.established': 150,
    },
    { 'response.chat': Array.from({ length: 1000 }, (_, i) => (i + 1) * 100) },
  );

  it('reads every latency statistic in ms', () => {
    const stats = { p50: 50, p90: 90, p95: 95, p99: 99, 'p99.9': 99.9, max: 100, mean: 50.05, min: 0.1 } as const;
    for (const [stat, expected] of Object.entries(stats)) {
      const t = threshold(
        stat,
        { kind: 'latency', histogram: 'response.chat', stat: stat as keyof typeof stats },
        '<',
        1000,
      );
      expect(one(t, w).observed).toBeCloseTo(expected, 1);
      expect(one(t, w).unit).toBe('ms');
    }
  });

  it('applies each operator', () => {
    // 99 ms sits in an HDR bucket 8 µs wide: p99 reads as its top, 99.007 ms.
    const p = 99.007;
    const cases: [Threshold['op'], number, boolean][] = [
      ['<', p + 0.001, true],
      ['<', p, false],
      ['<=', p, true],
      ['>', p - 0.001, true],
      ['>', p, false],
      ['>=', p, true],
      ['==', p, true],
      ['==', 99, false],
    ];
    for (const [op, limit, pass] of cases) {
      const r = one(p99('response.chat', op, limit), w);
      expect(r.observed).toBe(p);
      expect([op, limit, r.pass]).toEqual([op, limit, pass]);
    }
  });

  it('computes the four rates', () => {
    const rate = (name: 'error_rate' | 'login_rate' | 'connect_success_rate' | 'session_success_rate') =>
      one(threshold(name, { kind: 'rate', rate: name }, '>=', 0), w);
    expect(rate('error_rate').observed).toBe(10 / 1000);
    expect(rate('login_rate').observed).toBe(0.95);
    expect(rate('connect_success_rate').observed).toBe(0.75);
    expect(rate('session_success_rate').observed).toBe(0.8);
    expect(rate('error_rate').unit).toBe('ratio');
  });

  it('counts a counter and, for a family name, all of its kinds', () => {
    const count = (counter: string) => one(threshold(counter, { kind: 'count', counter }, '<', 10), w);
    expect(count('errors').observed).toBe(10);
    expect(count('errors').pass).toBe(false);
    expect(count('errors.protocol').observed).toBe(3);
    expect(count('msg.out').observed).toBe(1000);
    expect(count('users.dropped').observed).toBe(0);
    expect(count('users.dropped').pass).toBe(true);
  });

  it('fails a threshold with no data instead of passing it', () => {
    const missing = one(p99('response.gift', '<', 1000), w);
    expect(missing).toMatchObject({ observed: null, pass: false, reason: 'no data' });
    const empty = emptyWindow(1);
    expect(one(threshold('login_rate', { kind: 'rate', rate: 'login_rate' }, '>', 0), empty)).toMatchObject({
      observed: null,
      pass: false,
      reason: 'no data',
    });
    // No requests, no errors: an error rate of 0, not "no data".
    expect(one(threshold('error_rate', { kind: 'rate', rate: 'error_rate' }, '<', 0.01), empty)).toMatchObject({
      observed: 0,
      pass: true,
      reason: null,
    });
  });

  it('names the abort threshold a runner must stop for, once its delay has passed', () => {
    const t = { ...p99('response.chat', '<', 10), abort: true, abortDelayMs: 30_000 };
    const results = evaluateThresholds([p99('response.chat', '<', 1), t], w);
    expect(abortingThreshold(results, 29_999)).toBeUndefined();
    expect(abortingThreshold(results, 30_000)?.expr).toBe(t.expr);
  });
});

describe('thresholds relative to a baseline', () => {
  const rel = (expr: string, metric: Threshold['metric'], op: Threshold['op'], factor: number): Threshold => ({
    ...threshold(expr, metric, op, 0),
    baseline: factor,
  });
  const chat = (ms: number) =>
    totals({ 'msg.out.chat': 1000 }, { 'response.chat': Array.from({ length: 100 }, () => ms * 1000) });
  const p99rel = rel(
    'p99(response.chat) < baseline * 1.10',
    { kind: 'latency', histogram: 'response.chat', stat: 'p99' },
    '<',
    1.1,
  );
  const sent = rel(
    'rate(messages.sent) > baseline * 0.95',
    { kind: 'throughput', counter: 'messages.sent' },
    '>',
    0.95,
  );
  const baseline = { runId: 'base-1', totals: chat(10), durationMs: 10_000 };

  it('pass and fail against the baseline value times the factor', () => {
    const [ok, okRate] = evaluateThresholds([p99rel, sent], chat(10.5), { durationMs: 10_000, baseline });
    expect(ok).toMatchObject({
      pass: true,
      observed: 10.5,
      reason: null,
      baseline: { runId: 'base-1', factor: 1.1, value: 10 },
    });
    expect(ok!.limit).toBeCloseTo(11, 9);
    expect(okRate).toMatchObject({ pass: true, observed: 100, unit: 'per_s', limit: 95 });
    const [slow, fewer] = evaluateThresholds([p99rel, sent], chat(12), { durationMs: 20_000, baseline });
    expect(slow).toMatchObject({ pass: false, observed: 12 });
    expect(fewer).toMatchObject({ pass: false, observed: 50, limit: 95 });
  });

  it('without a baseline: not checked, said so, and no failure', () => {
    const [r] = evaluateThresholds([p99rel], chat(50), { durationMs: 10_000 });
    expect(r).toMatchObject({
      pass: true,
      limit: null,
      observed: 50,
      reason: 'no baseline yet',
      baseline: { runId: null, value: null },
    });
  });
});
