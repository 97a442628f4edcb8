// A worker whose Redis goes away mid-run buffers its stats records and flushes them, in order, when it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { busNames, codecs, type BusNames } from '@loadfleet/bus';
import type { StatsRecord } from '@loadfleet/protocol';
import { parseScenario } from '@loadfleet/scenario';
import { decodeWindow } from '@loadfleet/stats';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { FakeController, waitFor } from './fake-controller.js';
import { privateRedis, type PrivateServer } from '../../helpers/faults.js';
import { startWorker, type Child } from '../../helpers/processes.js';

let server: ChatServerHandle;
let infra: Infra;
let nc: NatsConnection;
let names: BusNames;
let controller: FakeController;
let worker: Child | undefined;
let redisServer: PrivateServer;

beforeAll(async () => {
  // Our own redis-server, stopped and started by its PID. Its append-only file keeps
  // what was written before the outage, so the test can check that no record is lost.
  [server, infra, redisServer] = await Promise.all([startChatServer({ procs: 1 }), useInfra(), privateRedis()]);
  names = busNames(infra.namespace);
  nc = await connect({ servers: infra.natsUrl });
  controller = new FakeController(nc, names);
  await controller.start();
});

afterAll(async () => {
  await worker?.stop('SIGKILL');
  await controller?.close();
  await nc?.close();
  await redisServer?.close();
  await infra?.cleanup();
  await server?.stop();
});

describe('worker with Redis unreachable', () => {
  it('buffers records while Redis is down and flushes them in order when it is back: none lost', async () => {
    const redisUrl = redisServer.url;
    const plan = parseScenario(`
name: outage
target: 127.0.0.1:${server.port}
load:
  phases:
    - { duration: 8s, rate: 10 }
sessions:
  - name: s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - loop:
          count: 5
          steps:
            - send: heartbeat
            - think: 300ms
      - close
`);
    const before = await server.stats();
    worker = startWorker(['--namespace', infra.namespace, '--id', 'w-out'], { redisUrl, natsUrl: infra.natsUrl });
    const startAt = await controller.putRun('run-o', plan, { users: 80, rate: 10 });
    await waitFor('users running', () => (controller.lastHeartbeat('w-out')?.activeUsers ?? 0) > 0);
    await new Promise((r) => setTimeout(r, 1500));

    // Redis goes away for a few seconds, in the middle of the run.
    expect(await redisServer.stop('SIGTERM')).toBe(0);
    await waitFor('records buffered', () => (controller.lastHeartbeat('w-out')?.bufferedRecords ?? 0) >= 3, 15_000);
    expect(worker.logs()).toMatch(/redis unreachable: stats records are buffered/);
    await redisServer.start();
    await waitFor('buffer flushed', () => controller.lastHeartbeat('w-out')?.bufferedRecords === 0, 20_000);
    expect(worker.logs()).toMatch(/redis is back/);

    await waitFor(
      'schedule over and users ended',
      () =>
        controller.granted.get('run-o') === 80 &&
        Date.now() > startAt + 8000 &&
        controller.lastHeartbeat('w-out')?.activeUsers === 0,
    );
    await controller.stopRun('run-o');
    await waitFor('WorkerDone', () => controller.done.some((d) => d.runId === 'run-o'));
    const done = controller.done.find((d) => d.runId === 'run-o')!;

    const redis = new Redis(redisUrl);
    try {
      const entries = await redis.xrangeBuffer(names.redis.statsStream, '-', '+');
      const records = entries.map(([, f]) => codecs.statsRecord.decode(f[1]!)!).filter((r) => r.runId === 'run-o');
      // In order, every one of them, exactly once.
      expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
      expect(done).toMatchObject({ records: records.length, droppedRecords: 0 });
      const after = await server.stats();
      const received = Object.keys(after.messagesIn).reduce(
        (n, k) =>
          n +
          after.messagesIn[k as keyof typeof after.messagesIn] -
          before.messagesIn[k as keyof typeof before.messagesIn],
        0,
      );
      expect(sum(records, 'msg.out.')).toBe(received);
      expect(sum(records, 'users.started')).toBe(80);
    } finally {
      redis.disconnect();
    }
  });
});

function sum(records: StatsRecord[], prefix: string): number {
  let n = 0;
  for (const r of records)
    for (const [k, v] of Object.entries(decodeWindow(r.window).counters)) if (k.startsWith(prefix)) n += v;
  return n;
}
