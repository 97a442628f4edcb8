// `loadfleet submit` against a controller in this process, with a fake worker
// and a fake aggregator that builds a real (empty) report.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busNames } from '@loadfleet/bus';
import { buildReport } from '@loadfleet/report';
import type { Plan } from '@loadfleet/scenario';
import { Timeline } from '@loadfleet/stats';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Controller } from '@loadfleet/controller-service';
import { submitCommand } from '@loadfleet/cli';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { FakeAggregator, FakeWorker } from './fakes.js';
import { READ_TOKEN, WRITE_TOKEN, call, startController } from './setup.js';

let infra: Infra;
let controller: Controller;
let redis: Redis;
let aggregator: FakeAggregator;
let worker: FakeWorker;
let dir: string;

beforeAll(async () => {
  infra = await useInfra();
  redis = new Redis(infra.redisUrl);
  controller = await startController(infra);
  const names = busNames(infra.namespace);
  aggregator = await new FakeAggregator(infra.namespace, infra.natsUrl, redis, async (e) => {
    const plan = JSON.parse((await redis.hget(names.redis.run(e.runId), 'plan'))!) as Plan;
    return buildReport({
      runId: e.runId,
      plan,
      state: e.state as 'done',
      startedAt: e.startedAt,
      endedAt: e.endedAt,
      timeline: new Timeline(),
      workers: e.workers.map((w) => ({ id: w.id!, host: w.host!, users: w.users!, lost: w.lost! })),
    });
  }).start();
  worker = await new FakeWorker('w1', infra.namespace, infra.natsUrl).start();
  dir = mkdtempSync(join(tmpdir(), 'lf-submit-'));
  writeFileSync(join(dir, 'users.csv'), 'name,token\nann,t1\nbob,t2\n');
  writeFileSync(
    join(dir, 'farm.yaml'),
    `name: submitted
target: 127.0.0.1:9
load:
  phases: [{ duration: 1s, rate: 3 }]
feeders:
  accounts: { file: users.csv }
sessions:
  - name: s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: '{{feeder.accounts.token}}' }
      - close
thresholds:
  - 'count(msg.out.login) > 0'
`,
  );
  writeFileSync(
    join(dir, 'bad.yaml'),
    'name: bad\ntarget: 127.0.0.1:9\nload:\n  phases: [{ duration: soon, rate: 1 }]\n',
  );
});

afterAll(async () => {
  await Promise.allSettled([worker?.close(), aggregator?.close()]);
  await controller?.close().catch(() => {});
  await redis?.quit();
  await infra?.cleanup();
});

function captured() {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  return {
    out,
    err,
    restore() {
      o.mockRestore();
      e.mockRestore();
    },
  };
}

describe('loadfleet submit', () => {
  it('submits the scenario with its CSV feeder, follows it, downloads the report, exits by the verdict', async () => {
    const out = join(dir, 'out');
    const io = captured();
    let code: number;
    try {
      code = await submitCommand([
        join(dir, 'farm.yaml'),
        '--api',
        controller.url,
        '--token',
        WRITE_TOKEN,
        '--follow',
        '--quiet',
        '--out',
        out,
      ]);
    } finally {
      io.restore();
    }
    // The threshold failed on an empty report: 99, as a CI gate needs it.
    expect(code).toBe(99);
    const id = /^run (\S+) /.exec(io.out[0]!)![1]!;
    expect(io.out.join('')).toMatch(/report: .*report\.html/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.run).toMatchObject({ id, scenario: 'submitted', state: 'done' });
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    // The feeder went along with the scenario.
    const plan = JSON.parse((await redis.hget(busNames(infra.namespace).redis.run(id), 'plan'))!) as Plan;
    expect(plan.feeders[0]!.rows).toEqual([
      ['ann', 't1'],
      ['bob', 't2'],
    ]);
    expect(worker.granted(id)).toBe(3);
  });

  it('without --follow prints the run id and returns at once', async () => {
    const io = captured();
    let code: number;
    try {
      code = await submitCommand([join(dir, 'farm.yaml'), '--api', controller.url, '--token', WRITE_TOKEN]);
    } finally {
      io.restore();
    }
    expect(code).toBe(0);
    const id = /^run (\S+) (queued|starting)/.exec(io.out[0]!)![1]!;
    expect((await call(controller.url, 'GET', `/v1/runs/${id}`)).status).toBe(200);
  });

  it('exits 2 on an invalid scenario and on a token that may not submit', async () => {
    const io = captured();
    let bad: number;
    let forbidden: number;
    try {
      bad = await submitCommand([join(dir, 'bad.yaml'), '--api', controller.url, '--token', WRITE_TOKEN]);
      forbidden = await submitCommand([join(dir, 'farm.yaml'), '--api', controller.url, '--token', READ_TOKEN]);
    } finally {
      io.restore();
    }
    expect(bad).toBe(2);
    expect(io.err.join('')).toMatch(/bad\.yaml:4:\d+ load\.phases\[0\]\.duration/);
    expect(forbidden).toBe(2);
    expect(io.err.join('')).toMatch(/403 LF_ERR_FORBIDDEN/);
  });
});
