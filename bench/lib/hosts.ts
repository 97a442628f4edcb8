// The farm deployed across hosts, each host a network namespace of a lab (./netns.ts):
//
//   svc     NATS (JetStream) and Redis of its own, the controller, an aggregator
//   target  the chat server
//   gen1…   one worker each, binding the host's own addresses (--source-ips)
//
// Everything talks over the veth links (addresses of 10.231.x.0/24); the caller (test or
// benchmark) is the operator, reaching the controller's API and the chat server's /stats
// from the root namespace over its own link. Used by test/e2e/hosts.test.ts and
// bench/hosts.ts.
//
//   const farm = await startHostsFarm({ generators: 3, addressesPerGenerator: 2 });
//   const id = await farm.submit(hostsScenario({ target: farm.target, rate: 40, seconds: 12 }));
//   farm.startWorker('gen3');  …  const report = await farm.finished(id);
//   await farm.stop();        // every process, then the namespaces and links
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '@loadfleet/report';
import type { FleetWorker, RunView } from './farm-api.js';
import { createLab, netnsSupport, type HostSpec, type Lab } from './netns.js';
import { serviceMain as dist } from './paths.js';
import type { Exit, ServerStats } from './proc.js';
export const MAIN = {
  chatServer: dist('chat-server'),
  controller: dist('controller'),
  worker: dist('worker'),
  aggregator: dist('aggregator'),
};
export const REDIS_SERVER = process.env.LF_REDIS_SERVER ?? '/usr/bin/redis-server';
export const NATS_SERVER = process.env.LF_NATS_SERVER ?? '/usr/sbin/nats-server';

/** Ports inside the namespaces: each host has its own network stack, so the usual ones. */
export const PORTS = { redis: 6379, nats: 4222, api: 8080, chat: 7000, chatHttp: 7001 };

/**
 * Whether the farm can be deployed across namespace hosts here: `{ ok: true }` or
 * `{ ok: false, reason }` (namespaces, veths and bridges cannot be made; a binary is missing).
 */
export function hostsSupport(): { ok: true } | { ok: false; reason: string } {
  for (const [bin, what] of [
    [REDIS_SERVER, 'redis-server (Debian package redis-server; or set LF_REDIS_SERVER)'],
    [NATS_SERVER, 'nats-server (Debian package nats-server; or set LF_NATS_SERVER)'],
  ] as const) {
    try {
      accessSync(bin, constants.X_OK);
    } catch {
      return { ok: false, reason: `${bin} is not an executable: the services host needs ${what}` };
    }
  }
  return netnsSupport();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const ENDED = ['done', 'stopped', 'aborted', 'failed', 'cancelled'];

/** Polls `check` until true (a throw counts as false); fails after `ms`. */
export async function waitFor(
  check: () => unknown,
  { ms = 30_000, what = 'a condition', every = 100 }: { ms?: number; what?: string; every?: number } = {},
): Promise<void> {
  const deadline = Date.now() + ms;
  let last: Error | null = null;
  for (;;) {
    try {
      if (await check()) return;
      last = null;
    } catch (err) {
      last = err as Error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await sleep(every);
  }
}

/** Starts `cmd args` on a host of the lab; its PID is the command's own (see Lab.command). */
/** A process started on a host of the lab. */
export interface HostProc {
  name: string;
  host: string;
  pid: number | undefined;
  child: ChildProcess;
  exited: Promise<Exit>;
  /** Resolves with the first stdout line matching `re`. */
  line: (re: RegExp, ms?: number) => Promise<string>;
  stop: (ms?: number) => Promise<Exit>;
  stdout: () => string;
  stderr: () => string;
}

function spawnOn(
  lab: Lab,
  host: string,
  name: string,
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): HostProc {
  const [file, argv] = lab.command(host, cmd, args);
  const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out = (out + d).slice(-200_000)));
  child.stderr.setEncoding('utf8').on('data', (d) => (err = (err + d).slice(-200_000)));
  const exited = new Promise<Exit>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const line = (re: RegExp, ms = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const done = <V>(f: (v: V) => void, v: V) => {
        clearTimeout(t);
        child.stdout.off('data', check);
        f(v);
      };
      const t = setTimeout(
        () =>
          done(reject, new Error(`${name}: no ${re} on stdout in ${ms} ms\n${err.slice(-3000)}${out.slice(-2000)}`)),
        ms,
      );
      const check = () => {
        const l = out.split('\n').find((x) => re.test(x));
        if (l) done(resolve, l);
      };
      child.stdout.on('data', check);
      void exited.then(({ code, signal }) =>
        done(reject, new Error(`${name} exited (${code ?? signal})\n${err.slice(-3000)}${out.slice(-2000)}`)),
      );
      check();
    });
  let stopping: Promise<Exit> | undefined;
  const stop = (ms = 15_000) =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), ms);
      const r = await exited;
      clearTimeout(t);
      return r;
    })());
  return { name, host, pid: child.pid, child, exited, line, stop, stdout: () => out, stderr: () => err };
}

