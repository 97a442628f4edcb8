import { describe, expect, it } from 'vitest';
import {
  buildReport,
  compareReports,
  decodeReportHistogram,
  mannWhitneyP,
  renderCompareHtml,
  renderCompareTable,
  type Report,
} from '@loadfleet/report';
import { StatsRecorder, Timeline, histogramSummary, names } from '@loadfleet/stats';
import { START_MS, START_SECOND, plan } from './fixtures.js';

/** A seeded run of `seconds`: 200 chat replies a second, latency 1-3 ms with noise, plus `extraMs`; `errors` timeouts a second. */
function run(
  seed: number,
  opts: { extraMs?: number; seconds?: number; errorsPerSecond?: number; rate?: number } = {},
): Report {
  let x = seed;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const seconds = opts.seconds ?? 10;
  const r = new StatsRecorder();
  const chatOut = r.counter(names.msgOut('chat'));
  const timeout = r.counter(names.error('request_timeout'));
  const chat = r.histogram(names.response('chat'));
  const timeline = new Timeline();
  for (let s = 0; s < seconds; s++) {
    const n = opts.rate ?? 200;
    for (let i = 0; i < n; i++) {
      r.add(chatOut);
      r.record(chat, 1000 + rand() * 2000 + (rand() < 0.02 ? rand() * 20_000 : 0) + (opts.extraMs ?? 0) * 1000);
    }
    r.add(timeout, opts.errorsPerSecond ?? 0);
    timeline.add('local', r.rotate(START_SECOND + s));
  }
  return buildReport({
    runId: `run-${seed}`,
    plan: plan(),
    state: 'done',
    startedAt: START_MS,
    endedAt: START_MS + seconds * 1000,
    timeline,
  });
}

describe('Mann-Whitney U', () => {
  it('finds no difference between equal samples and a clear one between separated samples', () => {
    expect(mannWhitneyP([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])).toBeCloseTo(1, 6);
    const low = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(
      mannWhitneyP(
        low,
        low.map((v) => v + 100),
      ),
    ).toBeLessThan(0.001);
    expect(mannWhitneyP(low, [])).toBe(1);
  });
});

describe('compareReports', () => {
  it('report.json carries the exact merged histograms; compare reads its percentiles from them', () => {
    const base = run(1);
    const decoded = histogramSummary(decodeReportHistogram(base.histograms['response.chat']!));
    const row = base.latency.find((l) => l.name === 'response.chat')!;
    expect(decoded).toEqual({ ...row, name: undefined, ...decoded });
    expect(decoded.p99).toBe(row.p99);
    expect(decoded.max).toBe(row.max);
    const c = compareReports(base, run(2));
    const p99 = c.figures.find((f) => f.name === 'response.chat' && f.stat === 'p99')!;
    expect(p99.base).toBe(row.p99);
  });

  it('two runs of the same build compare as unchanged (exit 0)', () => {
    for (const [a, b] of [
      [1, 2],
      [3, 4],
      [5, 6],
    ] as const) {
      const c = compareReports(run(a), run(b));
      expect(c.regressions).toEqual([]);
      expect(c).toMatchObject({ verdict: 'unchanged', exitCode: 0 });
    }
  });

  it('20 ms more response latency is a regression naming the histogram (exit 99)', () => {
    const c = compareReports(run(1), run(2, { extraMs: 20 }));
    expect(c).toMatchObject({ verdict: 'regression', exitCode: 99 });
    expect(c.regressions.some((r) => r.startsWith('response.chat p50:'))).toBe(true);
    const p50 = c.figures.find((f) => f.name === 'response.chat' && f.stat === 'p50')!;
    expect(p50).toMatchObject({ significant: true, worse: true, gated: true });
    expect(p50.change!).toBeGreaterThan(19);
    // The other way round it is an improvement, not a regression.
    const back = compareReports(run(2, { extraMs: 20 }), run(1));
    expect(back.exitCode).toBe(0);
    expect(back.improvements.length).toBeGreaterThan(0);
    expect(renderCompareTable(c)).toContain('REGRESSION (exit 99)');
    expect(renderCompareHtml(c)).toContain('response.chat');
  });

  it('a small shift inside the minimum effect is not a regression', () => {
    const c = compareReports(run(1), run(2, { extraMs: 0.05 }));
    expect(c.exitCode).toBe(0);
  });

  it('more errors and less throughput are regressions', () => {
    const errors = compareReports(run(1), run(2, { errorsPerSecond: 10 }));
    expect(errors.regressions.some((r) => r.startsWith('error_rate:'))).toBe(true);
    const slower = compareReports(run(1), run(2, { rate: 150 }));
    expect(slower.regressions.some((r) => r.startsWith('messages.sent:'))).toBe(true);
  });

  it('too few seconds: shown, never significant', () => {
    const c = compareReports(run(1, { seconds: 2 }), run(2, { seconds: 2, extraMs: 20 }));
    const p50 = c.figures.find((f) => f.name === 'response.chat' && f.stat === 'p50')!;
    expect(p50.significant).toBe(false);
    expect(p50.change!).toBeGreaterThan(19);
  });
});
