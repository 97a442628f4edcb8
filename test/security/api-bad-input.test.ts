// The API refuses bad input with the right 4xx and a reason that points at the
// problem, and nothing else is harmed: against a real controller (in this process,
// over HTTP, with real Redis and NATS) and fake workers that tell it their capacity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '@loadfleet/controller-service';
import { useInfra, type Infra } from '../helpers/infra.js';
import { FakeWorker, eventually } from '../integration/controller/fakes.js';
import { call, scenario, startController } from '../integration/controller/setup.js';

let infra: Infra;
let controller: Controller;
let capped: Controller;
let base: string;
let worker: FakeWorker;

const BODY_LIMIT = 64 * 1024;

beforeAll(async () => {
  infra = await useInfra();
  controller = await startController(infra, { bodyLimit: BODY_LIMIT });
  // A second controller with a fixed cap of 1,000 users, on its own namespace's workers (none).
  capped = await startController(
    { ...infra, namespace: `${infra.namespace}-c` },
    { limits: { maxUsers: 1000, capacityFactor: 2 }, bodyLimit: 1024 * 1024 },
  );
  base = controller.url;
  worker = await new FakeWorker('w-cap', infra.namespace, infra.natsUrl, { capacity: 500 }).start();
  await eventually(async () => {
    const r = await call(base, 'GET', '/v1/workers');
    return r.body.workers.length === 1 ? true : null;
  });
});

afterAll(async () => {
  await worker?.close().catch(() => {});
  await controller?.close().catch(() => {});
  await capped?.close().catch(() => {});
  await infra?.cleanup();
});

const ONE_SECOND = '    - { duration: 1s, rate: 1 }';

/** Every refusal: status, stable code, a message, and (when given) the issue's place. */
function expectRefused(
  r: { status: number; body: { error: { code: string; message: string; issues?: unknown[] } } },
  status: number,
  code: string,
  issue?: Record<string, unknown>,
): void {
  expect({ status: r.status, code: r.body.error.code }).toEqual({ status, code });
  expect(r.body.error.message.length).toBeGreaterThan(0);
  if (issue) expect(r.body.error.issues).toContainEqual(expect.objectContaining(issue));
}

