// The farm end to end, every part a real process: a controller, an aggregator,
// worker processes and the multi-process chat server, over real NATS and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@loadfleet/report';
import { startChatServer, type ChatServerHandle, type StatsDocument } from '../helpers/chat-server.js';
import { useInfra, type Infra } from '../helpers/infra.js';
import { startAggregator, startController, startWorker, type Child } from '../helpers/processes.js';

let infra: Infra;
let server: ChatServerHandle;
let controller: Child & { url: string };
const children: Child[] = [];

beforeAll(async () => {
  infra = await useInfra();
  server = await startChatServer({ procs: 2 });
  const ns = ['--namespace', infra.namespace, '--log-level', 'warn'];
  controller = await startController([...ns, '--insecure'], infra);
  children.push(startAggregator(ns, infra));
  for (const capacity of [400, 400, 200]) children.push(startWorker([...ns, '--capacity', String(capacity)], infra));
  await waitFor(async () => (await api<{ workers: unknown[] }>('/v1/workers')).workers.length === 3, 15_000);
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await controller?.stop();
  await server?.stop();
  await infra?.cleanup();
});

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${controller.url}${path}`, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function submit(yaml: string): Promise<string> {
  const res = await api<{ id: string }>('/v1/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: yaml,
  });
  return res.id;
}

async function finished(id: string): Promise<Report> {
  const ended = ['done', 'stopped', 'aborted', 'failed', 'cancelled'];
  await waitFor(async () => ended.includes((await api<{ state: string }>(`/v1/runs/${id}`)).state), 90_000);
  return api<Report>(`/v1/runs/${id}/report.json`);
}

const scenario = (rate: number, seconds: number) => `name: farm-e2e
target: 127.0.0.1:${server.port}
load:
  phases:
    - { duration: ${seconds}s, rate: ${rate} }
sessions:
  - name: s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - send: joinRoom
        fields: { room: 'room-{{random.int(1, 4)}}' }
      - send: chat
        fields: { room: 'room-1', text: hi }
      - think: 500ms
      - send: heartbeat
      - send: like
        fields: { room: 'room-1', count: 1 }
        wait: false
      - think: 200ms
      - close
`;

const diff = (after: StatsDocument, before: StatsDocument, kind: keyof StatsDocument['messagesIn']) =>
  after.messagesIn[kind] - before.messagesIn[kind];

describe('the farm, end to end', () => {
  it('runs a submitted scenario across the workers; the report matches the chat server exactly', async () => {
    const before = await server.stats();
    const id = await submit(scenario(200, 10));
    // A worker that joins mid-run gets quota too.
    await waitFor(async () => (await api<{ state: string }>(`/v1/runs/${id}`)).state === 'running', 30_000);
    await new Promise((r) => setTimeout(r, 4000));
    children.push(startWorker(['--namespace', infra.namespace, '--log-level', 'warn', '--capacity', '400'], infra));
    const report = await finished(id);
    const after = await server.stats();

    expect(report.run.state).toBe('done');
    for (const kind of ['login', 'joinRoom', 'chat', 'heartbeat', 'like'] as const) {
      expect({ kind, sent: report.totals.messages.out[kind] ?? 0 }).toEqual({ kind, sent: diff(after, before, kind) });
    }
    expect(report.totals.users.failed).toBe(0);
    expect(Math.abs(report.totals.users.started - 2000) / 2000).toBeLessThan(0.02);
    const workers = report.run.workers.filter((w) => w.users > 0);
    expect(workers.length).toBe(4);
  }, 120_000);
});
