// docker-compose.yml without a Docker engine: every service's command runs as a plain
// process with the environment the compose file gives it (credentials, URLs, the
// allowlist), service host names mapped to 127.0.0.1 and container ports to free ports
// of this box. NATS and Redis are private servers started from the file's own command
// lines (its user/password and requirepass), checked with the file's own healthchecks.
// A scenario then goes through the farm end to end: submit → report, whose counts equal
// the chat server's /stats. Then a worker stopped with SIGTERM shows as `left`, and no
// log line of any service carries a key twice.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '@loadfleet/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsDocument } from '../helpers/chat-server.js';
import { readCompose, type ComposeService } from '../helpers/compose.js';
import { waitFor } from '../helpers/farm.js';
import { receivedBetween, sentByKind } from '../helpers/faults.js';
import { linesWithDuplicateKeys } from '../helpers/log-lines.js';
import { startChild, type Child } from '../helpers/processes.js';

const CLI = fileURLToPath(new URL('../../services/cli/bin/loadfleet.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/compose-chatroom.yaml', import.meta.url));
const TOKEN = `compose-e2e-${Math.random().toString(16).slice(2, 14)}-token`;
/** This test's ports: a range no other test of the suite uses. */
const PORT_RANGE = { low: 25_000, high: 25_999 };

const missing = ['nats-server', 'redis-server', 'redis-cli'].filter(
  (b) => spawnSync('sh', ['-c', `command -v ${b} || test -x /usr/sbin/${b}`]).status !== 0,
);
const skipReason = `SKIPPED: ${missing.join(', ')} not installed (.ci/run installs them)`;
if (missing.length > 0) console.warn(`test/e2e/farm-compose.test.ts — ${skipReason}`);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function portsInRange(n: number): Promise<number[]> {
  const out: number[] = [];
  const start = PORT_RANGE.low + Math.floor(Math.random() * (PORT_RANGE.high - PORT_RANGE.low));
  for (let i = 0; out.length < n && i <= PORT_RANGE.high - PORT_RANGE.low; i++) {
    const port = PORT_RANGE.low + ((start - PORT_RANGE.low + i) % (PORT_RANGE.high - PORT_RANGE.low + 1));
    if (await portFree(port)) out.push(port);
  }
  if (out.length < n) throw new Error(`not ${n} free ports in ${PORT_RANGE.low}-${PORT_RANGE.high}`);
  return out;
}

/** Where each service's container ports are on this box. */
type PortMap = Map<string, Map<number, number>>;

const compose = readCompose({ LOADFLEET_API_TOKEN: TOKEN });
const SERVICE_NAMES = Object.keys(compose.services);

/** `//service:port` in a URL -> `//127.0.0.1:mapped`. */
function mapUrls(value: string, ports: PortMap): string {
  return value.replace(/\/\/([a-z][a-z0-9-]*):(\d+)/g, (all, host: string, port: string) => {
    const mapped = ports.get(host)?.get(Number(port));
    return mapped === undefined ? all : `//127.0.0.1:${mapped}`;
  });
}

/** The container's environment: the service's `environment`, with its URLs mapped. */
function envOf(s: ComposeService, ports: PortMap): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.environment ?? {})) env[k] = mapUrls(String(v ?? ''), ports);
  return env;
}

/** The container ports a service listens on: published ones, ones the other services' URLs name, its flags. */
function containerPorts(name: string, s: ComposeService): number[] {
  const ports = new Set<number>();
  for (const p of s.ports ?? []) ports.add(Number(p.split(':').at(-1)));
  for (const other of Object.values(compose.services))
    for (const v of Object.values(other.environment ?? {}))
      for (const m of String(v).matchAll(new RegExp(`//${name}:(\\d+)`, 'g'))) ports.add(Number(m[1]));
  const cmd = s.command ?? [];
  for (let i = 0; i < cmd.length - 1; i++)
    if (['--port', '--http-port', '-m', '-p'].includes(cmd[i]!)) ports.add(Number(cmd[i + 1]));
  return [...ports].sort((a, b) => a - b);
}

