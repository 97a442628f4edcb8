// The examples of issue 9 against the reference chat server: examples/im-lite.yaml
// (a protocol loadfleet knows only from its folder) over `--wire im-lite`, and
// examples/ws-chatroom.yaml over `--ws-port`, locally and on the farm. Every per-kind
// message count and the connection and login counts of report.json equal the
// server's /stats exactly.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '@loadfleet/report';
import { LocalRunner } from '@loadfleet/runner';
import { loadScenarioFile } from '@loadfleet/scenario';
import { startChatServer, type ChatServerHandle, type StatsDocument } from '../helpers/chat-server.js';
import { startFarm, type Farm } from '../helpers/farm.js';
import { useInfra, type Infra } from '../helpers/infra.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const CLI = fileURLToPath(new URL('../../services/cli/bin/loadfleet.js', import.meta.url));
const exec = promisify(execFile);

const stop: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const s of stop.reverse()) await s();
});

/**
 * An example scenario made short (a few seconds of arrivals, a few rounds of each
 * loop) and pointed at `target`, written beside copies of its users.csv and protocol
 * folder so that its relative paths still resolve. Its users who would hang up
 * without leaving the room leave it first: a user that hangs up while pushes are on
 * their way loses them (the server counts them sent, the user never reads them), and
 * then the two sides' counts could not be compared exactly. A user that has its leave
 * answered has read everything the room sent it before.
 */
function shortened(example: string, target: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lf-wire-'));
  copyFileSync(join(EXAMPLES, 'users.csv'), join(dir, 'users.csv'));
  cpSync(join(EXAMPLES, 'protocols'), join(dir, 'protocols'), { recursive: true });
  const text = readFileSync(join(EXAMPLES, example), 'utf8')
    .replace(/^target: .*$/m, `target: ${target}`)
    .replace(/duration: 15s\n(\s+)rate: \{ from: 5, to: 50 \}/, 'duration: 2s\n$1rate: { from: 5, to: 20 }')
    .replace(/duration: 25s\n(\s+)rate: 50/, 'duration: 3s\n$1rate: 20')
    .replace(/count: [68]\n/g, 'count: 2\n')
    .replace(/mean: 1500ms, min: 200ms, max: 8s/, 'mean: 300ms, min: 50ms, max: 1s')
    .replace(/mean: 2500ms, stddev: 800ms, min: 1s, max: 5s/, 'mean: 300ms, stddev: 100ms, min: 100ms, max: 1s')
    .replace(
      /- weight: 1\n(\s+)steps: \[\]( # some users just hang up)?\n(\s+- close)/,
      (_m, indent: string, _c, close: string) => `- weight: 1\n${indent}steps: [{ send: ${leave(example)} }]\n${close}`,
    )
    .replace(/- \{ weight: 1, steps: \[\] \}/, `- { weight: 1, steps: [{ send: ${leave(example)} }] }`);
  const file = join(dir, example);
  writeFileSync(file, text);
  return file;
}

/** The leave step of an example (its field spelled as the protocol names it). */
function leave(example: string): string {
  return example === 'im-lite.yaml'
    ? "leaveRoomReq, fields: { room_id: '{{room}}' }"
    : "leave, fields: { room: '{{room}}' }";
}

/** Every count both sides keep, side by side: [name, report, server]. */
function pairs(report: Report, stats: StatsDocument): [string, number, number][] {
  const t = report.totals;
  const out: [string, number, number][] = [
    ['logins', t.users.loggedIn, stats.logins],
    ['connections', t.connections.established, stats.connections.accepted],
  ];
  for (const [k, n] of Object.entries(stats.messagesIn)) out.push([`msg.out.${k}`, t.messages.out[k] ?? 0, n]);
  for (const [k, n] of Object.entries(stats.repliesOut)) out.push([`msg.in.${k}`, t.messages.in[k] ?? 0, n]);
  for (const [k, n] of Object.entries(stats.eventsOut)) out.push([`event.in.${k}`, t.messages.events[k] ?? 0, n]);
  return out;
}

function expectEqualCounts(report: Report, stats: StatsDocument): void {
  const rows = pairs(report, stats);
  expect(rows.filter(([, a, b]) => a !== b)).toEqual([]);
  // Not vacuous: the run did send and receive.
  expect(report.totals.users.loggedIn).toBeGreaterThan(10);
  expect(rows.some(([k, n]) => k.startsWith('event.in.') && n > 0)).toBe(true);
}

async function server(args: string[]): Promise<ChatServerHandle> {
  const s = await startChatServer({ procs: 2, args });
  stop.push(() => s.stop());
  return s;
}

describe('examples/im-lite.yaml and examples/ws-chatroom.yaml against the chat server', () => {
  it('im-lite, local run: report counts equal the server /stats by kind', async () => {
    const s = await server(['--wire', 'im-lite']);
    expect(s.wire).toBe('im-lite');
    const plan = loadScenarioFile(shortened('im-lite.yaml', `127.0.0.1:${s.port}`));
    const report = await new LocalRunner(plan, { seed: 3 }).run();
    expect(report.totals.errors.byKind).toEqual({});
    expectEqualCounts(report, await s.stats());
    // Replies in order matched their requests: every answered request was timed.
    expect(report.latency.find((l) => l.name === 'response.sendTextReq')?.count).toBe(
      report.totals.messages.out.sendTextReq,
    );
    expect(report.latency.find((l) => l.name === 'delivery.textPush')?.count).toBeGreaterThan(0);
  });

  it('WebSocket, local run: report counts equal the server /stats by kind', async () => {
    const s = await server(['--ws-port', '0']);
    const plan = loadScenarioFile(shortened('ws-chatroom.yaml', `ws://127.0.0.1:${s.wsPort}/`));
    const report = await new LocalRunner(plan, { seed: 4 }).run();
    expect(report.totals.errors.byKind).toEqual({});
    expectEqualCounts(report, await s.stats());
  });

  it('im-lite on the farm: the protocol files travel with the submission; counts equal /stats', async () => {
    const infra: Infra = await useInfra();
    stop.push(() => infra.cleanup());
    const s = await server(['--wire', 'im-lite']);
    const farm: Farm = await startFarm({ infra, server: s, workers: [{ capacity: 300 }, { capacity: 300 }] });
    stop.push(() => farm.stop());
    const file = shortened('im-lite.yaml', `127.0.0.1:${s.port}`);
    const out = join(mkdtempSync(join(tmpdir(), 'lf-wire-out-')), 'report');
    // Through the CLI, as a user submits: it reads the scenario, users.csv and the protocol folder.
    await exec(process.execPath, [
      CLI,
      'submit',
      file,
      '--api',
      farm.controller!.url,
      '--follow',
      '--quiet',
      '--out',
      out,
    ]).catch((err: { code?: number; stdout?: string; stderr?: string }) => {
      if (err.code === 99) return; // a threshold failed on a busy machine: the counts still count
      throw new Error(`submit failed (${err.code}): ${err.stderr}\n${err.stdout}`);
    });
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.totals.errors.byKind).toEqual({});
    expectEqualCounts(report, await s.stats());
  });
});
