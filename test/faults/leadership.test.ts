// Issue 13, item 1: several controllers on one bus, one leading (docs/FARM.md, "Several
// controllers"; docs/RELIABILITY.md, "The leader controller is killed"). Real processes:
// controllers, an aggregator, two workers and the chat server, on the shared Redis and NATS.
//   (a) a second controller started on the same bus does not disturb the first's run;
//   (d) a controller started on a port already in use says so in one line, exits 2, touches no run;
//   (b) the leader killed (SIGKILL) mid-run: the standby takes over, the run ends done, the
//       workers kept their users (the report's counts equal the chat server's), the report
//       notes the handover and the seconds without grants;
//   (c) a leader paused (SIGSTOP) past its lease is replaced; woken (SIGCONT) it stands down,
//       and what it would send is refused: workers refuse a StopRun under its token, the
//       aggregator its RunEnded, the run store its writes.
import { fileURLToPath } from 'node:url';
import { busNames, codecs } from '@loadfleet/bus';
import { RedisRunStore } from '@loadfleet/controller-service';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatScenario, startFarm, waitFor, type Farm } from '../helpers/farm.js';
import { receivedBetween, sentByKind } from '../helpers/faults.js';
import { useInfra, type Infra } from '../helpers/infra.js';
import { startChild, startController, type Child } from '../helpers/processes.js';

const CONTROLLER = fileURLToPath(new URL('../../services/controller/dist/main.js', import.meta.url));

let infra: Infra;
let farm: Farm;
let nc: NatsConnection;
let redis: Redis;
const extra: Child[] = [];

beforeAll(async () => {
  infra = await useInfra();
  farm = await startFarm({ infra, workers: [{ capacity: 400 }, { capacity: 400 }] });
  nc = await connect({ servers: infra.natsUrl });
  redis = new Redis(infra.redisUrl);
});

afterAll(async () => {
  for (const c of extra) c.process.kill('SIGCONT');
  await Promise.allSettled(extra.map((c) => c.stop('SIGKILL', 5000)));
  await farm?.stop();
  await nc?.close();
  await redis?.quit();
  await infra?.cleanup();
});

type Ctl = Child & { url: string };

function standby(): Promise<Ctl> {
  return startController(['--namespace', farm.namespace, '--log-level', 'info', '--insecure'], infra).then((c) => {
    extra.push(c);
    return c;
  });
}

async function health(c: Ctl): Promise<{ role: string; fence: number }> {
  return (await (await fetch(`${c.url}/healthz`)).json()) as { role: string; fence: number };
}

function workerLogs(): string {
  return [...farm.workers.values()].map((w) => w.logs()).join('\n');
}

function takeOvers(): number {
  return workerLogs().split('run taken over by another controller').length - 1;
}