/** A service's command line as a process here: the image's program, host ports, loopback, temp dirs. */
function commandOf(name: string, s: ComposeService, ports: PortMap, dir: string): { command: string; args: string[] } {
  const mine = ports.get(name)!;
  const args = (s.command ?? []).map((a, i, all) => {
    if (a === '0.0.0.0') return '127.0.0.1';
    if (a === '/data') return dir;
    const flag = all[i - 1];
    if (flag && ['--port', '--http-port', '-m'].includes(flag) && mine.has(Number(a)))
      return String(mine.get(Number(a)));
    return a;
  });
  if (s.build !== undefined) return { command: process.execPath, args: [CLI, ...args] };
  if (s.image?.startsWith('nats:'))
    return { command: 'nats-server', args: ['-a', '127.0.0.1', '-p', String(mine.get(4222)), ...args] };
  if (s.image?.startsWith('redis:')) {
    const [program, ...rest] = args;
    return {
      command: program!,
      args: [...rest, '--port', String(mine.get(6379)), '--bind', '127.0.0.1', '--dir', dir],
    };
  }
  throw new Error(`service ${name}: no way to run image ${s.image} here`);
}

/** Runs the service's own healthcheck command, its ports mapped (redis-cli gets -p). */
function healthy(name: string, s: ComposeService, ports: PortMap): boolean {
  const [kind, program, ...args] = s.healthcheck!.test;
  expect(kind).toBe('CMD');
  const mapped = args.map((a) =>
    a.replace(/127\.0\.0\.1:(\d+)/, (all, p: string) => `127.0.0.1:${ports.get(name)!.get(Number(p)) ?? p}`),
  );
  if (program === 'redis-cli') mapped.unshift('-p', String(ports.get(name)!.get(6379)));
  const r = spawnSync(program!, mapped, { env: { PATH: process.env.PATH, ...envOf(s, ports) }, timeout: 5000 });
  return r.status === 0;
}

const children = new Map<string, Child>();
let ports: PortMap;
let dirs: string[] = [];
let api: string;
let chatHttp: string;

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${TOKEN}`);
  const res = await fetch(`${api}${path}`, { ...init, headers });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const stats = async () => (await (await fetch(`${chatHttp}/stats`)).json()) as StatsDocument;

function start(name: string): Child {
  const s = compose.services[name]!;
  const dir = mkdtempSync(join(tmpdir(), `lf-compose-${name}-`));
  dirs.push(dir);
  const { command, args } = commandOf(name, s, ports, dir);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin:/usr/sbin',
    HOME: process.env.HOME ?? '/tmp',
    ...envOf(s, ports),
  };
  // startChild merges process.env; the services get the compose environment over it, never the test's infra URLs.
  const child = startChild(command, args, { ...env, REDIS_URL: env.REDIS_URL ?? '', NATS_URL: env.NATS_URL ?? '' });
  children.set(name, child);
  return child;
}

beforeAll(async () => {
  if (missing.length > 0) return;
  const wanted = SERVICE_NAMES.map((n) => [n, containerPorts(n, compose.services[n]!)] as const);
  const free = await portsInRange(wanted.reduce((n, [, p]) => n + p.length, 0));
  ports = new Map(wanted.map(([n, ps]) => [n, new Map(ps.map((p) => [p, free.shift()!]))]));
  // In the order depends_on gives: NATS and Redis, healthy by their own checks, then the rest.
  for (const name of ['nats', 'redis']) {
    start(name);
    await waitFor(async () => healthy(name, compose.services[name]!, ports), { ms: 30_000, what: `${name} healthy` });
  }
  for (const name of SERVICE_NAMES.filter((n) => n !== 'nats' && n !== 'redis')) start(name);
  api = `http://127.0.0.1:${ports.get('controller')!.get(8080)}`;
  chatHttp = `http://127.0.0.1:${ports.get('chat-server')!.get(7001)}`;
  await waitFor(async () => (await fetch(`${api}/healthz`).catch(() => null))?.ok === true, {
    ms: 60_000,
    what: 'controller up',
  });
  await waitFor(async () => (await fetch(`${chatHttp}/healthz`).catch(() => null))?.ok === true, {
    ms: 60_000,
    what: 'chat server up',
  });
  await waitFor(
    async () =>
      (await call<{ workers: { lost: boolean }[] }>('/v1/workers')).workers.filter((w) => !w.lost).length >= 2,
    { ms: 60_000, what: "the worker service's two processes in /v1/workers" },
  );
}, 180_000);