describe('bodies the API refuses', () => {
  it('an oversized body: 413, as YAML and as JSON, before anything parses it', async () => {
    const big = `${scenario(ONE_SECOND)}# ${'x'.repeat(BODY_LIMIT)}\n`;
    expectRefused(await call(base, 'POST', '/v1/runs', { body: big }), 413, 'LF_ERR_BODY_TOO_LARGE');
    expectRefused(await call(base, 'POST', '/v1/runs', { body: { scenario: big } }), 413, 'LF_ERR_BODY_TOO_LARGE');
  });

  it('the wrong content type: 415, also with no content type at all', async () => {
    const text = scenario(ONE_SECOND);
    for (const type of [
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
    ]) {
      expectRefused(await call(base, 'POST', '/v1/runs', { body: text, type }), 415, 'LF_ERR_UNSUPPORTED_MEDIA_TYPE');
    }
    const res = await fetch(`${base}/v1/runs`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-write-token' },
      body: new Blob([text]),
    });
    expect(res.status).toBe(415);
  });

  it('a YAML alias bomb: 400 with the line of the alias, in a YAML body and inside JSON', async () => {
    const bomb = [
      'name: bomb',
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    ].join('\n');
    const issue = { line: 4, message: expect.stringContaining('too many YAML aliases') };
    expectRefused(await call(base, 'POST', '/v1/runs', { body: bomb }), 400, 'LF_ERR_SCENARIO', issue);
    expectRefused(await call(base, 'POST', '/v1/runs', { body: { scenario: bomb } }), 400, 'LF_ERR_SCENARIO', issue);
  });

  it('deeply nested documents: 400 for YAML, JSON text, a JSON scenario object and a JSON body (never a 500)', async () => {
    const deepYaml = `name: ${'['.repeat(5000)}${']'.repeat(5000)}`;
    const nesting = { message: expect.stringContaining('nesting is too deep') };
    expectRefused(await call(base, 'POST', '/v1/runs', { body: deepYaml }), 400, 'LF_ERR_SCENARIO', nesting);
    expectRefused(
      await call(base, 'POST', '/v1/runs', { body: { scenario: `{"name": ${'['.repeat(5000)}${']'.repeat(5000)}}` } }),
      400,
      'LF_ERR_SCENARIO',
      nesting,
    );
    // JSON.parse takes any depth; what comes after it must not recurse on it.
    const deepObject = `{"scenario": {"name": "x", "load": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`;
    expectRefused(
      await call(base, 'POST', '/v1/runs', { body: deepObject, type: 'application/json' }),
      400,
      'LF_ERR_REQUEST',
      { path: 'scenario', ...nesting },
    );
    const deepArray = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    expectRefused(
      await call(base, 'POST', '/v1/runs', { body: deepArray, type: 'application/json' }),
      400,
      'LF_ERR_REQUEST',
    );
  });

  it('nesting as deep as a 1 MB body allows, twice: 400 each time, and the controller lives on', async () => {
    // The yaml parser, run on such text before the scenario's own limits, took seconds
    // and then aborted the process (V8 out of memory) on the second request.
    for (const n of [10_000, 450_000]) {
      const r = await call(capped.url, 'POST', '/v1/runs', { body: `name: ${'['.repeat(n)}${']'.repeat(n)}` });
      expectRefused(r, 400, 'LF_ERR_SCENARIO', { line: 1, message: expect.stringContaining('nesting is too deep') });
    }
    expect((await call(capped.url, 'GET', '/healthz', { token: null })).status).toBe(200);
  });

  it('absurd values: 400 with the line and the field', async () => {
    const negative = await call(base, 'POST', '/v1/runs', { body: scenario('    - { duration: 1s, rate: -5 }') });
    expectRefused(negative, 400, 'LF_ERR_SCENARIO', { path: 'load.phases[0].rate', line: 5 });

    const years = await call(base, 'POST', '/v1/runs', { body: scenario('    - { duration: 87600h, rate: 1 }') });
    expectRefused(years, 400, 'LF_ERR_SCENARIO', { path: 'load.phases[0].duration', line: 5 });

    const closed = (users: string) =>
      `name: absurd\ntarget: 127.0.0.1:9\nload:\n  model: closed\n  users: ${users}\n  hold: 10s\nsessions:\n  - name: s\n    steps: [connect, close]\n`;
    const billion = await call(base, 'POST', '/v1/runs', { body: closed('1000000000') });
    expectRefused(billion, 400, 'LF_ERR_SCENARIO', { path: 'load.users', line: 5 });

    const negativeUsers = await call(base, 'POST', '/v1/runs', { body: closed('-3') });
    expectRefused(negativeUsers, 400, 'LF_ERR_SCENARIO', { path: 'load.users', line: 5 });
  });

  it('more users than the live workers can hold, by far: 422 with the field (this farm: one worker of 500)', async () => {
    const closed = `name: big\ntarget: 127.0.0.1:9\nload:\n  model: closed\n  users: 5000\n  hold: 10s\nsessions:\n  - name: s\n    steps: [connect, close]\n`;
    const r = await call(base, 'POST', '/v1/runs', { body: closed });
    expectRefused(r, 422, 'LF_ERR_OVER_CAPACITY', { path: 'load.users', line: 5 });
    expect(r.body.error.message).toMatch(/5000 concurrent users.*500 users the live workers can hold/);

    // Open model: 1,000 users/s each holding a 60 s session is ~60,000 at once.
    const open = `name: big-open\ntarget: 127.0.0.1:9\nload:\n  phases:\n    - { duration: 5m, rate: 1000 }\nsessions:\n  - name: s\n    steps: [connect, { think: 60s }, close]\n`;
    const o = await call(base, 'POST', '/v1/runs', { body: open });
    expectRefused(o, 422, 'LF_ERR_OVER_CAPACITY', { path: 'load.phases', line: 5 });
    expect(o.body.error.message).toMatch(/peak rate 1000\/s × mean session 60000 ms/);

    // Within the factor (2 × 500): accepted.
    const fits = await call(base, 'POST', '/v1/runs', { body: closed.replace('5000', '900') });
    expect(fits.status).toBe(202);
    await call(base, 'POST', `/v1/runs/${fits.body.id}/stop`);
  });

  it('a fixed --max-users cap applies with or without workers', async () => {
    const closed = `name: cap\ntarget: 127.0.0.1:9\nload:\n  model: closed\n  users: 1001\n  hold: 10s\nsessions:\n  - name: s\n    steps: [connect, close]\n`;
    const r = await call(capped.url, 'POST', '/v1/runs', { body: closed });
    expectRefused(r, 422, 'LF_ERR_OVER_CAPACITY', { path: 'load.users' });
    expect(r.body.error.message).toContain('--max-users');
  });

  it('unknown fields: 400 with the line and the field, in the scenario and in the JSON body', async () => {
    const typo = `name: typo\ntarget: 127.0.0.1:9\nload:\n  phases:\n${ONE_SECOND}\nsessions:\n  - name: s\n    weigth: 2\n    steps: [connect, close]\n`;
    const r = await call(base, 'POST', '/v1/runs', { body: typo });
    expectRefused(r, 400, 'LF_ERR_SCENARIO', {
      path: 'sessions[0].weigth',
      line: 8,
      col: 5,
      message: expect.stringContaining('did you mean weight'),
    });
    const j = await call(base, 'POST', '/v1/runs', { body: { scenario: scenario(ONE_SECOND), priority: 'high' } });
    expectRefused(j, 400, 'LF_ERR_REQUEST', { path: 'priority', message: expect.stringContaining('unknown field') });
  });

  it('after all of it the controller is unharmed: healthy, and a valid run is queued', async () => {
    const h = await call(base, 'GET', '/healthz', { token: null });
    expect(h).toMatchObject({ status: 200, body: { ok: true } });
    const ok = await call(base, 'POST', '/v1/runs', { body: scenario(ONE_SECOND) });
    expect(ok.status).toBe(202);
    await call(base, 'POST', `/v1/runs/${ok.body.id}/stop`);
  });
});
