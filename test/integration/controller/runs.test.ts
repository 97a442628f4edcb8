// Runs through the controller with real Redis, NATS and BullMQ, and fake workers
// and aggregators on NATS: the queue, quota grants that follow the schedule,
// the ending protocol, cancel, stop, the live feed.
import { busNames, codecs } from '@loadfleet/bus';
import { emptyWindow, freezeWindow, names } from '@loadfleet/stats';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '@loadfleet/controller-service';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { FakeAggregator, FakeWorker, eventually } from './fakes.js';
import { WRITE_TOKEN, call, scenario, startController } from './setup.js';

let infra: Infra;
let controller: Controller;
let base: string;
let redis: Redis;
let nc: NatsConnection;
let aggregator: FakeAggregator;
let w1: FakeWorker;
let w2: FakeWorker;

beforeAll(async () => {
  infra = await useInfra();
  redis = new Redis(infra.redisUrl);
  nc = await connect({ servers: infra.natsUrl });
  controller = await startController(infra);
  base = controller.url;
  aggregator = await new FakeAggregator(infra.namespace, infra.natsUrl, redis).start();
  w1 = await new FakeWorker('w1', infra.namespace, infra.natsUrl, { weight: 1 }).start();
  w2 = await new FakeWorker('w2', infra.namespace, infra.natsUrl, { weight: 3 }).start();
});

afterAll(async () => {
  await Promise.allSettled([w1?.close(), w2?.close(), aggregator?.close()]);
  await controller?.close().catch(() => {});
  await Promise.allSettled([redis?.quit(), nc?.close()]);
  await infra?.cleanup();
});

const state = async (id: string) => (await call(base, 'GET', `/v1/runs/${id}`)).body;
const until = (id: string, s: string, ms = 20_000) =>
  eventually(async () => ((await state(id)).state === s ? state(id) : null), ms, `run ${id} ${s}`);

