import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison, Report } from '@loadfleet/report';
import { startChatServer, type ChatServerHandle } from '../helpers/chat-server.js';

/**
 * Issue 11, "Done when": two local runs against the chat server, the second against
 * one started with --extra-latency 20, compare as a regression on response latency
 * (exit 99, the histogram named); two runs of the same build compare as unchanged
 * (exit 0) on this shared, noisy machine.
 */
const CLI = new URL('../../services/cli/bin/loadfleet.js', import.meta.url).pathname;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const SCENARIO = `name: compare-e2e
target: 127.0.0.1:1
load: { model: closed, users: 200, rampUp: 1s, hold: 7s }
sessions:
  - name: talker
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - set: { room: 'r{{random.int(1, 10)}}' }
      - send: joinRoom
        fields: { room: '{{room}}' }
      - loop:
          duration: 60s
          steps:
            - send: chat
              fields: { room: '{{room}}', text: 'hi {{user.id}}' }
            - think: { distribution: uniform, min: 150ms, max: 250ms }
            - send: heartbeat
thresholds:
  - p50(response.chat) < baseline * 1.5
  - rate(messages.sent) > baseline * 0.5
`;

let normal: ChatServerHandle;
let worse: ChatServerHandle;
let dir: string;
let file: string;
beforeAll(async () => {
  [normal, worse] = await Promise.all([
    startChatServer({ procs: 1 }),
    startChatServer({ procs: 1, args: ['--extra-latency', '20'] }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'lf-compare-'));
  file = join(dir, 'scenario.yaml');
  writeFileSync(file, SCENARIO);
});
afterAll(async () => {
  await Promise.all([normal?.stop(), worse?.stop()]);
});

async function runAgainst(server: ChatServerHandle, out: string, code: number, baseline?: string): Promise<Report> {
  const more = baseline ? ['--baseline', baseline] : [];
  const r = await cli([
    'run',
    file,
    '--quiet',
    '--target',
    `127.0.0.1:${server.port}`,
    '--out',
    join(dir, out),
    ...more,
  ]);
  expect(r.code, r.stderr + r.stdout).toBe(code);
  return JSON.parse(readFileSync(join(dir, out, 'report.json'), 'utf8')) as Report;
}

describe('loadfleet compare and baselines on real runs', () => {
  it('relative thresholds: none without a baseline, fail (99) and pass against one; compare: same build unchanged, --extra-latency 20 a regression', async () => {
    // The scenario's thresholds are relative to a baseline: the first run has none and says so.
    const baseReport = await runAgainst(normal, 'base', 0);
    expect(baseReport.thresholds.map((t) => [t.pass, t.reason])).toEqual([
      [true, 'no baseline yet'],
      [true, 'no baseline yet'],
    ]);
    expect(baseReport.notes.join('\n')).toMatch(/2 threshold\(s\) relative to the baseline were not checked/);
    // The worse build against the base: its median reply is 20 ms later, far over base * 1.5: exit 99.
    const slowReport = await runAgainst(worse, 'slow', 99, join(dir, 'base'));
    expect(slowReport.run.baselineId).toBe(baseReport.run.id);
    expect(slowReport.thresholds.map((t) => t.pass)).toEqual([false, true]);
    const p50 = slowReport.thresholds[0]!;
    expect(p50.baseline!.value).toBe(baseReport.latency.find((l) => l.name === 'response.chat')!.p50);
    expect(p50.limit).toBeCloseTo(p50.baseline!.value! * 1.5, 9);
    // The same build against the worse one as its baseline passes both.
    const sameReport = await runAgainst(normal, 'same', 0, join(dir, 'slow', 'report.json'));
    expect(sameReport.thresholds.map((t) => t.pass)).toEqual([true, true]);
    const [base, same, slow] = ['base', 'same', 'slow'].map((d) => join(dir, d, 'report.json')) as [
      string,
      string,
      string,
    ];

    const unchanged = await cli(['compare', base, same, '--out', join(dir, 'cmp-same')]);
    const c1 = JSON.parse(readFileSync(join(dir, 'cmp-same', 'compare.json'), 'utf8')) as Comparison;
    expect({ code: unchanged.code, regressions: c1.regressions }).toEqual({ code: 0, regressions: [] });
    expect(unchanged.stdout).toContain('UNCHANGED (exit 0)');

    const regressed = await cli(['compare', base, slow, '--out', join(dir, 'cmp-slow')]);
    expect(regressed.code).toBe(99);
    expect(regressed.stdout).toMatch(/REGRESSION \(exit 99\)/);
    expect(regressed.stdout).toMatch(/^ {2}response\.chat p50: .* beyond noise/m);
    const c2 = JSON.parse(readFileSync(join(dir, 'cmp-slow', 'compare.json'), 'utf8')) as Comparison;
    const median = c2.figures.find((f) => f.name === 'response.chat' && f.stat === 'p50')!;
    expect(median).toMatchObject({ significant: true, worse: true });
    // 20 ms held per request: at least that much more at the median.
    expect(median.change!).toBeGreaterThanOrEqual(19);
    expect(readFileSync(join(dir, 'cmp-slow', 'compare.html'), 'utf8')).toContain('REGRESSION');
  }, 180_000);
});
