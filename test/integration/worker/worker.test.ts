// `loadfleet worker` as a child process against real NATS + Redis, a fake controller and the real chat server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { busNames, codecs, type BusNames } from '@loadfleet/bus';
import type { StatsRecord } from '@loadfleet/protocol';
import { parseScenario, type Plan } from '@loadfleet/scenario';
import { decodeWindow, names as statNames } from '@loadfleet/stats';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { FakeController, waitFor } from './fake-controller.js';
import { startWorker, type Child } from '../../helpers/processes.js';

let server: ChatServerHandle;
let infra: Infra;
let nc: NatsConnection;
let redis: Redis;
let names: BusNames;
let controller: FakeController;
let worker: Child | undefined;

const planFor = (port: number): Plan =>
  parseScenario(`
name: worker-it
target: 127.0.0.1:${port}
load:
  phases:
    - { duration: 10s, rate: 50 }
sessions:
  - name: chatter
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - send: joinRoom
        fields: { room: 'r{{random.int(1, 3)}}' }
      - send: chat
        fields: { room: 'r1', text: 'hi {{user.id}}' }
      - think: 200ms
      - send: heartbeat
      - close
`);

/** Every StatsRecord of a run in the stream, in stream order. */
async function recordsOf(runId: string): Promise<StatsRecord[]> {
  const entries = await redis.xrangeBuffer(names.redis.statsStream, '-', '+');
  return entries.map(([, fields]) => codecs.statsRecord.decode(fields[1]!)!).filter((r) => r.runId === runId);
}

function sumCounter(records: StatsRecord[], prefix: string): number {
  let n = 0;
  for (const r of records) {
    const w = decodeWindow(r.window);
    for (const [name, v] of Object.entries(w.counters)) if (name.startsWith(prefix)) n += v;
  }
  return n;
}

const messagesIn = async () => Object.values((await server.stats()).messagesIn).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  [server, infra] = await Promise.all([startChatServer({ procs: 2 }), useInfra()]);
  names = busNames(infra.namespace);
  nc = await connect({ servers: infra.natsUrl });
  redis = new Redis(infra.redisUrl);
  controller = new FakeController(nc, names);
  await controller.start();
});

afterAll(async () => {
  await worker?.stop('SIGKILL');
  await controller?.close();
  await nc?.close();
  redis?.disconnect();
  await infra?.cleanup();
  await server?.stop();
});

describe('loadfleet worker', () => {
  it('joins a run that was active before it started, runs its users against the chat server, and reports exact counts', async () => {
    const plan = planFor(server.port);
    const before = await messagesIn();
    // The run is in the KV bucket before the worker exists: a mid-run join.
    await controller.putRun('run-a', plan, { users: 100, rate: 50 });
    worker = startWorker(['--namespace', infra.namespace, '--id', 'w-a', '--capacity', '500'], infra);
    await waitFor('worker heartbeat', () => controller.lastHeartbeat('w-a') !== undefined);
    const hb = controller.lastHeartbeat('w-a')!;
    expect(hb).toMatchObject({ capacity: 500, weight: 1, capacityLimit: 'configured', pid: worker.pid });

    // The pace: 100 users at 50/s; then every session ends on its own.
    await waitFor('every user started and ended', async () => {
      const rs = await recordsOf('run-a');
      return (
        sumCounter(rs, statNames.USERS_STARTED) === 100 && (controller.lastHeartbeat('w-a')?.activeUsers ?? 1) === 0
      );
    });
    expect(controller.requests.some((r) => r.workerId === 'w-a' && r.weight === 1)).toBe(true);
    await controller.stopRun('run-a');
    await waitFor('WorkerDone', () => controller.done.some((d) => d.runId === 'run-a'));
    const done = controller.done.find((d) => d.runId === 'run-a')!;

    const records = await recordsOf('run-a');
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(done).toMatchObject({
      workerId: 'w-a',
      records: records.length,
      droppedRecords: 0,
      lastSecond: records.at(-1)!.second,
    });
    const received = (await messagesIn()) - before;
    expect(sumCounter(records, 'msg.out.')).toBe(received);
    expect(sumCounter(records, 'msg.out.chat')).toBe(100);
    expect(sumCounter(records, statNames.USERS_FINISHED)).toBe(100);
    expect(sumCounter(records, statNames.USERS_FAILED)).toBe(0);
  });

  it('finds a run put while it is running; a KV delete without StopRun also stops it', async () => {
    const plan = planFor(server.port);
    const before = await messagesIn();
    await controller.putRun('run-b', plan, { users: 30, rate: 30 });
    await waitFor('users started', async () => sumCounter(await recordsOf('run-b'), statNames.USERS_STARTED) === 30);
    await waitFor(
      'users ended',
      () => (controller.lastHeartbeat('w-a')?.runs.find((r) => r.runId === 'run-b')?.activeUsers ?? 1) === 0,
    );
    await controller['kv']!.delete('run-b');
    await waitFor('WorkerDone', () => controller.done.some((d) => d.runId === 'run-b'));
    const records = await recordsOf('run-b');
    expect(sumCounter(records, 'msg.out.')).toBe((await messagesIn()) - before);
  });

  it('stops a run whose controller falls silent', async () => {
    const silent = new FakeController(nc, names, 'silent-controller');
    await silent.start({ heartbeat: false });
    await silent.putRun('run-c', planFor(server.port), { users: 1, rate: 1 }, { ownerTimeoutMs: 1500 });
    await waitFor('WorkerDone after the owner timeout', () => silent.done.some((d) => d.runId === 'run-c'));
    expect(worker!.logs()).toMatch(/controller silent-controller silent for/);
    await silent.close();
  });

  it('on SIGTERM stops its runs gracefully, says WorkerDone and exits 0', async () => {
    await controller.putRun('run-d', planFor(server.port), { users: 1000, rate: 20 });
    await waitFor(
      'users running',
      () => (controller.lastHeartbeat('w-a')?.runs.find((r) => r.runId === 'run-d')?.activeUsers ?? 0) > 0,
    );
    expect(await worker!.stop('SIGTERM')).toBe(0);
    worker = undefined;
    await waitFor('WorkerDone', () => controller.done.some((d) => d.runId === 'run-d'));
    const records = await recordsOf('run-d');
    expect(controller.done.find((d) => d.runId === 'run-d')!.records).toBe(records.length);
    const started = sumCounter(records, statNames.USERS_STARTED);
    expect(started).toBeGreaterThan(0);
    expect(
      sumCounter(records, statNames.USERS_FINISHED) +
        sumCounter(records, statNames.USERS_FAILED) +
        sumCounter(records, statNames.USERS_INTERRUPTED),
    ).toBe(started);
  });

  it('--procs 2 runs two worker processes with distinct ids and forwards SIGTERM', async () => {
    const sup = startWorker(['--namespace', infra.namespace, '--id', 'multi', '--procs', '2'], infra);
    try {
      await waitFor('both heartbeats', () =>
        ['multi-1', 'multi-2'].every((id) => controller.lastHeartbeat(id) !== undefined),
      );
      const [a, b] = ['multi-1', 'multi-2'].map((id) => controller.lastHeartbeat(id)!);
      expect(a!.pid).not.toBe(b!.pid);
      expect(a!.pid).not.toBe(sup.pid);
      expect(await sup.stop('SIGTERM')).toBe(0);
    } finally {
      await sup.stop('SIGKILL');
    }
  });
});