describe('a run through the farm', () => {
  it('is queued, runs, hands the workers quota that follows the schedule, and ends done with its report', async () => {
    // 20/s for 2 s then 20 -> 0 over 1 s: 40 + 10 = 50 users.
    const text = scenario('    - { duration: 2s, rate: 20 }\n    - { duration: 1s, rate: { from: 20, to: 0 } }');
    const posted = await call(base, 'POST', '/v1/runs', { body: text });
    expect(posted.status).toBe(202);
    expect(posted.headers.get('location')).toBe(`/v1/runs/${posted.body.id}`);
    const id: string = posted.body.id;

    // The workers found the RunSpec in the KV bucket.
    const spec = await eventually(() => w1.runs.get(id)?.spec, 10_000, 'RunSpec');
    expect(JSON.parse(spec.planJson).name).toBe('itest');
    expect(spec.controllerId).toBe(controller.id);
    expect(spec.ownerTimeoutMs).toBe(15_000);
    const running = await state(id);
    expect(['running', 'stopping', 'done']).toContain(running.state);

    const done = await until(id, 'done');
    expect(done).toMatchObject({
      stopReason: null,
      step: 'ended',
      phase: 'ended',
      queuePosition: null,
      droppedArrivals: 0,
    });
    expect(done.endedAt).toEqual(expect.any(String));
    expect(w1.granted(id) + w2.granted(id)).toBe(50);
    // Both took part (how shares follow weights is unit-tested on a virtual clock; here timers slip under load).
    expect(w1.granted(id)).toBeGreaterThan(0);
    expect(w2.granted(id)).toBeGreaterThan(0);
    // Grants tile the schedule: ids consecutive, windows back to back.
    const grants = [...w1.runs.get(id)!.grants, ...w2.runs.get(id)!.grants].filter((g) => g.count > 0);
    grants.sort((a, b) => a.firstUserId - b.firstUserId);
    expect(grants[0]!.firstUserId).toBe(1);
    for (let i = 1; i < grants.length; i++) {
      expect(grants[i]!.firstUserId).toBe(grants[i - 1]!.firstUserId + grants[i - 1]!.count);
      expect(grants[i]!.windowStart).toBe(grants[i - 1]!.windowEnd);
    }
    expect(grants[0]!.windowStart).toBe(spec.startAt);
    expect(grants[grants.length - 1]!.windowEnd).toBe(spec.startAt + 3000);
    // The ending protocol: StopRun to the workers, RunEnded to the aggregators, the report served.
    expect(w1.runs.get(id)!.stop).toMatchObject({ runId: id, reason: 'schedule ended' });
    const ended = aggregator.ended.find((e) => e.runId === id)!;
    expect(ended).toMatchObject({ state: 'done', startedAt: spec.startAt });
    expect(ended.workers.map((w) => [w.id, w.lost]).sort()).toEqual([
      ['w1', false],
      ['w2', false],
    ]);
    expect(
      done.workers.map((w: { id: string; users: number }) => w.users).reduce((a: number, b: number) => a + b, 0),
    ).toBe(50);
    const report = await call(base, 'GET', `/v1/runs/${id}/report.json`);
    expect(report.status).toBe(200);
    expect(report.body.run.id).toBe(id);
    const html = await call(base, 'GET', `/v1/runs/${id}/report.html`);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    // The RunSpec is gone from the bucket.
    const kv = await nc.jetstream().views.kv(busNames(infra.namespace).runsBucket);
    expect((await kv.get(id))?.operation ?? 'DEL').toBe('DEL');
  });

  it('queues a second run behind the first, runs it after, and cancels a queued third', async () => {
    const first = await call(base, 'POST', '/v1/runs', { body: scenario('    - { duration: 2s, rate: 5 }', 'first') });
    await until(first.body.id, 'running');
    const second = await call(base, 'POST', '/v1/runs', {
      body: scenario('    - { duration: 1s, rate: 5 }', 'second'),
    });
    const third = await call(base, 'POST', '/v1/runs', { body: scenario('    - { duration: 1s, rate: 5 }', 'third') });
    expect(second.body).toMatchObject({ state: 'queued', queuePosition: 1 });
    expect(third.body).toMatchObject({ state: 'queued', queuePosition: 2 });
    expect((await state(second.body.id)).queuePosition).toBe(1);

    const cancel = await call(base, 'POST', `/v1/runs/${third.body.id}/stop`);
    expect(cancel).toMatchObject({ status: 200, body: { state: 'cancelled' } });
    expect((await state(third.body.id)).state).toBe('cancelled');
    expect((await call(base, 'POST', `/v1/runs/${third.body.id}/stop`)).status).toBe(409);
    const noReport = await call(base, 'GET', `/v1/runs/${third.body.id}/report.json`);
    expect(noReport.status).toBe(404);
    expect(noReport.body.error.message).toMatch(/cancelled/);

    await until(first.body.id, 'done');
    const s2 = await until(second.body.id, 'done');
    expect(Date.parse(s2.startedAt)).toBeGreaterThan(Date.parse((await state(first.body.id)).startedAt));
    expect(w1.runs.has(third.body.id)).toBe(false);

    // History, newest first, paginated.
    const page1 = await call(base, 'GET', '/v1/runs?limit=2');
    expect(page1.body.runs.map((r: { name: string }) => r.name)).toEqual(['third', 'second']);
    const page2 = await call(base, 'GET', `/v1/runs?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.runs.map((r: { name: string }) => r.name)).toEqual(['first', 'itest']);
    expect((await call(base, 'GET', '/v1/runs?limit=2&page=2')).body.runs.map((r: { name: string }) => r.name)).toEqual(
      ['first', 'itest'],
    );
  });

  it('stops a running run: StopRun goes out, the run ends as stopped', async () => {
    const posted = await call(base, 'POST', '/v1/runs', { body: scenario('    - { duration: 60s, rate: 5 }', 'long') });
    const id = posted.body.id;
    await eventually(() => w1.granted(id) + w2.granted(id) > 0, 10_000, 'grants');
    const stop = await call(base, 'POST', `/v1/runs/${id}/stop`, { body: { reason: 'enough' } });
    expect(stop).toMatchObject({ status: 202, body: { id, state: 'stopping' } });
    const s = await until(id, 'stopped');
    expect(s.stopReason).toBe('stopped by request: enough');
    expect(w1.runs.get(id)!.stop).toMatchObject({ reason: 'stopped by request: enough' });
    expect(aggregator.ended.find((e) => e.runId === id)).toMatchObject({ state: 'stopped' });
    expect((await call(base, 'POST', `/v1/runs/${id}/stop`)).status).toBe(409);
  });

  it('streams merged seconds as server-sent events, ends with event: end, and aborts on a threshold', async () => {
    const text = `${scenario('    - { duration: 60s, rate: 2 }', 'live')}thresholds:\n  - { expr: 'count(errors) < 5', abort: true }\n`;
    const id = (await call(base, 'POST', '/v1/runs', { body: text })).body.id;
    const running = await until(id, 'running');
    // Rollups come from seconds after the schedule's start.
    await eventually(() => Date.now() > Date.parse(running.startedAt) + 50, 5000, 'the schedule start');
    const res = await fetch(`${base}/v1/runs/${id}/live`, { headers: { authorization: `Bearer ${WRITE_TOKEN}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const body = (async () => {
      let text = '';
      for await (const chunk of res.body!) text += Buffer.from(chunk).toString();
      return text;
    })();
    const now = Math.floor(Date.now() / 1000);
    const win = (second: number, errors: number) => {
      const w = emptyWindow(second, 1);
      w.counters[names.USERS_STARTED] = 2;
      w.counters[names.error('connect')] = errors;
      return freezeWindow(w);
    };
    await aggregator.rollup(id, win(now, 2));
    await eventually(async () => (await state(id)).live?.second === now, 5000, 'live second');
    await aggregator.rollup(id, win(now + 1, 4));
    const stream = await body;
    const events = stream.split('\n\n').filter((e) => e && !e.startsWith('retry:'));
    const data = events.filter((e) => e.startsWith('data: ')).map((e) => JSON.parse(e.slice(6)));
    expect(data.map((d) => [d.second, d.arrivals, d.errorsTotal])).toEqual([
      [now, 2, 2],
      [now + 1, 2, 6],
    ]);
    const end = events.find((e) => e.startsWith('event: end'))!;
    expect(JSON.parse(end.split('\ndata: ')[1]!)).toMatchObject({ id, state: 'aborted' });
    const s = await state(id);
    expect(s.stopReason).toBe('threshold "count(errors) < 5" failed (observed 6)');
    // A follower that comes after the end gets the last second and the end at once.
    const late = await (
      await fetch(`${base}/v1/runs/${id}/live`, { headers: { authorization: `Bearer ${WRITE_TOKEN}` } })
    ).text();
    expect(late).toMatch(/^retry: 2000\n\ndata: .*\n\nevent: end\ndata: .*"state":"aborted"/s);
  });

  it('answers bad quota requests with nothing and keeps going', async () => {
    const id = (
      await call(base, 'POST', '/v1/runs', { body: scenario('    - { duration: 1s, rate: 2 }', 'bad-input') })
    ).body.id;
    await until(id, 'running');
    const subject = busNames(infra.namespace).subjects.quota(id);
    await expect(nc.request(subject, new Uint8Array([0xff, 0xff, 0xff]), { timeout: 300 })).rejects.toThrow();
    await expect(
      nc.request(subject, codecs.quotaRequest.encode({ runId: 'other', workerId: 'x' }), { timeout: 300 }),
    ).rejects.toThrow();
    await until(id, 'done');
    expect((await call(base, 'GET', '/metrics')).body).toMatch(
      /loadfleet_bad_messages_total\{kind="quota_request"\} 2/,
    );
  });
});