/** Resolves once `host:port` accepts TCP and answers `probe` with something matching `re`. */
function answers(host: string, port: number, probe: string | null, re: RegExp): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    let got = '';
    const end = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => end(false));
    s.on('error', () => end(false));
    s.on('connect', () => probe && s.write(probe));
    s.on('data', (d) => {
      got += d;
      if (re.test(got)) end(true);
    });
  });
}

/**
 * Builds the lab (svc, target, gen1…genN) and starts NATS, Redis, the controller, an
 * aggregator and the chat server; workers on the first `startWorkers` generator hosts.
 */
/** startHostsFarm's options. */
export interface HostsFarmOptions {
  generators?: number;
  addressesPerGenerator?: number;
  /** Workers started at once (on gen1…); the others with startWorker. */
  startWorkers?: number;
  logLevel?: string;
  serverProcs?: number;
  serverArgs?: string[];
  controllerArgs?: string[];
  workerArgs?: string[];
}

export async function startHostsFarm(o: HostsFarmOptions = {}): Promise<HostsFarm> {
  const generators = o.generators ?? 3;
  const perGen = o.addressesPerGenerator ?? 2;
  const hosts: HostSpec[] = [{ name: 'svc' }, { name: 'target' }];
  for (let i = 1; i <= generators; i++) hosts.push({ name: `gen${i}`, addresses: perGen });
  const lab = createLab({ hosts });
  const farm = new HostsFarm(lab, o);
  try {
    await farm.start(o.startWorkers ?? generators);
  } catch (err) {
    await farm.stop();
    throw err;
  }
  return farm;
}

export type { FleetWorker, RunView } from './farm-api.js';

export class HostsFarm {
  readonly logLevel: string;
  readonly token: string;
  readonly svc: string;
  readonly targetAddress: string;
  readonly target: string;
  readonly api: string;
  readonly env: Record<string, string>;
  readonly procs: HostProc[];
  readonly workers: Map<string, HostProc>;
  dirs: string[];
  aggregator?: HostProc;
  server?: HostProc;
  controller?: HostProc;
  serverPids: number[] = [];
  constructor(
    readonly lab: Lab,
    readonly o: HostsFarmOptions,
  ) {
    this.logLevel = o.logLevel ?? 'warn';
    this.token = randomBytes(16).toString('hex');
    this.svc = lab.addressesOf('svc')[0]!;
    this.targetAddress = lab.addressesOf('target')[0]!;
    this.target = `${this.targetAddress}:${PORTS.chat}`;
    this.api = `http://${this.svc}:${PORTS.api}`;
    this.env = {
      NATS_URL: `nats://${this.svc}:${PORTS.nats}`,
      REDIS_URL: `redis://${this.svc}:${PORTS.redis}`,
      LOADFLEET_LOG_LEVEL: this.logLevel,
    };
    this.procs = [];
    this.workers = new Map(); // host → proc
    this.dirs = [];
  }

