// `loadfleet aggregator` as child processes against real Redis + NATS: stats records in, windows, rollups and reports out.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { busNames, codecs, type BusNames } from '@loadfleet/bus';
import { parseScenario } from '@loadfleet/scenario';
import { StatsRecorder, decodeWindow, encodeWindow, names as statNames } from '@loadfleet/stats';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { waitFor } from '../worker/fake-controller.js';
import { startAggregator, type Child } from '../../helpers/processes.js';

let infra: Infra;
let nc: NatsConnection;
let redis: Redis;
let names: BusNames;
const children: Child[] = [];

const plan = parseScenario(`
name: agg-it
target: 127.0.0.1:7000
load:
  phases:
    - { duration: 60s, rate: 10 }
sessions:
  - name: s
    steps: [connect, { send: heartbeat }, close]
`);

/** A worker's window as the engine makes it: counters, gauges and latency histograms. */
function windowBytes(worker: number, second: number): Uint8Array {
  const r = new StatsRecorder();
  const hb = r.histogram(statNames.response('heartbeat'));
  const connect = r.histogram(statNames.CONNECT_TIME);
  for (let i = 0; i < 40 + ((worker + second) % 13); i++) {
    r.record(hb, 500 + ((i * 7919 + worker * 31 + second) % 20_000));
    r.record(connect, 100 + ((i * 104729 + second) % 5000));
  }
  r.add(r.counter(statNames.USERS_STARTED), 2 + (second % 3));
  r.add(r.counter(statNames.msgOut('heartbeat')), 40 + ((worker + second) % 13));
  r.set(r.gauge(statNames.USERS_ACTIVE), 10 + worker);
  return encodeWindow(r.rotate(second));
}

async function xadd(runId: string, workerId: string, second: number, window: Uint8Array, seq: number): Promise<void> {
  const rec = codecs.statsRecord.encode({ runId, workerId, second, window, seq });
  await redis.xadd(names.redis.statsStream, '*', 'r', Buffer.from(rec));
}

async function drained(): Promise<boolean> {
  const last = (await redis.xrevrange(names.redis.statsStream, '+', '-', 'COUNT', 1))[0]?.[0];
  const groups = (await redis.xinfo('GROUPS', names.redis.statsStream)) as unknown[][];
  const g = groups.map((flat) =>
    Object.fromEntries(flat.reduce<unknown[][]>((a, v, i) => (i % 2 ? a : [...a, [v, flat[i + 1]]]), [])),
  );
  const group = g.find((x) => x.name === names.redis.statsGroup);
  return group !== undefined && group['last-delivered-id'] === last && Number(group.pending) === 0;
}

function aggregator(id: string, extra: string[] = []): Child {
  const c = startAggregator(['--namespace', infra.namespace, '--id', id, ...extra], infra);
  children.push(c);
  return c;
}

beforeAll(async () => {
  infra = await useInfra();
  names = busNames(infra.namespace);
  nc = await connect({ servers: infra.natsUrl });
  redis = new Redis(infra.redisUrl);
});

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop('SIGKILL')));
});

afterAll(async () => {
  await nc?.close();
  redis?.disconnect();
  await infra?.cleanup();
});

