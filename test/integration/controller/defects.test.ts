// Issue 13's controller defects against real Redis and NATS: a body that is not
// UTF-8, queue positions of runs submitted at once, and submits and stops logged
// with the name of the token that made them (rotation: several named tokens at once).
import { TargetAllowlist, TokenAuth } from '@loadfleet/controller';
import type { Controller } from '@loadfleet/controller-service';
import { createLogger } from '@loadfleet/log';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { duplicateKeys } from '../../helpers/log-lines.js';
import { eventually } from './fakes.js';
import { call, scenario, startController } from './setup.js';

const OLD = 'ci-old-token-0123456789';
const NEW = 'ci-new-token-9876543210';

let infra: Infra;
let controller: Controller;
let base: string;
const logLines: string[] = [];

beforeAll(async () => {
  infra = await useInfra();
  controller = await startController(infra, {
    // Two named tokens accepted at once: a team rotating from ci-old to ci-new.
    auth: new TokenAuth({
      tokens: [
        { name: 'ci-old', token: OLD, access: 'write' },
        { name: 'ci-new', token: NEW, access: 'write' },
      ],
    }),
    allowlist: new TargetAllowlist('127.0.0.0/8'),
    log: createLogger('controller', {
      level: 'info',
      secrets: [OLD, NEW],
      destination: { write: (l: string) => void logLines.push(...l.split('\n').filter(Boolean)) },
    }),
  });
  base = controller.url;
});

afterAll(async () => {
  await controller?.close().catch(() => {});
  await infra?.cleanup();
});

const logged = (msg: string) =>
  logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === msg);

async function post(body: Buffer | string, type: string, token = NEW) {
  const res = await fetch(`${base}/v1/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

describe('a body that is not UTF-8', () => {
  const valid = scenario('    - { duration: 1s, rate: 1 }');
  // A valid scenario with a comment written in Latin-1: "# café" with 0xE9, not a UTF-8 sequence.
  const latin1 = Buffer.concat([Buffer.from(`${valid}# caf`), Buffer.from([0xe9, 0x0a])]);

  it('YAML: 400 naming the byte, not 202 with replacement characters', async () => {
    const r = await post(latin1, 'application/yaml');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'LF_ERR_REQUEST',
      message: expect.stringMatching(/not UTF-8 .*at byte \d+/),
    });
    expect(r.body.error!.message).toContain(`at byte ${latin1.indexOf(0xe9)}`);
  });

  it('JSON: 400 as well; the same text in UTF-8 is accepted', async () => {
    const text = JSON.stringify(`${valid}# caf`).slice(0, -1);
    const json = Buffer.concat([Buffer.from(`{"scenario": ${text}`), Buffer.from([0xe9]), Buffer.from('"}')]);
    expect((await post(json, 'application/json')).status).toBe(400);
    const ok = await post(Buffer.from(valid.replace('name: itest', 'name: café'), 'utf8'), 'application/yaml');
    expect(ok.status).toBe(202);
  });
});

describe('queue positions of runs submitted at once', () => {
  it('a busy controller: N submits at once get the places 1..N, and GET agrees', async () => {
    // One run holds the only slot (maxConcurrentRuns 1) for the whole test.
    const long = await call(base, 'POST', '/v1/runs', {
      token: NEW,
      body: scenario('    - { duration: 60s, rate: 1 }', 'long'),
    });
    await eventually(
      async () =>
        (await call(base, 'GET', `/v1/runs/${long.body.id}`, { token: NEW })).body.state === 'running' ? true : null,
      20_000,
      'the first run running',
    );
    const n = 8;
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        call(base, 'POST', '/v1/runs', { token: NEW, body: scenario('    - { duration: 1s, rate: 1 }', `burst-${i}`) }),
      ),
    );
    const places = replies.map((r) => r.body.queuePosition as number);
    expect([...places].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    for (const r of replies) {
      const now = await call(base, 'GET', `/v1/runs/${r.body.id}`, { token: NEW });
      expect(now.body).toMatchObject({ state: 'queued', queuePosition: r.body.queuePosition });
    }
    // Cancelling one moves everyone behind it up by one place.
    const first = replies.find((r) => r.body.queuePosition === 1)!;
    await call(base, 'POST', `/v1/runs/${first.body.id}/stop`, { token: NEW });
    const second = replies.find((r) => r.body.queuePosition === 2)!;
    expect((await call(base, 'GET', `/v1/runs/${second.body.id}`, { token: NEW })).body.queuePosition).toBe(1);
    for (const r of [...replies, long]) await call(base, 'POST', `/v1/runs/${r.body.id}/stop`, { token: NEW });
  });

  it('an idle controller: every submit of a burst gets a place (never null), and the places left queued are 1..k', async () => {
    // Wait until the previous test's runs have all ended.
    await eventually(
      async () => {
        const list = (await call(base, 'GET', '/v1/runs?limit=100', { token: NEW })).body.runs as { state: string }[];
        return list.every((r) => ['done', 'stopped', 'cancelled', 'failed', 'aborted'].includes(r.state)) ? true : null;
      },
      60_000,
      'every earlier run ended',
    );
    const replies = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        call(base, 'POST', '/v1/runs', { token: NEW, body: scenario('    - { duration: 30s, rate: 1 }', `idle-${i}`) }),
      ),
    );
    for (const r of replies) expect(r.body.queuePosition).toEqual(expect.any(Number));
    const now = await Promise.all(replies.map((r) => call(base, 'GET', `/v1/runs/${r.body.id}`, { token: NEW })));
    const queued = now.filter((r) => r.body.state === 'queued').map((r) => r.body.queuePosition as number);
    expect(queued.sort((a, b) => a - b)).toEqual(Array.from({ length: queued.length }, (_, i) => i + 1));
    for (const r of replies) await call(base, 'POST', `/v1/runs/${r.body.id}/stop`, { token: NEW });
  });
});

describe('rotation: several named tokens at once, every submit and stop logged with its name', () => {
  it('the old and the new token both work; the log names which one submitted and which one stopped', async () => {
    const a = await call(base, 'POST', '/v1/runs', {
      token: OLD,
      body: scenario('    - { duration: 30s, rate: 1 }', 'by-old'),
    });
    const b = await call(base, 'POST', '/v1/runs', {
      token: NEW,
      body: scenario('    - { duration: 30s, rate: 1 }', 'by-new'),
    });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect((await call(base, 'POST', `/v1/runs/${a.body.id}/stop`, { token: NEW })).status).toBeLessThan(300);
    expect((await call(base, 'POST', `/v1/runs/${b.body.id}/stop`, { token: OLD })).status).toBeLessThan(300);
    expect(logged('run submitted')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ runId: a.body.id, by: 'ci-old' }),
        expect.objectContaining({ runId: b.body.id, by: 'ci-new' }),
      ]),
    );
    expect(logged('run stop requested')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ runId: a.body.id, by: 'ci-new' }),
        expect.objectContaining({ runId: b.body.id, by: 'ci-old' }),
      ]),
    );
    expect((await call(base, 'GET', `/v1/runs/${a.body.id}`, { token: OLD })).body.submittedBy).toBe('ci-old');
    // Neither token ever reaches the log, and no line carries a key twice.
    for (const line of logLines) {
      expect(line).not.toContain(OLD);
      expect(line).not.toContain(NEW);
      expect(duplicateKeys(line)).toEqual([]);
    }
  });
});