describe('controller leadership', () => {
  it('a second controller does not disturb the run; one on a port in use exits 2 and touches nothing', async () => {
    const a = farm.controller!;
    expect(await health(a)).toMatchObject({ role: 'leader' });
    const id = await farm.submit(chatScenario({ target: `127.0.0.1:${farm.server.port}`, rate: 20, seconds: 8 }));
    await farm.waitForRun(id, (r) => (r.live?.usersActive ?? 0) > 10, 30_000, 'users active');

    // (a) A second controller on the same bus, by mistake: it follows.
    const b = await standby();
    expect(await health(b)).toMatchObject({ role: 'follower', fence: 0 });
    expect((await farm.api<{ state: string }>(`/v1/runs/${id}`)).state).toBe('running');

    // (d) One on the first's port: one line, exit 2, before it joins the bus.
    const port = new URL(a.url).port;
    const clash = startChild(
      process.execPath,
      [CONTROLLER, '--namespace', farm.namespace, '--insecure', '--port', port],
      {
        REDIS_URL: infra.redisUrl,
        NATS_URL: infra.natsUrl,
      },
    );
    expect(await clash.exited).toBe(2);
    const lines = clash
      .logs()
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.includes('INSECURE'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));

    const report = await farm.finished(id);
    expect(report.run.state).toBe('done');
    expect(report.notes.join('\n')).not.toMatch(/handover|restarted/);
    expect(workerLogs()).not.toMatch(/"reason":"controller (restarted|shut down)"/);
    await b.stop('SIGTERM');
  }, 120_000);

  it('the leader killed mid-run: the standby takes over, the run ends done, the workers kept their users', async () => {
    const b = await standby();
    expect((await health(b)).role).toBe('follower');
    const before = await farm.server.stats();
    // 20 users/s for 24 s; each session is ~10 s of heartbeats, longer than the gap: users are connected through it.
    const id = await farm.submit(
      chatScenario({ target: `127.0.0.1:${farm.server.port}`, rate: 20, seconds: 24, beats: 20, beatEvery: '500ms' }),
    );
    await farm.waitForRun(id, (r) => (r.live?.usersActive ?? 0) > 20, 30_000, 'users active');
    const a = farm.controller!;
    const oldFence = (await health(a)).fence;
    await a.stop('SIGKILL');
    const killedAt = Date.now();
    farm.controller = b;
    // Through the gap the target keeps the users the workers hold.
    let openLow = Infinity;
    await waitFor(
      async () => {
        openLow = Math.min(openLow, (await farm.server.stats()).connections.open);
        return (await health(b)).role === 'leader';
      },
      { ms: 30_000, what: 'the standby leads', every: 200 },
    );
    const tookOverAfterMs = Date.now() - killedAt;
    expect((await health(b)).fence).toBeGreaterThan(oldFence);
    expect(openLow).toBeGreaterThan(0);

    const report = await farm.finished(id, 120_000);
    const after = await farm.server.stats();
    expect(report.run.state).toBe('done');
    const note = report.notes.find((n) => n.startsWith('controller handover'));
    expect(note).toMatch(/no grants for (\d+\.\d) s/);
    const gapS = Number(/no grants for (\d+\.\d) s/.exec(note!)![1]);
    // Every message the workers sent is in the report: nothing lost, no user dropped by the workers.
    expect(sentByKind(report)).toEqual(receivedBetween(before, after));
    expect(report.totals.users.failed).toBe(0);
    // Each arrival of the schedule started or was counted dropped, none twice: the new leader carries
    // the drops the dead one had not told any worker of, found from the workers' totals.
    expect(report.totals.users.started + report.totals.users.dropped).toBe(480);
    expect(report.totals.users.dropped).toBeGreaterThan(0);
    expect(workerLogs()).toMatch(/run taken over by another controller; keeping its users/);
    expect(workerLogs()).not.toMatch(/silent for \d+ ms/);
    console.log(
      JSON.stringify({
        fault: 'leader killed',
        tookOverAfterMs,
        secondsWithoutGrants: gapS,
        dropped: report.totals.users.dropped,
        started: report.totals.users.started,
        openLow,
        note,
      }),
    );
  }, 180_000);

  it('a leader paused past its lease is replaced; woken, it stands down and what it sends is refused', async () => {
    const b = farm.controller!;
    const c = await standby();
    expect((await health(c)).role).toBe('follower');
    const id = await farm.submit(
      chatScenario({ target: `127.0.0.1:${farm.server.port}`, rate: 20, seconds: 20, beats: 6, beatEvery: '500ms' }),
    );
    await farm.waitForRun(id, (r) => (r.live?.usersActive ?? 0) > 20, 30_000, 'users active');
    const staleFence = (await health(b)).fence;
    const followed = takeOvers();
    b.process.kill('SIGSTOP');
    try {
      farm.controller = c;
      await waitFor(async () => (await health(c)).role === 'leader', { ms: 30_000, what: 'the follower leads' });
      const fence = (await health(c)).fence;
      expect(fence).toBeGreaterThan(staleFence);
      await waitFor(() => takeOvers() >= followed + farm.workers.size, {
        ms: 15_000,
        what: 'workers follow the new leader',
      });
      // What the paused leader had in flight reaches the workers late: a StopRun under its token is refused.
      nc.publish(
        busNames(farm.namespace).subjects.stop(id),
        codecs.stopRun.encode({ runId: id, reason: 'stale leader', graceMs: 0, fence: staleFence }),
      );
      await nc.flush();
      await waitFor(() => /StopRun from a replaced leader refused/.test(workerLogs()), {
        ms: 10_000,
        what: 'stale StopRun refused',
      });
      // A RunEnded under its token is refused by the aggregator: no early, failed report.
      nc.publish(
        busNames(farm.namespace).subjects.ended(id),
        codecs.runEnded.encode({
          runId: id,
          state: 'failed',
          stopReason: 'stale leader',
          startedAt: Date.now() - 10_000,
          endedAt: Date.now(),
          notes: [],
          workers: [],
          graceMs: 0,
          fence: staleFence,
        }),
      );
      await nc.flush();
      await waitFor(() => farm.aggregators.some((a) => /RunEnded from a replaced leader refused/.test(a.logs())), {
        ms: 10_000,
        what: 'stale RunEnded refused',
      });
      // Its writes of the run record are refused too (the record carries the new token).
      const store = new RedisRunStore(redis, busNames(farm.namespace), { fence: () => staleFence });
      expect(await store.transition(id, 'stopping', { stopReason: 'stale leader' })).toBe(false);
      expect(Number(await redis.hget(busNames(farm.namespace).redis.run(id), 'fence'))).toBe(fence);
    } finally {
      b.process.kill('SIGCONT');
    }
    // Woken, it finds its lease gone and stands down; it grants nothing more.
    await waitFor(() => /following: this controller no longer leads/.test(b.logs()), {
      ms: 15_000,
      what: 'the stale leader stands down',
    });
    const report = await farm.finished(id, 120_000);
    expect(report.run.state).toBe('done');
    expect(report.run.stopReason ?? '').not.toMatch(/stale/);
    expect(report.notes.join('\n')).toMatch(/controller handover at .* \(fence \d+\) -> ctl-\w+ \(fence \d+\)/);
    expect(report.totals.users.failed).toBe(0);
  }, 180_000);
});