  run(host: string, name: string, cmd: string, args: string[], env?: Record<string, string>): HostProc {
    const p = spawnOn(this.lab, host, name, cmd, args, { ...this.env, ...env });
    this.procs.push(p);
    return p;
  }

  async start(workers: number): Promise<void> {
    const redisDir = mkdtempSync(join(tmpdir(), 'lfh-redis-'));
    const natsDir = mkdtempSync(join(tmpdir(), 'lfh-nats-'));
    this.dirs.push(redisDir, natsDir);
    // Redis and NATS of our own, on the services host: nothing persisted beyond the temp dirs.
    const redis = this.run('svc', 'redis', REDIS_SERVER, [
      '--bind',
      this.svc,
      '--port',
      String(PORTS.redis),
      '--protected-mode',
      'no',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      redisDir,
      '--loglevel',
      'warning',
    ]);
    const nats = this.run('svc', 'nats', NATS_SERVER, [
      '-a',
      this.svc,
      '-p',
      String(PORTS.nats),
      '-js',
      '-sd',
      natsDir,
    ]);
    await waitFor(() => answers(this.svc, PORTS.redis, 'PING\r\n', /\+PONG/), {
      ms: 15_000,
      what: `redis on ${this.svc}`,
    }).catch((e: Error) => Promise.reject(new Error(`${e.message}\n${redis.stderr()}${redis.stdout()}`)));
    await waitFor(() => answers(this.svc, PORTS.nats, null, /^INFO /), {
      ms: 15_000,
      what: `nats on ${this.svc}`,
    }).catch((e: Error) => Promise.reject(new Error(`${e.message}\n${nats.stderr()}`)));
    const ns = ['--log-level', this.logLevel];
    const ctl = this.run(
      'svc',
      'controller',
      process.execPath,
      [
        MAIN.controller,
        ...ns,
        '--host',
        this.svc,
        '--port',
        String(PORTS.api),
        '--allowed-targets',
        this.targetAddress,
        '--graceful-stop',
        '20s',
        ...(this.o.controllerArgs ?? []),
      ],
      { LOADFLEET_API_TOKEN: this.token },
    );
    this.aggregator = this.run('svc', 'aggregator', process.execPath, [MAIN.aggregator, ...ns]);
    const server = this.run('target', 'chat-server', process.execPath, [
      MAIN.chatServer,
      '--host',
      this.targetAddress,
      '--port',
      String(PORTS.chat),
      '--http-port',
      String(PORTS.chatHttp),
      '--procs',
      String(this.o.serverProcs ?? 2),
      '--log-level',
      this.logLevel,
      ...(this.o.serverArgs ?? []),
    ]);
    this.server = server;
    const [, serverReady] = await Promise.all([ctl.line(/"ready":true/, 60_000), server.line(/"ready":true/, 60_000)]);
    this.controller = ctl;
    this.serverPids = (JSON.parse(serverReady) as { pids: number[] }).pids;
    for (let i = 1; i <= workers; i++) this.startWorker(`gen${i}`);
    await this.fleetReady();
  }

  /** Starts the worker of a generator host, binding every address of that host. */
  startWorker(host: string, args: string[] = this.o.workerArgs ?? []): HostProc {
    const w = this.run(host, `worker@${host}`, process.execPath, [
      MAIN.worker,
      '--log-level',
      this.logLevel,
      '--allowed-targets',
      this.targetAddress,
      '--source-ips',
      this.lab.addressesOf(host).join(','),
      ...args,
    ]);
    this.workers.set(host, w);
    return w;
  }