describe('loadfleet aggregator', () => {
  it('stores every window exactly once across a SIGKILL and restart, and writes the report on RunEnded', async () => {
    const runId = 'run-k';
    const T0 = 1_790_000_000;
    const W = 4;
    const S = 150;
    await redis.hset(names.redis.run(runId), 'plan', JSON.stringify(plan));
    const expected = new Map<string, Uint8Array>();
    let started = 0;
    for (let s = 0; s < S; s++) {
      for (let w = 0; w < W; w++) {
        const bytes = windowBytes(w, T0 + s);
        expected.set(`${w}:${T0 + s}`, bytes);
        started += decodeWindow(bytes).counters[statNames.USERS_STARTED] ?? 0;
      }
    }
    let agg = aggregator('agg-1', ['--batch', '4']);
    const killed = agg;
    // Records arrive while the aggregator runs; it is killed in the middle of the stream.
    let seq = 0;
    for (let s = 0; s < S; s++) {
      for (let w = 0; w < W; w++) await xadd(runId, `w${w}`, T0 + s, expected.get(`${w}:${T0 + s}`)!, ++seq);
      if (s === 20) await redis.xadd(names.redis.statsStream, '*', 'r', Buffer.from([0xde, 0xad, 0xbe, 0xef])); // garbage
      if (s === 60) {
        await waitFor('some records stored', async () => (await redis.zcard(names.redis.seconds(runId))) > 10);
        expect(await agg.stop('SIGKILL')).toBeNull();
      }
    }
    expect(await drained()).toBe(false); // the killed aggregator left work behind
    // The same consumer again: it first re-reads what it had been given and not acknowledged.
    agg = aggregator('agg-1');
    await waitFor('stream drained', drained);
    expect(killed.logs() + agg.logs()).toMatch(/unreadable stats records acknowledged and skipped/);

    // Complete, and nothing counted twice: every (worker, second) window stored once, byte for byte.
    expect((await redis.zrange(names.redis.seconds(runId), 0, -1)).map(Number)).toEqual(
      Array.from({ length: S }, (_, i) => T0 + i),
    );
    for (let s = 0; s < S; s++) {
      const stored = await redis.hgetallBuffer(names.redis.windows(runId, T0 + s));
      expect(Object.keys(stored).sort()).toEqual(['w0', 'w1', 'w2', 'w3']);
      for (let w = 0; w < W; w++)
        expect(Buffer.compare(stored[`w${w}`]!, Buffer.from(expected.get(`${w}:${T0 + s}`)!))).toBe(0);
    }
    expect(await redis.pttl(names.redis.windows(runId, T0))).toBeGreaterThan(6 * 24 * 3600 * 1000);

    // The report, when the controller says the run ended.
    const ready = nc.subscribe(names.subjects.reportReady(runId), { max: 1 });
    nc.publish(
      names.subjects.ended(runId),
      codecs.runEnded.encode({
        runId,
        state: 'done',
        startedAt: T0 * 1000,
        endedAt: (T0 + S) * 1000,
        graceMs: 200,
        notes: ['from the controller'],
        workers: [0, 1, 2, 3].map((w) => ({ id: `w${w}`, host: 'h', users: 10 })),
      }),
    );
    for await (const m of ready) expect(new TextDecoder().decode(m.data)).toBe(runId);
    const report = JSON.parse((await redis.get(names.redis.reportJson(runId)))!);
    expect(report.run).toMatchObject({ id: runId, state: 'done', scenario: 'agg-it' });
    expect(report.totals.users.started).toBe(started);
    expect(report.timeline).toHaveLength(S);
    expect(report.notes).toContain('from the controller');
    expect(await redis.get(names.redis.reportHtml(runId))).toMatch(/<html/);
  });

  it('claims the records a dead aggregator left pending, and shares the stream with another', async () => {
    const runId = 'run-c';
    const T0 = 1_790_001_000;
    let seq = 0;
    for (let s = 0; s < 40; s++)
      for (let w = 0; w < 3; w++) await xadd(runId, `w${w}`, T0 + s, windowBytes(w, T0 + s), ++seq);
    // A consumer that took 30 records and died before acknowledging any.
    await redis.xgroup('CREATE', names.redis.statsStream, names.redis.statsGroup, '0', 'MKSTREAM').catch(() => {});
    await redis.xreadgroup(
      'GROUP',
      names.redis.statsGroup,
      'agg-dead',
      'COUNT',
      30,
      'STREAMS',
      names.redis.statsStream,
      '>',
    );
    const summary = (await redis.xpending(names.redis.statsStream, names.redis.statsGroup)) as [
      number,
      string,
      string,
      [string, string][],
    ];
    expect(summary[3]).toContainEqual(['agg-dead', '30']);
    // Two others share the rest; one claims the dead one's records once they are idle for 1 s.
    aggregator('agg-x', ['--claim-idle', '1000']);
    aggregator('agg-y', ['--claim-idle', '1000']);
    await waitFor('stream drained', drained);
    for (let s = 0; s < 40; s++) {
      expect(Object.keys(await redis.hgetallBuffer(names.redis.windows(runId, T0 + s))).sort()).toEqual([
        'w0',
        'w1',
        'w2',
      ]);
    }
  });

  it('publishes one live rollup per second, merged exactly across workers', async () => {
    const runId = 'run-l';
    aggregator('agg-l1', ['--rollup-delay', '500']);
    aggregator('agg-l2', ['--rollup-delay', '500']);
    const rollups: { second: number; sources: number; started: number }[] = [];
    const sub = nc.subscribe(names.subjects.live(runId), {
      callback: (_e, m) => {
        const r = codecs.liveRollup.decode(m.data)!;
        rollups.push({
          second: r.second,
          sources: r.sources,
          started: decodeWindow(r.window).counters[statNames.USERS_STARTED] ?? 0,
        });
      },
    });
    const now = Math.floor(Date.now() / 1000);
    const seconds = [now - 3, now - 2, now - 1];
    let expectedStarted = 0;
    for (const s of seconds) {
      for (let w = 0; w < 3; w++) {
        const bytes = windowBytes(w, s);
        expectedStarted += decodeWindow(bytes).counters[statNames.USERS_STARTED] ?? 0;
        await xadd(runId, `w${w}`, s, bytes, s - now + 10);
      }
    }
    await waitFor('rollups', () => rollups.length >= seconds.length, 15_000);
    await new Promise((r) => setTimeout(r, 1000)); // a second rollup of a second would show up by now
    sub.unsubscribe();
    expect(rollups.map((r) => r.second).sort()).toEqual(seconds);
    expect(rollups.every((r) => r.sources === 3)).toBe(true);
    expect(rollups.reduce((n, r) => n + r.started, 0)).toBe(expectedStarted);
  });

  it('exits 0 on SIGTERM', async () => {
    const agg = aggregator('agg-t');
    await waitFor('started', () => /aggregator started/.test(agg.logs()));
    expect(await agg.stop('SIGTERM')).toBe(0);
  });
});
