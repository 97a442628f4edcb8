import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '@loadfleet/runner';
import { parseScenario } from '@loadfleet/scenario';
import { startChatServer, type ChatServerHandle } from '../helpers/chat-server.js';
import { freePort } from '../helpers/processes.js';

const CLI = new URL('../../services/cli/bin/loadfleet.js', import.meta.url).pathname;
const run = promisify(execFile);

let server: ChatServerHandle;
beforeAll(async () => {
  server = await startChatServer({ procs: 2 });
});
afterAll(async () => {
  await server?.stop();
});

const scenario = (target: string, body: string) => `name: e2e\ntarget: ${target}\n${body}`;

describe('local run against the real chat server', () => {
  it('reports exactly the messages the server received, at the target arrival rate', async () => {
    const before = await server.stats();
    const plan = parseScenario(
      scenario(
        `127.0.0.1:${server.port}`,
        `
load:
  phases:
    - { duration: 20s, rate: 200 }
sessions:
  - name: short
    weight: 3
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - send: joinRoom
        fields: { room: 'r{{random.int(1, 5)}}' }
      - send: heartbeat
      - send: like
        fields: { room: 'r1', count: 2 }
        wait: false
      - close
  - name: talker
    weight: 1
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - set: { room: 'r{{random.int(1, 5)}}' }
      - send: joinRoom
        fields: { room: '{{room}}' }
      - send: chat
        fields: { room: '{{room}}', text: 'hello {{user.id}}' }
      - think: { distribution: uniform, min: 100ms, max: 300ms }
      - send: gift
        fields: { room: '{{room}}', giftId: 3, count: 1, value: 10 }
      - send: beam
        fields: { room: '{{room}}', beamId: 1, value: 5 }
      - send: leave
        fields: { room: '{{room}}' }
      - close
`,
      ),
    );
    const report = await new LocalRunner(plan, { seed: 7 }).run();
    const after = await server.stats();

    const sent = report.totals.messages.out;
    for (const kind of ['login', 'joinRoom', 'heartbeat', 'like', 'chat', 'gift', 'beam', 'leave']) {
      const received =
        after.messagesIn[kind as keyof typeof after.messagesIn] -
        before.messagesIn[kind as keyof typeof before.messagesIn];
      expect({ kind, sent: sent[kind] ?? 0 }).toEqual({ kind, sent: received });
    }
    expect(report.totals.users.started).toBe(4000);
    expect(report.totals.users.failed).toBe(0);
    expect(report.totals.users.dropped).toBe(0);
    const achieved = report.totals.users.started / 20;
    expect(Math.abs(achieved - 200) / 200).toBeLessThan(0.02);
    expect(report.totals.users.loggedIn).toBe(4000);
    expect(report.verdict).toBe('pass');
  });

  it('counts connect errors against an unreachable target and still reports', async () => {
    const port = await freePort();
    const plan = parseScenario(
      scenario(
        `127.0.0.1:${port}`,
        `
load:
  phases:
    - { duration: 2s, rate: 20 }
sessions:
  - name: s
    steps:
      - connect
      - send: heartbeat
`,
      ),
    );
    const report = await new LocalRunner(plan).run();
    expect(report.totals.users.started).toBe(40);
    expect(report.totals.users.failed).toBe(40);
    expect(report.totals.connections.failedByReason.refused).toBe(40);
    expect(report.run.state).toBe('done');
  });

  it('exits non-zero when a threshold fails, and writes the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-e2e-'));
    const file = join(dir, 'fail.yaml');
    writeFileSync(
      file,
      scenario(
        `127.0.0.1:${server.port}`,
        `
load:
  phases:
    - { duration: 2s, rate: 10 }
sessions:
  - name: s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - close
thresholds:
  - 'count(users.started) < 1'
`,
      ),
    );
    const out = join(dir, 'report');
    const err = await run(process.execPath, [CLI, 'run', file, '--out', out, '--quiet']).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(err?.code).toBe(99);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.verdict).toBe('fail');
  });
});
