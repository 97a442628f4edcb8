// Child processes of the scale and farm benchmarks. Each runs under coreutils
// `timeout`, so that it stops by itself even if this benchmark is killed outright.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { GENERATOR_NODE_FLAGS } from '@loadfleet/config';
import { serviceMain as dist } from '../lib/paths.js';
import { cpuSeconds, isAlive, rssBytes, type Exit, type ServerReady, type ServerStats } from '../lib/proc.js';
import { cleanupNamespace } from './infra.js';

export { cpuSeconds, rssBytes, isAlive };
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const MAIN = {
  chatServer: dist('chat-server'),
  controller: dist('controller'),
  worker: dist('worker'),
  aggregator: dist('aggregator'),
};

const started = new Set<ChildProcess>();

/** The node process `timeout` runs (its only child). */
function childOf(pid: number | undefined): number | null {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return kids ? Number(kids.split(/\s+/)[0]) : null;
  } catch {
    return null;
  }
}

/**
 * Starts `node main args` under `timeout` (SIGTERM after `budgetS`, SIGKILL 20 s later).
 * Resolves once the node process exists; `line(re)` waits for a stdout line matching re.
 */
/** A node process started under `timeout`; `pid` is node's own (null if it never appeared). */
export interface Node {
  name: string;
  pid: number | null;
  child: ChildProcess;
  exited: Promise<Exit>;
  line: (re: RegExp, ms?: number) => Promise<string>;
  stop: (ms?: number) => Promise<Exit>;
  stdout: () => string;
  stderr: () => string;
}

export async function startNode(
  name: string,
  main: string,
  args: string[],
  { env = {}, budgetS }: { env?: Record<string, string>; budgetS: number },
): Promise<Node> {
  // Worker processes get the generator's V8 flags on their command line, as a farm worker
  // would from its launcher: started without them, a worker would run in a child process
  // of its own and the pid read here would be its launcher's.
  const nodeArgs = main === MAIN.worker ? [...GENERATOR_NODE_FLAGS] : [];
  const child = spawn(
    'timeout',
    ['-k', '20', String(Math.ceil(budgetS)), process.execPath, ...nodeArgs, main, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    },
  );
  started.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out = (out + d).slice(-200_000)));
  child.stderr.setEncoding('utf8').on('data', (d) => (err = (err + d).slice(-200_000)));
  const exited = new Promise<Exit>((r) =>
    child.once('exit', (code, signal) => (started.delete(child), r({ code, signal }))),
  );
  let pid: number | null = null;
  for (let i = 0; i < 100 && pid === null; i++) {
    pid = childOf(child.pid);
    if (pid === null) await sleep(20);
  }
  const line = (re: RegExp, ms = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`${name}: no "${re}" on stdout in ${ms} ms\n${err.slice(-3000)}`)),
        ms,
      );
      const check = () => {
        const l = out.split('\n').find((x) => re.test(x));
        if (l) {
          clearTimeout(t);
          child.stdout.off('data', check);
          resolve(l);
        }
      };
      child.stdout.on('data', check);
      check();
    });
  let stopping: Promise<Exit> | undefined;
  const stop = (ms = 20_000) =>
    (stopping ??= (async () => {
      if (pid !== null && isAlive(pid)) process.kill(pid, 'SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), ms);
      const r = await exited;
      clearTimeout(t);
      if (pid !== null && isAlive(pid)) process.kill(pid, 'SIGKILL');
      return r;
    })());
  return { name, pid, child, exited, line, stop, stdout: () => out, stderr: () => err };
}

/** Last resort (watchdog): SIGKILL every process this module started, by PID. */
export function killAll(): void {
  for (const c of started) {
    const pid = childOf(c.pid);
    if (pid !== null && isAlive(pid)) process.kill(pid, 'SIGKILL');
    c.kill('SIGKILL');
  }
}

/**
 * A free port below the ephemeral range: no client socket on this host can have it as
 * its own port, so `ss '( sport = :PORT )'` counts the chat server's connections only.
 */
export async function quietPort(from = 20_000, to = 32_000): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = from + Math.floor(Math.random() * (to - from));
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen({ host: '127.0.0.1', port, exclusive: true }, () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

/** The chat server's processes: the primary and its cluster workers (from its readiness line). */
export type ChatServer = Node & {
  port: number;
  httpPort: number;
  pids: number[];
  stats: () => Promise<ServerStats>;
};

export async function startChatServer(procs: number, args: string[], budgetS: number): Promise<ChatServer> {
  const port = await quietPort();
  const p = await startNode(
    'chat-server',
    MAIN.chatServer,
    ['--port', String(port), '--http-port', '0', '--procs', String(procs), ...args],
    { budgetS },
  );
  const ready = JSON.parse(await p.line(/^\{"ready":true/, 60_000)) as ServerReady;
  const stats = async () => (await (await fetch(`http://127.0.0.1:${ready.httpPort}/stats`)).json()) as ServerStats;
  return { ...p, port: ready.port, httpPort: ready.httpPort, pids: ready.pids, stats };
}

export type Controller = Node & {
  url: string;
  /** The API's JSON answer (its shape is the path's: the caller names it). */
  api: <T>(path: string, init?: RequestInit) => Promise<T>;
};

export async function startController(
  args: string[],
  env: Record<string, string>,
  budgetS: number,
): Promise<Controller> {
  const p = await startNode('controller', MAIN.controller, ['--port', '0', '--insecure', ...args], { env, budgetS });
  const ready = JSON.parse(await p.line(/"ready":true/)) as { url: string };
  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${ready.url}${path}`, init);
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return { ...p, url: ready.url, api };
}

/** CPU seconds and RSS of a set of PIDs, now. */
/** CPU seconds and RSS of a set of processes at a time (epoch ms). */
export interface Sample {
  at: number;
  cpu: number;
  rss: number;
}

export function sample(pids: readonly (number | null)[]): Sample {
  let cpu = 0;
  let rss = 0;
  for (const pid of pids) {
    if (pid === null) continue; // never started: nothing to read
    cpu += cpuSeconds(pid);
    rss += rssBytes(pid);
  }
  return { at: Date.now(), cpu, rss };
}

/** Cores used between two samples (1 = one core busy). */
export const coresBetween = (a: Sample, b: Sample): number => (b.cpu - a.cpu) / ((b.at - a.at) / 1000);

/**
 * Runs a farm benchmark's `main` (resolving with its exit code) to the end: then stops
 * its processes, workers first (their users close) and then the rest, each by its own
 * PID, removes its namespace and clears its watchdog. On an error it prints the error
 * and each process's stderr tail first, and exits 1.
 */
export function runFarmBenchmark(
  main: () => Promise<number>,
  {
    all,
    ns,
    watchdog,
    isWorker = (p) => p.name.startsWith('worker'),
  }: { all: Node[]; ns: string; watchdog: NodeJS.Timeout; isWorker?: (p: Node) => boolean },
): void {
  const stopAll = async () => {
    await Promise.all(all.filter(isWorker).map((p) => p.stop()));
    await Promise.all(all.filter((p) => !isWorker(p)).map((p) => p.stop()));
    await cleanupNamespace(ns);
  };
  main()
    .then(async (code) => {
      await stopAll();
      clearTimeout(watchdog);
      process.exitCode = code;
    })
    .catch(async (err) => {
      console.error(err);
      for (const p of all)
        if (p.stderr().trim()) console.error(`--- ${p.name} stderr (tail)\n${p.stderr().slice(-2000)}`);
      await stopAll().catch(() => killAll());
      clearTimeout(watchdog);
      process.exitCode = 1;
    });
}
