// The controller's HTTP API against real Redis and NATS: validation, auth,
// content types and limits, the worker list, health and metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '@loadfleet/controller-service';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { FakeWorker, eventually } from './fakes.js';
import { READ_TOKEN, call, scenario, startController } from './setup.js';

let infra: Infra;
let controller: Controller;
let base: string;
const workers: FakeWorker[] = [];

beforeAll(async () => {
  infra = await useInfra();
  controller = await startController(infra);
  base = controller.url;
});

afterAll(async () => {
  await Promise.allSettled(workers.map((w) => w.close()));
  await controller?.close().catch(() => {});
  await infra?.cleanup();
});

describe('POST /v1/runs validation', () => {
  it('answers 400 with every error, each with its line, column and field', async () => {
    const bad = scenario('    - duration: 10s\n      rate: fast\n    - duration: soon\n      rate: 1');
    const r = await call(base, 'POST', '/v1/runs', { body: bad });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('LF_ERR_SCENARIO');
    expect(r.body.error.issues).toEqual([
      { line: 6, col: 13, path: 'load.phases[0].rate', message: expect.stringContaining('"fast"') },
      { line: 7, col: 17, path: 'load.phases[1].duration', message: expect.stringContaining('"soon"') },
    ]);
  });

  it('takes JSON with the scenario text and inlined CSV feeders', async () => {
    const text = `${scenario('    - { duration: 1s, rate: 1 }')}feeders:\n  accounts: { file: users.csv }\n`;
    const missing = await call(base, 'POST', '/v1/runs', { body: { scenario: text } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues[0]).toMatchObject({ path: 'feeders.accounts.file', line: 10 });
    const ok = await call(base, 'POST', '/v1/runs', {
      body: { scenario: text, feeders: { 'users.csv': 'name,token\na,b\n' } },
    });
    expect(ok.status).toBe(202);
    expect(ok.body).toMatchObject({ id: expect.any(String), state: 'queued' });
    await call(base, 'POST', `/v1/runs/${ok.body.id}/stop`);
  });

  it('refuses a target outside the allowlist', async () => {
    const r = await call(base, 'POST', '/v1/runs', {
      body: scenario('    - { duration: 1s, rate: 1 }').replace('127.0.0.1:9', '192.0.2.1:9'),
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'LF_ERR_TARGET_NOT_ALLOWED', issues: [{ path: 'target', line: 2 }] });
  });

  it('answers 415 to other content types and 413 to a body over the limit', async () => {
    const text = scenario('    - { duration: 1s, rate: 1 }');
    const r415 = await call(base, 'POST', '/v1/runs', { body: text, type: 'application/xml' });
    expect(r415.status).toBe(415);
    expect(r415.body.error.code).toBe('LF_ERR_UNSUPPORTED_MEDIA_TYPE');
    const r413 = await call(base, 'POST', '/v1/runs', { body: `${text}# ${'x'.repeat(70_000)}\n` });
    expect(r413.status).toBe(413);
    expect(r413.body.error.code).toBe('LF_ERR_BODY_TOO_LARGE');
    const badJson = await call(base, 'POST', '/v1/runs', { body: '{"scenario": ', type: 'application/json' });
    expect(badJson.status).toBe(400);
  });
});

describe('auth', () => {
  it('answers 401 without a token or with a wrong one', async () => {
    expect((await call(base, 'GET', '/v1/runs', { token: null })).status).toBe(401);
    const wrong = await call(base, 'GET', '/v1/runs', { token: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('LF_ERR_UNAUTHORIZED');
    expect((await call(base, 'POST', '/v1/runs', { token: null, body: 'x: 1' })).status).toBe(401);
  });

  it('lets the read-only token read, and answers 403 when it writes', async () => {
    expect((await call(base, 'GET', '/v1/runs', { token: READ_TOKEN })).status).toBe(200);
    expect((await call(base, 'GET', '/v1/workers', { token: READ_TOKEN })).status).toBe(200);
    const w = await call(base, 'POST', '/v1/runs', {
      token: READ_TOKEN,
      body: scenario('    - { duration: 1s, rate: 1 }'),
    });
    expect(w.status).toBe(403);
    expect(w.body.error.code).toBe('LF_ERR_FORBIDDEN');
  });

  it('serves /healthz without a token', async () => {
    const r = await call(base, 'GET', '/healthz', { token: null });
    expect(r).toMatchObject({ status: 200, body: { ok: true, nats: true, redis: true } });
  });
});

describe('reads', () => {
  it('answers 404 for an unknown run and its report', async () => {
    const r = await call(base, 'GET', '/v1/runs/20200101T000000-deadbeef');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('LF_ERR_RUN_NOT_FOUND');
    expect((await call(base, 'GET', '/v1/runs/no.such.run')).status).toBe(404);
    expect((await call(base, 'GET', '/v1/runs/20200101T000000-deadbeef/report.json')).status).toBe(404);
    expect((await call(base, 'POST', '/v1/runs/20200101T000000-deadbeef/stop')).status).toBe(404);
  });

  it('lists workers with health, and marks a silent one lost within 3 s', async () => {
    const a = await new FakeWorker('wa', infra.namespace, infra.natsUrl, { capacity: 500, host: 'host-a' }).start();
    const b = await new FakeWorker('wb', infra.namespace, infra.natsUrl).start();
    workers.push(a, b);
    const listed = await eventually(async () => {
      const r = await call(base, 'GET', '/v1/workers');
      return r.body.workers.length === 2 ? r.body.workers : null;
    });
    expect(listed[0]).toMatchObject({
      id: 'wa',
      host: 'host-a',
      pid: process.pid,
      capacity: 500,
      activeUsers: 0,
      lost: false,
      health: { cpuPct: 1, rssBytes: 1e8, loopDelayP99Ms: 1, openSockets: 0, bufferedRecords: 0, droppedRecords: 0 },
    });
    expect(typeof listed[0].lastSeen).toBe('string');
    b.silence();
    const lost = await eventually(
      async () => {
        const r = await call(base, 'GET', '/v1/workers');
        return r.body.workers.find((w: { id: string; lost: boolean }) => w.id === 'wb' && w.lost);
      },
      6000,
      'wb marked lost',
    );
    expect(lost.lost).toBe(true);
    expect((await call(base, 'GET', '/v1/workers')).body.workers.find((w: { id: string }) => w.id === 'wa').lost).toBe(
      false,
    );
  });

  it('serves Prometheus metrics', async () => {
    const r = await call(base, 'GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^loadfleet_runs\{state="queued"\} \d+$/m);
    expect(r.body).toMatch(/^loadfleet_workers\{status="live"\} \d+$/m);
    expect(r.body).toMatch(/^loadfleet_quota_grants_total \d+$/m);
    expect(r.body).toMatch(/^loadfleet_http_requests_total\{method="GET",route="\/v1\/runs",status="200"\} \d+$/m);
  });
});
