// buildReport from a synthetic two-worker timeline: totals, rows, verdict, exit codes.
import { describe, expect, it } from 'vitest';
import {
  EXIT_ABORTED_BY_THRESHOLD,
  EXIT_PASSED,
  EXIT_RUN_FAILED,
  EXIT_THRESHOLD_FAILED,
  REPORT_SCHEMA_VERSION,
  arrivalShortfall,
  buildReport,
  renderSummary,
  type ReportInput,
} from '@loadfleet/report';
import { Timeline } from '@loadfleet/stats';
import { START_MS, START_SECOND, plan, syntheticTimeline, threshold } from './fixtures.js';

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    runId: 'run-1',
    plan: plan(),
    state: 'done',
    startedAt: START_MS,
    endedAt: START_MS + 60_000,
    timeline: syntheticTimeline(),
    ...overrides,
  };
}

const chatP99Under = (ms: number) =>
  threshold(`p99(response.chat) < ${ms}ms`, { kind: 'latency', histogram: 'response.chat', stat: 'p99' }, '<', ms);

describe('buildReport', () => {
  const report = buildReport(
    input({
      workers: [
        { id: 'w1', host: 'gen-1', users: 150 },
        { id: 'w2', host: 'gen-2', users: 150 },
      ],
    }),
  );

  it('describes the run', () => {
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(report.run).toMatchObject({
      id: 'run-1',
      scenario: 'chat-basic',
      sourceHash: 'sha256:0123abcd',
      state: 'done',
      stopReason: null,
      durationMs: 60_000,
      loadModel: 'open',
      targets: ['10.0.0.5:7000'],
    });
    expect(report.run.startedAt).toBe(new Date(START_MS).toISOString());
    expect(report.run.workers).toHaveLength(2);
  });

  it('sums the totals of both workers over every second', () => {
    const t = report.totals;
    expect(t.users).toEqual({ started: 600, finished: 550, failed: 0, dropped: 0, loggedIn: 600, peakActive: 50 });
    expect(t.connections).toMatchObject({
      attempted: 600,
      established: 598,
      failed: 2,
      failedByReason: { refused: 2 },
      peakOpen: 50,
    });
    expect(t.messages).toMatchObject({
      outTotal: 12_000 + 600,
      inTotal: 12_000,
      out: { chat: 12_000, login: 600 },
      in: { ack: 12_000 },
    });
    expect(t.bytes).toEqual({ out: 12_000 * 64, in: 0 });
    expect(t.errors).toEqual({ total: 6, byKind: { request_timeout: 6 } });
    expect(t.counters['users.started']).toBe(600);
  });

  it('summarizes each latency histogram exactly, in ms', () => {
    const chat = report.latency.find((l) => l.name === 'response.chat')!;
    expect(chat.count).toBe(12_000);
    expect(chat.min).toBe(1);
    expect(chat.max).toBe(19.9);
    expect(chat.p50).toBeCloseTo(1.99, 2);
    expect(report.latency.map((l) => l.name)).toEqual([
      'response.chat',
      'response.login',
      'delivery',
      'lateness.start',
    ]);
  });

  it('has one timeline row per second with the merged figures', () => {
    expect(report.timeline).toHaveLength(60);
    const row = report.timeline[30]!;
    expect(row).toMatchObject({ second: START_SECOND + 30, t: 30, sources: 2 });
    expect(row.users).toMatchObject({ active: 50, started: 10, target: null });
    expect(row.arrivals).toEqual({ achieved: 10, target: 10 });
    expect(row.connections.open).toBe(50);
    expect(row.messagesOut).toEqual({ chat: 200, login: 10 });
    expect(row.errors).toEqual({ request_timeout: 6 });
    expect(row.latency['response.chat']!.count).toBe(200);
    expect(row.latency['response.chat']!.max).toBe(19.9);
    expect(report.timeline[0]!.arrivals.target).toBeCloseTo(7.5, 6); // the run began 250 ms into its first second
  });

  it('flags the saturated seconds and warns that their latencies may be inflated', () => {
    expect(report.health.saturatedSeconds).toEqual([40, 41, 42, 43, 44]);
    expect(report.health.secondsSaturated).toBe(5);
    expect(report.health.loopDelayP99MaxMs).toBe(80);
    expect(report.health.warning).toMatch(/could not keep up for 5 s/);
    expect(report.health.warning).toMatch(/inflated/);
    expect(report.warnings).toContain(report.health.warning);
    expect(report.timeline[41]!.health.saturated).toBe(true);
    expect(report.timeline[39]!.health.saturated).toBe(false);
  });

  it('compares achieved with scheduled arrivals', () => {
    expect(report.arrivals).toEqual({
      target: 600,
      achieved: 600,
      dropped: 0,
      ratio: 1,
      spacing: 'uniform',
      drawn: 600,
      chanceBand: 0,
    });
  });

  describe('Poisson arrivals: the count varies by chance (σ = √n)', () => {
    const poisson = (rate: number) =>
      plan({
        load: {
          model: 'open',
          arrivals: 'poisson',
          maxUsers: 0,
          phases: [{ name: 'p', durationMs: 60_000, fromRate: rate, toRate: rate, sessionWeights: null }],
        },
      });

    it('no warning for a count chance explains: 600 started where 636 are expected (94 %, 1.4σ)', () => {
      const r = buildReport(input({ plan: poisson(10.6) }));
      expect(r.arrivals).toMatchObject({ target: 636, achieved: 600, drawn: 600, spacing: 'poisson', chanceBand: 76 });
      expect(r.warnings.filter((w) => /arrivals/.test(w))).toEqual([]);
      expect(renderSummary(r)).toMatch(
        /arrivals[ .]+600 started of 600 drawn \(Poisson: 636 expected ± 76 by chance, 3σ\)/,
      );
    });

    it('a warning beyond chance: 600 started where 1,200 are expected (17σ)', () => {
      const r = buildReport(input({ plan: poisson(20) }));
      expect(r.warnings).toContainEqual(
        expect.stringMatching(
          /^Only 600 arrivals started of 1200 expected \(50\.0%\): 17\.3σ below, more than chance explains/,
        ),
      );
    });

    it('the rule itself: 3σ below the expected count is the edge', () => {
      const at = (achieved: number) =>
        arrivalShortfall({
          target: 400,
          achieved,
          dropped: 0,
          ratio: achieved / 400,
          spacing: 'poisson',
          drawn: achieved,
          chanceBand: 60,
        });
      expect(at(340)).toBeNull(); // 3σ below (σ = 20)
      expect(at(339)).toMatch(/3\.0σ below/);
      // Uniform arrivals are an exact count: 95 % is the edge.
      const uniform = { target: 400, dropped: 0, spacing: 'uniform' as const, chanceBand: 0 };
      expect(arrivalShortfall({ ...uniform, achieved: 380, drawn: 380, ratio: 0.95 })).toBeNull();
      expect(arrivalShortfall({ ...uniform, achieved: 379, drawn: 379, ratio: 379 / 400 })).toMatch(/94\.8%/);
    });
  });

  it('passes with exit code 0 when every threshold passes', () => {
    const r = buildReport(input({ plan: plan({ thresholds: [chatP99Under(50)] }) }));
    expect(r.thresholds[0]).toMatchObject({ pass: true, unit: 'ms' });
    expect([r.verdict, r.exitCode]).toEqual(['pass', EXIT_PASSED]);
  });

  it('fails with 99 when a threshold fails, 98 when aborted, 1 when the run failed', () => {
    const failing = plan({ thresholds: [chatP99Under(50), chatP99Under(5)] });
    expect(buildReport(input({ plan: failing })).exitCode).toBe(EXIT_THRESHOLD_FAILED);
    expect(buildReport(input({ plan: failing })).verdict).toBe('fail');
    const aborted = buildReport(input({ state: 'aborted', stopReason: 'p99(response.chat) < 5ms' }));
    expect([aborted.verdict, aborted.exitCode, aborted.run.stopReason]).toEqual([
      'fail',
      EXIT_ABORTED_BY_THRESHOLD,
      'p99(response.chat) < 5ms',
    ]);
    expect(buildReport(input({ state: 'failed' })).exitCode).toBe(EXIT_RUN_FAILED);
    expect(buildReport(input({ state: 'stopped' })).exitCode).toBe(EXIT_PASSED);
  });

  it('warns about lost workers and missed arrivals, and keeps the notes', () => {
    const r = buildReport(
      input({
        plan: plan({
          load: {
            model: 'open',
            arrivals: 'uniform',
            maxUsers: 0,
            phases: [{ name: 'p', durationMs: 60_000, fromRate: 20, toRate: 20, sessionWeights: null }],
          },
        }),
        workers: [{ id: 'w3', host: 'gen-3', users: 512, lost: true }],
        notes: ['worker w3 lost at 12:01:05, 512 sessions died'],
      }),
    );
    expect(r.arrivals.ratio).toBe(0.5);
    expect(r.warnings.some((w) => w.includes('w3') && w.includes('lost'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('50.0% of the scheduled arrivals'))).toBe(true);
    expect(r.notes).toEqual(['worker w3 lost at 12:01:05, 512 sessions died']);
  });

  it('reports an empty run without failing', () => {
    const r = buildReport(input({ timeline: new Timeline() }));
    expect(r.timeline).toEqual([]);
    expect(r.latency).toEqual([]);
    expect(r.totals.users.started).toBe(0);
    expect(r.warnings).toContain('No statistics were received for this run.');
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
