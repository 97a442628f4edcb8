// The farm's side of issue 11 against real Redis and NATS: baselines, compare and the
// timeline exports, over HTTP, on reports stored where the aggregator stores them.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busNames } from '@loadfleet/bus';
import type { Controller } from '@loadfleet/controller-service';
import { buildReport, type Report } from '@loadfleet/report';
import { parseScenario } from '@loadfleet/scenario';
import { StatsRecorder, Timeline, names } from '@loadfleet/stats';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { READ_TOKEN, call, scenario, startController } from './setup.js';

let infra: Infra;
let controller: Controller;
let redis: Redis;
let base: string;

beforeAll(async () => {
  infra = await useInfra();
  controller = await startController(infra);
  base = controller.url;
  redis = new Redis(infra.redisUrl);
});

afterAll(async () => {
  redis?.disconnect();
  await controller?.close().catch(() => {});
  await infra?.cleanup();
});

/** A finished run's report: 10 s of 100 chat replies a second at `ms` (±1 ms). */
function report(id: string, ms: number): Report {
  const plan = parseScenario(scenario('    - { duration: 10s, rate: 1 }', 'cmp-itest'));
  const r = new StatsRecorder();
  const out = r.counter(names.msgOut('chat'));
  const chat = r.histogram(names.response('chat'));
  const timeline = new Timeline();
  const start = 1_764_000_000;
  for (let s = 0; s < 10; s++) {
    for (let i = 0; i < 100; i++) {
      r.add(out);
      r.record(chat, (ms + ((i * 7 + s * 13) % 20) / 10 - 1) * 1000);
    }
    timeline.add('w1', r.rotate(start + s));
  }
  return buildReport({
    runId: id,
    plan,
    state: 'done',
    startedAt: start * 1000,
    endedAt: (start + 10) * 1000,
    timeline,
  });
}

async function finishedRun(ms: number): Promise<string> {
  const created = await call(base, 'POST', '/v1/runs', {
    body: scenario('    - { duration: 60s, rate: 1 }', 'cmp-itest'),
  });
  expect(created.status).toBe(202);
  const id = created.body.id as string;
  await call(base, 'POST', `/v1/runs/${id}/stop`);
  await redis.set(busNames(infra.namespace).redis.reportJson(id), JSON.stringify(report(id, ms)));
  return id;
}

describe('baselines, compare and exports over the API', () => {
  it('marks a baseline, compares a slower run against it (compare.json names the histogram), exports the timeline', async () => {
    const fast = await finishedRun(5);
    const slow = await finishedRun(25);

    expect((await call(base, 'GET', '/v1/baselines/cmp-itest', { token: READ_TOKEN })).body).toEqual({
      scenario: 'cmp-itest',
      runId: null,
    });
    // Marking is a write: the read-only token may not.
    expect((await call(base, 'POST', `/v1/runs/${fast}/baseline`, { token: READ_TOKEN })).status).toBe(403);
    const marked = await call(base, 'POST', `/v1/runs/${fast}/baseline`);
    expect(marked.body).toEqual({ scenario: 'cmp-itest', runId: fast });
    expect((await call(base, 'GET', '/v1/baselines/cmp-itest')).body.runId).toBe(fast);
    const run = await call(base, 'GET', `/v1/runs/${slow}`);
    expect(run.body).toMatchObject({
      baselineId: fast,
      isBaseline: false,
      links: { compare: `/v1/runs/${slow}/compare?with=${fast}` },
    });

    const c = await call(base, 'GET', `/v1/runs/${slow}/compare?with=${fast}`, { token: READ_TOKEN });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ verdict: 'regression', exitCode: 99, base: { id: fast }, current: { id: slow } });
    expect(c.body.regressions.some((l: string) => l.startsWith('response.chat p50:'))).toBe(true);
    const same = await call(base, 'GET', `/v1/runs/${fast}/compare?with=${fast}`);
    expect(same.body).toMatchObject({ verdict: 'unchanged', exitCode: 0 });
    const html = await call(base, 'GET', `/v1/runs/${slow}/compare.html?with=${fast}`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.body).toContain('REGRESSION');
    expect((await call(base, 'GET', `/v1/runs/${slow}/compare`)).status).toBe(400);

    const csv = await call(base, 'GET', `/v1/runs/${slow}/timeline.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((csv.body as string).trimEnd().split('\r\n')).toHaveLength(11);
    // JSON lines are not one JSON document: read as text.
    const jsonl = await fetch(`${base}/v1/runs/${slow}/timeline.jsonl`, {
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });
    expect(jsonl.headers.get('content-type')).toContain('application/jsonl');
    const lines = (await jsonl.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { messagesOut: { chat: number } });
    expect(lines.map((l) => l.messagesOut.chat)).toEqual(Array(10).fill(100));
  });
});
