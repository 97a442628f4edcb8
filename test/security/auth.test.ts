// The API's bearer tokens, against real controller processes: no token configured
// means no start (unless --insecure, which warns loudly); the submitting and the
// read-only token are distinct and do what they say; tokens come from env or files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useInfra, type Infra } from '../helpers/infra.js';
import { startChild, startController, type Child } from '../helpers/processes.js';

const CONTROLLER = fileURLToPath(new URL('../../services/controller/dist/main.js', import.meta.url));
const WRITE = 'w-4f9c2e7b1d3a5c6e8f0a';
const READ = 'r-0b1c2d3e4f5a6b7c8d9e';

let infra: Infra;
let dir: string;
const children: Child[] = [];

beforeAll(async () => {
  infra = await useInfra();
  dir = mkdtempSync(join(tmpdir(), 'lf-auth-'));
});

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await infra?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  // Whatever the test runner's environment holds, these tests decide the tokens.
  return {
    LOADFLEET_API_TOKEN: '',
    LOADFLEET_API_READ_TOKEN: '',
    REDIS_URL: infra.redisUrl,
    NATS_URL: infra.natsUrl,
    ...extra,
  };
}

async function status(url: string, method: string, path: string, token?: string): Promise<number> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let body: string | undefined;
  if (method === 'POST' && path === '/v1/runs') {
    headers['content-type'] = 'application/yaml';
    body =
      'name: x\ntarget: 127.0.0.1:9\nload: { phases: [{ duration: 1s, rate: 1 }] }\nsessions: [{ name: s, steps: [connect] }]\n';
  }
  const res = await fetch(`${url}${path}`, { method, headers, body });
  await res.arrayBuffer();
  return res.status;
}

describe('controller start-up without a token', () => {
  it('refuses to start (exit 2) and says how to fix it', async () => {
    const c = startChild(process.execPath, [CONTROLLER, '--port', '0', '--namespace', infra.namespace], env());
    expect(await c.exited).toBe(2);
    expect(c.logs()).toMatch(/no API token: set LOADFLEET_API_TOKEN or --api-token-file/);
    expect(c.logs()).toMatch(/--insecure/);
  });

  it('starts with --insecure, warning on stderr and in the log; then anyone may submit', async () => {
    // A namespace of its own: two controllers on one namespace would share its queue.
    const c = await startController(['--namespace', `${infra.namespace}-i`, '--insecure'], infra, env());
    children.push(c);
    expect(c.logs()).toMatch(/^loadfleet controller: INSECURE: the API has no token/m);
    expect(c.logs()).toMatch(/"level":40.*INSECURE/);
    expect(await status(c.url, 'GET', '/v1/runs')).toBe(200);
    expect(await c.stop()).toBe(0);
  });

  it('refuses a read-only token equal to the submitting one', async () => {
    const c = startChild(
      process.execPath,
      [CONTROLLER, '--port', '0', '--namespace', infra.namespace],
      env({ LOADFLEET_API_TOKEN: WRITE, LOADFLEET_API_READ_TOKEN: WRITE }),
    );
    expect(await c.exited).toBe(2);
    expect(c.logs()).toMatch(/the read-only token must differ from the submitting token/);
    expect(c.logs()).not.toContain(WRITE);
  });

  it('refuses an unreadable token file (exit 2)', async () => {
    const c = startChild(
      process.execPath,
      [CONTROLLER, '--port', '0', '--namespace', infra.namespace, '--api-token-file', join(dir, 'missing')],
      env(),
    );
    expect(await c.exited).toBe(2);
    expect(c.logs()).toMatch(/--api-token-file: cannot read/);
  });
});

describe('tokens', () => {
  let url: string;

  beforeAll(async () => {
    const writeFile = join(dir, 'write.token');
    writeFileSync(writeFile, `${WRITE}\n`, { mode: 0o600 });
    // The submitting token from a file, the read-only one from the environment.
    const c = await startController(
      ['--namespace', infra.namespace, '--api-token-file', writeFile],
      infra,
      env({ LOADFLEET_API_READ_TOKEN: READ }),
    );
    children.push(c);
    url = c.url;
  });

  it('no token or a wrong one: 401 on every route but /healthz', async () => {
    for (const [method, path] of [
      ['GET', '/v1/runs'],
      ['GET', '/v1/workers'],
      ['GET', '/metrics'],
      ['GET', '/v1/runs/20200101T000000-deadbeef'],
      ['POST', '/v1/runs'],
      ['POST', '/v1/runs/20200101T000000-deadbeef/stop'],
    ] as const) {
      expect({ method, path, status: await status(url, method, path) }).toEqual({ method, path, status: 401 });
      expect(await status(url, method, path, 'nope')).toBe(401);
      // A prefix of the real token is not the token.
      expect(await status(url, method, path, WRITE.slice(0, -1))).toBe(401);
    }
    expect(await status(url, 'GET', '/healthz')).toBe(200);
  });

  it('the read-only token reads, and gets 403 on submitting and stopping', async () => {
    expect(await status(url, 'GET', '/v1/runs', READ)).toBe(200);
    expect(await status(url, 'GET', '/v1/workers', READ)).toBe(200);
    expect(await status(url, 'POST', '/v1/runs', READ)).toBe(403);
    expect(await status(url, 'POST', '/v1/runs/20200101T000000-deadbeef/stop', READ)).toBe(403);
  });

  it('the submitting token (read from its file, newline trimmed) reads and submits', async () => {
    expect(await status(url, 'GET', '/v1/runs', WRITE)).toBe(200);
    const res = await fetch(`${url}/v1/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WRITE}`, 'content-type': 'application/yaml' },
      body: 'name: x\ntarget: 127.0.0.1:9\nload: { phases: [{ duration: 1s, rate: 1 }] }\nsessions: [{ name: s, steps: [connect] }]\n',
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(await status(url, 'POST', `/v1/runs/${id}/stop`, READ)).toBe(403);
    // 200 cancelled while queued, 202 stopping once taken: either way the token may stop it.
    expect([200, 202]).toContain(await status(url, 'POST', `/v1/runs/${id}/stop`, WRITE));
  });
});
