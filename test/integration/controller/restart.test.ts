// The controller restarts: history is read back from Redis, a run the dead (or
// stopped) controller was executing is taken over by the next one — no StopRun,
// its schedule resumed, the handover noted — and runs still queued are executed
// by the new controller. Before leadership (issue 13) the run ended "failed".
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
  it('keeps the history, and the next controller takes over the run the dead one was executing', async () => {
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
    await eventually(() => worker.granted(long.body.id) > 4, 10_000, 'grants of the long run');
    const oldSpec = worker.runs.get(long.body.id)!.spec;
    expect(oldSpec.fence).toBeGreaterThan(0);

    proc.kill('SIGKILL');
    await once(proc, 'exit');
    const before = worker.runs.get(long.body.id)!.grants.filter((g) => g.count > 0);
    const lastId = Math.max(...before.map((g) => g.firstUserId + g.count - 1));

    const next = await startController(infra);
    controllers.push(next);
    const base = next.url;
    // The run is not failed: the next controller takes it over once the dead one's lease lapses.
    expect((await call(base, 'GET', `/v1/runs/${long.body.id}`)).body.state).toBe('running');
    await eventually(() => next.isLeader, 20_000, 'the next controller leads');
    await eventually(
      () => worker.runs.get(long.body.id)!.spec.controllerId === next.id,
      10_000,
      'the RunSpec under the new leader',
    );
    expect(worker.runs.get(long.body.id)!.spec.fence).toBeGreaterThan(oldSpec.fence);
    expect(worker.runs.get(long.body.id)!.stop).toBeNull();
    // Grants go on, with ids above every id the dead controller granted, under the new token.
    await eventually(
      () => worker.granted(long.body.id) > before.reduce((a, g) => a + g.count, 0) + 4,
      15_000,
      'grants resume',
    );
    const after = worker.runs
      .get(long.body.id)!
      .grants.slice(before.length)
      .filter((g) => g.count > 0);
    expect(Math.min(...after.map((g) => g.firstUserId))).toBeGreaterThan(lastId);
    expect(after.every((g) => g.fence === worker.runs.get(long.body.id)!.spec.fence)).toBe(true);

    // Stopped through the new leader, it ends "stopped" and its notes name the handover.
    expect((await call(base, 'POST', `/v1/runs/${long.body.id}/stop`)).status).toBe(202);
    await eventually(
      async () => (await call(base, 'GET', `/v1/runs/${long.body.id}`)).body.state === 'stopped',
      15_000,
      'long run stopped',
    );
    const ended = aggregator.ended.find((e) => e.runId === long.body.id)!;
    expect(ended.state).toBe('stopped');
    expect(ended.notes.join('\n')).toMatch(
      /controller handover at .*: ctl-\w+ \(fence \d+\) -> ctl-\w+ \(fence \d+\); no grants for \d+\.\d s/,
    );

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
    await next.close();
  });

  it('a graceful stop hands the runs over: a follower leads at once, resumes the run, requeues a job it held, forwards stops', async () => {
    const first = await startController(infra);
    const id = (
      await call(first.url, 'POST', '/v1/runs', { body: scenario('    - { duration: 60s, rate: 4 }', 'graceful') })
    ).body.id;
    const second = await startController(infra);
    const third = await startController(infra);
    controllers.push(second, third);
    expect(first.isLeader).toBe(true);
    expect([second.isLeader, third.isLeader]).toEqual([false, false]);
    await eventually(() => worker.granted(id) > 0, 10_000, 'grants');
    // A follower serves reads, and takes submits into the shared queue (behind the running run).
    expect((await call(second.url, 'GET', `/v1/runs/${id}`)).body.state).toBe('running');
    const waiting = (
      await call(second.url, 'POST', '/v1/runs', { body: scenario('    - { duration: 1s, rate: 4 }', 'waiting') })
    ).body.id;

    await first.close();
    await first.close(); // idempotent
    const leader = async () => {
      await eventually(() => second.isLeader || third.isLeader, 5000, 'a follower leads (the lease was released)');
      return second.isLeader ? second : third;
    };
    const next = await leader();
    await eventually(() => worker.runs.get(id)!.spec.controllerId === next.id, 10_000, 'taken over');
    const granted = worker.granted(id);
    await eventually(() => worker.granted(id) > granted, 10_000, 'grants resume');
    expect(worker.runs.get(id)!.stop).toBeNull();
    // The waiting run waits for its turn (the run taken over counts against --max-concurrent-runs).
    await new Promise((r) => setTimeout(r, 500));
    expect((await call(next.url, 'GET', `/v1/runs/${waiting}`)).body.state).toBe('queued');

    // That leader stops too: the job it held goes back to the queue, the last controller takes everything over.
    await next.close();
    const last = next === second ? third : second;
    await eventually(() => last.isLeader, 5000, 'the last controller leads');
    await eventually(() => worker.runs.get(id)!.spec.controllerId === last.id, 10_000, 'taken over again');
    expect((await call(last.url, 'GET', `/v1/runs/${waiting}`)).body.state).toBe('queued');

    // A follower passes a stop to the leader.
    const follower = await startController(infra);
    controllers.push(follower);
    expect(follower.isLeader).toBe(false);
    expect(await call(follower.url, 'POST', `/v1/runs/${id}/stop`)).toMatchObject({
      status: 202,
      body: { state: 'stopping' },
    });
    await eventually(
      async () => (await call(follower.url, 'GET', `/v1/runs/${id}`)).body.state === 'stopped',
      15_000,
      'stopped by the leader',
    );
    expect(
      aggregator.ended.find((e) => e.runId === id)!.notes.filter((n) => n.startsWith('controller handover')),
    ).toHaveLength(2);
    // The run that waited runs now, once.
    await eventually(
      async () => (await call(follower.url, 'GET', `/v1/runs/${waiting}`)).body.state === 'done',
      20_000,
      'the waiting run done',
    );
    expect(worker.granted(waiting)).toBe(4);
    expect((await call(follower.url, 'GET', '/v1/runs?limit=100')).body.runs.length).toBe(5);
  });
});
