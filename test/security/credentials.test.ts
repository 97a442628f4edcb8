// NATS and Redis with credentials (and Redis over TLS when this redis-server has it),
// through the one place that builds connection options (libs/config): a private
// nats-server with --user/--pass and a private redis-server with --requirepass,
// a controller, an aggregator and a worker as processes, a short run end to end.
// Then no secret (API tokens, passwords) may appear in anything they printed, in
// the API's answers, or in the report.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServerHandle } from '../helpers/chat-server.js';
import { newNamespace } from '../helpers/infra.js';
import { freePort, startChild, type Child } from '../helpers/processes.js';

const dist = (service: string) => fileURLToPath(new URL(`../../services/${service}/dist/main.js`, import.meta.url));

const SECRETS = {
  apiToken: 'api-W7q2-Zx9c-Lp04-submit',
  readToken: 'api-R3ad-Kk81-Mn55-only',
  natsPassword: 'nats-Pq8#Vb2!Xy6',
  redisPassword: 'redis-Hj4%Tt9&Ee1',
};
const NATS_USER = 'loadfleet';

let dir: string;
let nats: Child;
let redis: Child;
let chat: ChatServerHandle;
let natsPort: number;
let redisPort: number;
/** TLS port of the private redis-server, or 0 when this redis-server has no TLS. */
let redisTlsPort = 0;
const children: Child[] = [];

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A CA and a certificate for 127.0.0.1 signed by it, or false without openssl. */
function makeCertificates(): boolean {
  try {
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    run([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-subj',
      '/CN=lf-test-ca',
      '-days',
      '1',
    ]);
    run([
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=127.0.0.1',
    ]);
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    run([
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '1',
      '-extfile',
      'ext.cnf',
    ]);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lf-creds-'));
  [natsPort, redisPort] = await Promise.all([freePort(), freePort()]);
  nats = startChild('nats-server', [
    '-a',
    '127.0.0.1',
    '-p',
    String(natsPort),
    '-js',
    '-sd',
    join(dir, 'js'),
    '--user',
    NATS_USER,
    '--pass',
    SECRETS.natsPassword,
  ]);
  const tls = makeCertificates() ? await freePort() : 0;
  const redisArgs = [
    '--port',
    String(redisPort),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--requirepass',
    SECRETS.redisPassword,
  ];
  const tlsArgs = [
    '--tls-port',
    String(tls),
    '--tls-cert-file',
    join(dir, 'server.crt'),
    '--tls-key-file',
    join(dir, 'server.key'),
    '--tls-ca-cert-file',
    join(dir, 'ca.crt'),
    '--tls-auth-clients',
    'no',
  ];
  redis = startChild('redis-server', tls ? [...redisArgs, ...tlsArgs] : redisArgs);
  await until('nats-server', () => /Server is ready/.test(nats.logs()));
  await until(
    'redis-server',
    () => /Ready to accept connections/.test(redis.logs()) || redis.process.exitCode !== null,
  );
  if (redis.process.exitCode !== null) {
    // A redis-server built without TLS refuses the flags: go on without TLS.
    redis = startChild('redis-server', redisArgs);
    await until('redis-server', () => /Ready to accept connections/.test(redis.logs()));
  } else redisTlsPort = tls;
  if (!redisTlsPort)
    console.warn('credentials.test: this redis-server has no TLS (or no openssl): Redis runs without TLS');
  chat = await startChatServer({ procs: 1 });
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await chat?.stop();
  await redis?.stop();
  await nats?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The same Redis as URL for every form: over TLS with the CA when there is TLS. */
function redisEnv(form: 'url' | 'env'): Record<string, string> {
  const scheme = redisTlsPort ? 'rediss' : 'redis';
  const port = redisTlsPort || redisPort;
  const tls: Record<string, string> = redisTlsPort ? { LOADFLEET_REDIS_TLS_CA: join(dir, 'ca.crt') } : {};
  return form === 'url'
    ? { REDIS_URL: `${scheme}://:${encodeURIComponent(SECRETS.redisPassword)}@127.0.0.1:${port}`, ...tls }
    : { REDIS_URL: `${scheme}://127.0.0.1:${port}`, LOADFLEET_REDIS_PASSWORD: SECRETS.redisPassword, ...tls };
}

function natsEnv(form: 'url' | 'env', password = SECRETS.natsPassword): Record<string, string> {
  return form === 'url'
    ? { NATS_URL: `nats://${NATS_USER}:${encodeURIComponent(password)}@127.0.0.1:${natsPort}` }
    : { NATS_URL: `nats://127.0.0.1:${natsPort}`, LOADFLEET_NATS_USER: NATS_USER, LOADFLEET_NATS_PASSWORD: password };
}

async function startControllerProcess(env: Record<string, string>, args: string[]): Promise<Child & { url: string }> {
  const c = startChild(process.execPath, [dist('controller'), '--port', '0', ...args], env);
  children.push(c);
  await until('controller ready', () => /"ready":true/.test(c.logs()) || c.process.exitCode !== null);
  const line = c
    .logs()
    .split('\n')
    .find((l) => l.includes('"ready":true'));
  if (!line) throw new Error(`controller did not start:\n${c.logs()}`);
  return Object.assign(c, { url: (JSON.parse(line) as { url: string }).url });
}

function expectNoSecret(where: string, text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    expect({ where, name, leaked: text.includes(secret) || text.includes(encodeURIComponent(secret)) }).toEqual({
      where,
      name,
      leaked: false,
    });
  }
}

describe('a farm on NATS and Redis with credentials', () => {
  it('runs end to end, and no secret reaches a log line, an API answer or the report', async () => {
    const ns = newNamespace();
    const common = { LOADFLEET_LOG_LEVEL: 'debug', LOADFLEET_API_TOKEN: '', LOADFLEET_API_READ_TOKEN: '' };
    // Credentials in the URLs for the controller and the aggregator, in their own variables for the worker.
    const controller = await startControllerProcess(
      {
        ...common,
        ...natsEnv('url'),
        ...redisEnv('url'),
        LOADFLEET_API_TOKEN: SECRETS.apiToken,
        LOADFLEET_API_READ_TOKEN: SECRETS.readToken,
      },
      ['--namespace', ns, '--log-level', 'debug'],
    );
    const aggregator = startChild(process.execPath, [dist('aggregator'), '--namespace', ns], {
      ...common,
      ...natsEnv('url'),
      ...redisEnv('url'),
    });
    const worker = startChild(process.execPath, [dist('worker'), '--namespace', ns, '--capacity', '100'], {
      ...common,
      ...natsEnv('env'),
      ...redisEnv('env'),
    });
    children.push(aggregator, worker);

    const api = async (path: string, init: RequestInit = {}, token = SECRETS.apiToken) => {
      const res = await fetch(`${controller.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
      });
      return { status: res.status, text: await res.text() };
    };
    await until(
      'the worker in /v1/workers',
      async () => JSON.parse((await api('/v1/workers')).text).workers.length === 1,
    );

    const submitted = await api('/v1/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: `name: creds\ntarget: 127.0.0.1:${chat.port}\nload:\n  phases:\n    - { duration: 2s, rate: 10 }\nsessions:\n  - name: s\n    steps:\n      - connect\n      - send: login\n        fields: { userId: '{{user.id}}', token: t }\n      - close\n`,
    });
    expect(submitted.status).toBe(202);
    const id = (JSON.parse(submitted.text) as { id: string }).id;
    await until(
      'the run to end',
      async () =>
        ['done', 'failed', 'stopped', 'aborted'].includes(JSON.parse((await api(`/v1/runs/${id}`)).text).state),
      60_000,
    );
    const run = await api(`/v1/runs/${id}`, {}, SECRETS.readToken);
    expect(JSON.parse(run.text).state).toBe('done');
    const reportJson = await api(`/v1/runs/${id}/report.json`, {}, SECRETS.readToken);
    const reportHtml = await api(`/v1/runs/${id}/report.html`, {}, SECRETS.readToken);
    expect(reportJson.status).toBe(200);
    // Users logged in through the worker: NATS and Redis carried the run (exact counts are the e2e tests' job).
    const users = JSON.parse(reportJson.text).totals.users;
    expect(users.loggedIn).toBeGreaterThan(0);
    expect(users.loggedIn).toBe(users.started);
    const workers = await api('/v1/workers', {}, SECRETS.readToken);
    const metrics = await api('/metrics', {}, SECRETS.readToken);
    // Refused requests print nothing secret either (the wrong token is not a secret; the right ones are).
    expect((await api('/v1/runs', {}, 'wrong')).status).toBe(401);

    await Promise.all([worker.stop(), aggregator.stop(), controller.stop()]);
    for (const [where, c] of [
      ['controller', controller],
      ['aggregator', aggregator],
      ['worker', worker],
    ] as const) {
      expect(c.logs().length, `${where} printed nothing`).toBeGreaterThan(200);
      expectNoSecret(`${where} output`, c.logs());
    }
    for (const [where, r] of Object.entries({ run, reportJson, reportHtml, workers, metrics }))
      expectNoSecret(where, r.text);
  }, 120_000);

  it('a wrong password is refused at start, and the log does not repeat it', async () => {
    const wrong = 'nats-Wr0ng-Pa55w0rd-x';
    const a = startChild(process.execPath, [dist('controller'), '--port', '0', '--namespace', newNamespace()], {
      ...natsEnv('url', wrong),
      ...redisEnv('url'),
      LOADFLEET_API_TOKEN: SECRETS.apiToken,
    });
    children.push(a);
    expect(await a.exited).not.toBe(0);
    expect(a.logs()).toMatch(/Authorization Violation|AUTHORIZATION_VIOLATION/i);
    expect(a.logs()).not.toContain(wrong);
    expectNoSecret('controller with a wrong NATS password', a.logs());

    const scheme = redisTlsPort ? 'rediss' : 'redis';
    const b = startChild(process.execPath, [dist('controller'), '--port', '0', '--namespace', newNamespace()], {
      ...natsEnv('env'),
      REDIS_URL: `${scheme}://:wrong-redis-pass-9@127.0.0.1:${redisTlsPort || redisPort}`,
      ...(redisTlsPort ? { LOADFLEET_REDIS_TLS_CA: join(dir, 'ca.crt') } : {}),
      LOADFLEET_API_TOKEN: SECRETS.apiToken,
    });
    children.push(b);
    expect(await b.exited).not.toBe(0);
    expect(b.logs()).toMatch(/WRONGPASS|NOAUTH/);
    expect(b.logs()).not.toContain('wrong-redis-pass-9');
    expectNoSecret('controller with a wrong Redis password', b.logs());
  }, 60_000);
});
