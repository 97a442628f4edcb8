// The controller restarts: history is read back from Redis, a run the dead
// controller was executing ends as failed ("controller restarted") with StopRun
// and RunEnded, and runs still queued are executed by the new controller.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '@loadfleet/controller-service';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { FakeAggregator, FakeWorker, eventually } from './fakes.js';
import { WRITE_TOKEN, call, scenario, startController } from './setup.js';

const MAIN = fileURLToPath(new URL('../../../services/controller/dist/main.js', import.meta.url));

let infra: Infra;
let redis: Redis;
let aggregator: FakeAggregator;
let worker: FakeWorker;
const controllers: Controller[] = [];
let child: ChildProcess | null = null;

beforeAll(async () => {
  infra = await useInfra();
  redis = new Redis(infra.redisUrl);
  aggregator = await new FakeAggregator(infra.namespace, infra.natsUrl, redis).start();
  worker = await new FakeWorker('w1', infra.namespace, infra.natsUrl).start();
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await Promise.allSettled(controllers.map((c) => c.close()));
  await Promise.allSettled([worker?.close(), aggregator?.close()]);
  await redis?.quit();
  await infra?.cleanup();
});

/** The controller as its own process (so that it can die without a word). */
async function spawnController(): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    [MAIN, '--port', '0', '--namespace', infra.namespace, '--start-delay', '300ms', '--log-level', 'warn'],
    {
      env: { ...process.env, LOADFLEET_API_TOKEN: WRITE_TOKEN, REDIS_URL: infra.redisUrl, NATS_URL: infra.natsUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child = proc;
  const lines = createInterface({ input: proc.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  return { url: JSON.parse(line).url, proc };
}

describe('controller restart', () => {
  it('keeps the history, and ends a run the dead controller was executing as failed', async () => {
    const { url, proc } = await spawnController();
    const short = await call(url, 'POST', '/v1/runs', { body: scenario('    - { duration: 1s, rate: 4 }', 'short') });
    await eventually(
      async () => (await call(url, 'GET', `/v1/runs/${short.body.id}`)).body.state === 'done',
      15_000,
      'short run done',
    );
    const long = await call(url, 'POST', '/v1/runs', { body: scenario('    - { duration: 60s, rate: 4 }', 'long') });
    const queued = await call(url, 'POST', '/v1/runs', { body: scenario('    - { duration: 1s, rate: 4 }', 'queued') });
    expect(queued.body.queuePosition).toBe(1);
    await eventually(() => worker.granted(long.body.id) > 0, 10_000, 'grants of the long run');

    proc.kill('SIGKILL');
    await once(proc, 'exit');

    const next = await startController(infra);
    controllers.push(next);
    const base = next.url;
    // The run that was running: failed, workers told to stop, aggregators told to write what there is.
    const failed = (await call(base, 'GET', `/v1/runs/${long.body.id}`)).body;
    expect(failed).toMatchObject({ state: 'failed', stopReason: 'controller restarted' });
    await eventually(() => worker.runs.get(long.body.id)?.stop, 5000, 'StopRun');
    expect(worker.runs.get(long.body.id)!.stop).toMatchObject({ reason: 'controller restarted' });
    await eventually(() => aggregator.ended.find((e) => e.runId === long.body.id), 5000, 'RunEnded');
    expect(aggregator.ended.find((e) => e.runId === long.body.id)).toMatchObject({
      state: 'failed',
      stopReason: 'controller restarted',
    });

    // History survived, newest first; the finished run's report is still served.
    const list = (await call(base, 'GET', '/v1/runs')).body.runs.map((r: { name: string }) => r.name);
    expect(list).toEqual(['queued', 'long', 'short']);
    expect((await call(base, 'GET', `/v1/runs/${short.body.id}`)).body.state).toBe('done');
    expect((await call(base, 'GET', `/v1/runs/${short.body.id}/report.json`)).status).toBe(200);

    // The run still queued is executed by the new controller.
    await eventually(
      async () => (await call(base, 'GET', `/v1/runs/${queued.body.id}`)).body.state === 'done',
      20_000,
      'queued run done',
    );
    expect(worker.granted(queued.body.id)).toBe(4);
    // One controller per namespace: the next test starts its own.
    await next.close();
  });

  it('a graceful stop ends the running run as failed without waiting, and a new controller reads the history', async () => {
    const first = await startController(infra);
    const id = (
      await call(first.url, 'POST', '/v1/runs', { body: scenario('    - { duration: 60s, rate: 4 }', 'graceful') })
    ).body.id;
    await eventually(() => worker.granted(id) > 0, 10_000, 'grants');
    await first.close();
    await first.close(); // idempotent
    const second = await startController(infra);
    controllers.push(second);
    const rec = (await call(second.url, 'GET', `/v1/runs/${id}`)).body;
    expect(rec).toMatchObject({ state: 'failed', stopReason: 'controller shut down' });
    expect(worker.runs.get(id)!.stop).toMatchObject({ reason: 'controller shut down' });
    expect((await call(second.url, 'GET', '/v1/runs?limit=100')).body.runs.length).toBe(4);
  });
});