  async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${this.token}`);
    const res = await fetch(`${this.api}${path}`, { ...init, headers });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async fleet(): Promise<FleetWorker[]> {
    return (await this.call<{ workers: FleetWorker[] }>('/v1/workers')).workers;
  }

  /** Waits until every worker started so far is live in /v1/workers (ids start with the host name). */
  async fleetReady(ms = 40_000) {
    await waitFor(
      async () => {
        const live = (await this.fleet()).filter((w) => !w.lost).map((w) => w.host);
        return [...this.workers.keys()].every((h) => live.includes(h));
      },
      { ms, what: `workers on ${[...this.workers.keys()].join(', ')} in /v1/workers` },
    );
  }

  async submit(yaml: string): Promise<string> {
    const res = await this.call<{ id: string }>('/v1/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: yaml,
    });
    return res.id;
  }

  runView(id: string): Promise<RunView> {
    return this.call<RunView>(`/v1/runs/${id}`);
  }

  async waitForRun(id: string, check: (r: RunView) => boolean, ms = 30_000, what = 'run condition'): Promise<RunView> {
    let last: RunView | null = null;
    await waitFor(async () => check((last = await this.runView(id))), { ms, what: `${what} (run ${id})`, every: 200 });
    return last!;
  }

  async finished(id: string, ms = 120_000): Promise<Report> {
    await this.waitForRun(id, (r) => ENDED.includes(r.state), ms, 'run ended');
    let report: Report | null = null;
    await waitFor(async () => (report = await this.call<Report>(`/v1/runs/${id}/report.json`)), {
      ms: 30_000,
      what: 'report',
    });
    return report!;
  }

  /** The chat server's /stats, fetched from the operator's side over the links. */
  async serverStats(): Promise<ServerStats> {
    const res = await fetch(`http://${this.targetAddress}:${PORTS.chatHttp}/stats`);
    if (!res.ok) throw new Error(`/stats: ${res.status}`);
    return (await res.json()) as ServerStats;
  }

  /** Established connections at a port of a host, by peer address (ss in that namespace). */
  peers(host: string, port: number): Record<string, number> {
    return this.lab.peersOf(host, port);
  }

  /** Calls `peers(host, port)` every `everyMs` until stopped; `seen` maps address → most connections at once. */
  watchPeers(host: string, port: number, everyMs = 250) {
    const seen: Record<string, number> = {};
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        try {
          for (const [a, n] of Object.entries(this.peers(host, port))) seen[a] = Math.max(seen[a] ?? 0, n);
        } catch {
          // the namespace is going away
        }
        await sleep(everyMs);
      }
    })();
    return {
      seen,
      stop: async () => {
        stopped = true;
        await loop;
        return seen;
      },
    };
  }

  logs(): string {
    return this.procs.map((p) => `--- ${p.name} (${p.host}, pid ${p.pid})\n${p.stderr().slice(-4000)}`).join('\n');
  }

  /** Stops workers, then the services, then removes the lab. Idempotent. */
  async stop(): Promise<void> {
    const byName = (re: RegExp) => this.procs.filter((p) => re.test(p.name));
    await Promise.allSettled(byName(/^worker/).map((p) => p.stop(15_000)));
    await Promise.allSettled(byName(/^(aggregator|controller|chat-server)$/).map((p) => p.stop(10_000)));
    await Promise.allSettled(byName(/^(nats|redis)$/).map((p) => p.stop(5_000)));
    this.lab.destroy();
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
    this.dirs = [];
  }
}

/**
 * The chat-room scenario of the hosts test and benchmark: open model, `rate` users/s for
 * `seconds`; each user logs in, joins one of `rooms` rooms, chats there, heartbeats
 * `beats` times every `beatEvery`, and closes.
 */
export function hostsScenario({
  target,
  rate,
  seconds,
  beats = 4,
  beatEvery = '500ms',
  rooms = 8,
  name = 'hosts',
}: {
  target: string;
  rate: number;
  seconds: number;
  beats?: number;
  beatEvery?: string;
  rooms?: number;
  name?: string;
}): string {
  return `name: ${name}
target: ${target}
timeouts: { connect: 10s, request: 10s }
load:
  model: open
  arrivals: uniform
  phases:
    - { duration: ${seconds}s, rate: ${rate} }
sessions:
  - name: s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - set: { room: 'room-{{random.int(1, ${rooms})}}' }
      - send: joinRoom
        fields: { room: '{{room}}' }
      - send: chat
        fields: { room: '{{room}}', text: hi }
      - loop:
          count: ${beats}
          steps:
            - think: ${beatEvery}
            - send: heartbeat
      - close
`;
}