afterAll(async () => {
  // Reverse order: the farm first, NATS and Redis last.
  for (const name of [...children.keys()].reverse()) await children.get(name)!.stop('SIGTERM', 15_000);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe.skipIf(missing.length > 0)(
  `the compose farm as plain processes${missing.length > 0 ? ` — ${skipReason}` : ''}`,
  () => {
    it('runs examples/compose-chatroom.yaml end to end; the report counts equal the chat server /stats', async () => {
      // The example names the chat server as the compose network does; here that name is 127.0.0.1.
      const scenario = readFileSync(EXAMPLE, 'utf8').replace(
        'target: chat-server:7000',
        `target: 127.0.0.1:${ports.get('chat-server')!.get(7000)}`,
      );
      expect(scenario).not.toContain('chat-server:7000');
      const before = await stats();
      const { id } = await call<{ id: string }>('/v1/runs', {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body: scenario,
      });
      await waitFor(
        async () =>
          ['done', 'stopped', 'failed', 'aborted'].includes((await call<{ state: string }>(`/v1/runs/${id}`)).state),
        {
          ms: 120_000,
          what: 'the run ended',
        },
      );
      let report: Report | null = null;
      await waitFor(
        async () => {
          const res = await fetch(`${api}/v1/runs/${id}/report.json`, {
            headers: { authorization: `Bearer ${TOKEN}` },
          });
          if (res.ok) report = (await res.json()) as Report;
          return report !== null;
        },
        { ms: 60_000, what: 'the report stored' },
      );
      const after = await stats();
      const r = report!;
      expect(r.run.state).toBe('done');
      expect(r.totals.users.started).toBeGreaterThan(0);
      // Every arrival of the schedule's 100 started or is counted dropped, even on a busy box where
      // quota replies are lost to timeouts (88 of 100 were accounted for beside two CPU burners before
      // the controller counted the grants that never arrived).
      expect(r.totals.users.started + r.totals.users.dropped).toBe(100);
      expect(sentByKind(r)).toEqual(receivedBetween(before, after));
      expect(r.run.workers.filter((w) => w.users > 0).length).toBeGreaterThanOrEqual(1);
    }, 240_000);

    it('the worker service stopped with SIGTERM: its processes show as left, not lost', async () => {
      const ids = (await call<{ workers: { id: string }[] }>('/v1/workers')).workers.map((w) => w.id);
      expect(await children.get('worker')!.stop('SIGTERM', 20_000)).toBe(0);
      await waitFor(
        async () => {
          const now = (await call<{ workers: { id: string; left?: boolean; lost: boolean }[] }>('/v1/workers')).workers;
          return ids.every((id) => now.find((w) => w.id === id)?.left === true);
        },
        { ms: 30_000, what: 'both worker processes left' },
      );
      const now = (await call<{ workers: { id: string; left?: boolean; lost: boolean }[] }>('/v1/workers')).workers;
      for (const w of now.filter((w) => ids.includes(w.id))) expect(w).toMatchObject({ left: true, lost: false });
    }, 60_000);

    it('no log line of any service carries a key twice', () => {
      for (const [name, child] of children) {
        expect({ name, lines: linesWithDuplicateKeys(child.logs()).slice(0, 3) }).toEqual({ name, lines: [] });
      }
    });
  },
);
