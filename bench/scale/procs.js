// Child processes of the scale and farm benchmarks. Each runs under coreutils
// `timeout`, so that it stops by itself even if this benchmark is killed outright.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { GENERATOR_NODE_FLAGS } from '@loadfleet/config';
import { cpuSeconds, isAlive, rssBytes } from '../lib/proc.js';
import { cleanupNamespace } from './infra.js';

export { cpuSeconds, rssBytes, isAlive };
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const dist = (p) => fileURLToPath(new URL(`../../services/${p}/dist/main.js`, import.meta.url));
export const MAIN = {
  chatServer: dist('chat-server'),
  controller: dist('controller'),
  worker: dist('worker'),
  aggregator: dist('aggregator'),
};

const started = new Set();

/** The node process `timeout` runs (its only child). */
function childOf(pid) {
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
export async function startNode(name, main, args, { env = {}, budgetS, extraNodeArgs = [] }) {
  // Worker processes get the generator's V8 flags on their command line, as a farm worker
  // would from its launcher: started without them, a worker would run in a child process
  // of its own and the pid read here would be its launcher's.
  const nodeArgs = [...(main === MAIN.worker ? GENERATOR_NODE_FLAGS : []), ...extraNodeArgs];
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
  const exited = new Promise((r) => child.once('exit', (code, signal) => (started.delete(child), r({ code, signal }))));
  let pid = null;
  for (let i = 0; i < 100 && pid === null; i++) {
    pid = childOf(child.pid);
    if (pid === null) await sleep(20);
  }
  const line = (re, ms = 30_000) =>
    new Promise((resolve, reject) => {
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
  let stopping;
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
export function killAll() {
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
export async function quietPort(from = 20_000, to = 32_000) {
  for (let i = 0; i < 50; i++) {
    const port = from + Math.floor(Math.random() * (to - from));
    const free = await new Promise((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen({ host: '127.0.0.1', port, exclusive: true }, () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

/** The chat server's processes: the primary and its cluster workers (from its readiness line). */
export async function startChatServer(procs, args, budgetS, extraNodeArgs = []) {
  const port = await quietPort();
  const p = await startNode(
    'chat-server',
    MAIN.chatServer,
    ['--port', String(port), '--http-port', '0', '--procs', String(procs), ...args],
    { budgetS, extraNodeArgs },
  );
  const ready = JSON.parse(await p.line(/^\{"ready":true/, 60_000));
  const stats = async () => (await fetch(`http://127.0.0.1:${ready.httpPort}/stats`)).json();
  return { ...p, port: ready.port, httpPort: ready.httpPort, pids: ready.pids, stats };
}

export async function startController(args, env, budgetS) {
  const p = await startNode('controller', MAIN.controller, ['--port', '0', '--insecure', ...args], { env, budgetS });
  const ready = JSON.parse(await p.line(/"ready":true/));
  const api = async (path, init) => {
    const res = await fetch(`${ready.url}${path}`, init);
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return { ...p, url: ready.url, api };
}

/** CPU seconds and RSS of a set of PIDs, now. */
export function sample(pids) {
  let cpu = 0;
  let rss = 0;
  for (const pid of pids) {
    cpu += cpuSeconds(pid);
    rss += rssBytes(pid);
  }
  return { at: Date.now(), cpu, rss };
}

/** Cores used between two samples (1 = one core busy). */
export const coresBetween = (a, b) => (b.cpu - a.cpu) / ((b.at - a.at) / 1000);

/**
 * Runs a farm benchmark's `main` (resolving with its exit code) to the end: then stops
 * its processes, workers first (their users close) and then the rest, each by its own
 * PID, removes its namespace and clears its watchdog. On an error it prints the error
 * and each process's stderr tail first, and exits 1.
 */
export function runFarmBenchmark(main, { all, ns, watchdog, isWorker = (p) => p.name.startsWith('worker') }) {
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
