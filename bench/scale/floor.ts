// bench:scale --floor: the bare pair at the same message rates (docs/BENCHMARKS.md,
// "Scale: the floor"). Bare Node clients (bench/worker/bare-client.ts with `rooms`:
// plain net sockets, frames spliced by hand, a heartbeat every 30 s from a
// setInterval, the scenario's likes and chats from a setTimeout) against the bare
// server bench/scale/floor-server.ts, with the same process counts as the farm run,
// the same arrival rate, ramp, hold and fresh source addresses. The CPU and RSS of
// each side come from /proc over the same hold window as the farm run's.
import { fork } from 'node:child_process';
import { GENERATOR_NODE_FLAGS } from '@loadfleet/config';
import { benchScript } from '../lib/paths.js';
import { establishedOn } from './infra.js';
import { SETTLE_MS } from './observer.js';
import type { ProfileSummary, ProfileWindow } from './profile.js';
import { coresBetween, quietPort, sample, sleep, startNode, type Sample, type Stoppable } from './procs.js';

const BARE_CLIENT = benchScript('worker/bare-client.js');
const FLOOR_SERVER = benchScript('scale/floor-server.js');
const MIB = 2 ** 20;

/** A reply of a bare client to an IPC command (bare-common.ts's serveBareClient). */
interface Reply {
  id: number;
  error?: string;
  active?: number;
  counters?: Record<string, unknown>;
  [k: string]: unknown;
}
/** One bare client process. */
export interface BareClient extends Stoppable {
  pid: number | undefined;
  call: (cmd: string, args?: Record<string, unknown>, ms?: number) => Promise<Reply>;
}
/** The options runFloor reads (bench/scale.ts's, at the floor's user count). */
export interface FloorOptions {
  users: number;
  rate: number;
  rampMs: number;
  holdMs: number;
  serverProcs: number;
  actEveryMs: number;
  profDir: string | null;
}
/** One count during the floor's hold. */
export interface FloorCount {
  second: number;
  ss: number;
  serverOpen: number | null;
  clients: number;
}
type Side = 'generator' | 'server';
type FloorSamples = Record<Side, Sample>;
type FloorMark = 'idle' | 'start' | 'rampEnd' | 'holdStart' | 'holdEnd';
/** CPU (cores) of each side, null when a sample is missing. */
export type FloorCores = Record<Side, number | null>;
/** RSS (MiB) of a side. */
export interface FloorMemory {
  idleMiB: number;
  heldMiB: number;
  peakMiB: number;
}
/** What runFloor measured. */
export interface FloorResult {
  held: number;
  counts: FloorCount[];
  counters: Record<string, number>;
  processes: Record<Side, number>;
  profile: { generator: ProfileSummary | null; server: ProfileSummary | null } | null;
  cpu: { ramp: FloorCores; hold: FloorCores };
  memory: Record<Side, FloorMemory>;
}

/** One bare client process, driven over IPC (prepare, start, status, stop). */
function startClient(name: string, budgetS: number, extraNodeArgs: string[]): BareClient {
  const child = fork(BARE_CLIENT, [], {
    execArgv: [...GENERATOR_NODE_FLAGS, ...extraNodeArgs],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-20_000)));
  let nextId = 1;
  const waiting = new Map<number, { resolve: (m: Reply) => void; reject: (e: Error) => void }>();
  child.on('message', (m: Reply) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(`${name}: ${m.error}`));
    else w.resolve(m);
  });
  const exited = new Promise((r) => child.once('exit', r));
  const kill = setTimeout(() => child.kill('SIGKILL'), budgetS * 1000);
  kill.unref();
  const call = (cmd: string, args: Record<string, unknown> = {}, ms = 30_000) =>
    new Promise<Reply>((resolve, reject) => {
      const id = nextId++;
      const t = setTimeout(() => (waiting.delete(id), reject(new Error(`${name}: ${cmd} timed out`))), ms);
      waiting.set(id, {
        resolve: (m: Reply) => (clearTimeout(t), resolve(m)),
        reject: (e: Error) => (clearTimeout(t), reject(e)),
      });
      child.send({ id, cmd, ...args });
    });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        await call('stop', {}, 10_000).catch(() => child.kill('SIGKILL'));
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      clearTimeout(kill);
    })());
  return { name, pid: child.pid, call, stop, stderr: () => err };
}

/**
 * Runs the bare pair: `procs` server processes, one client process per share in
 * `shares`, `rate` users/s over all of them, then the hold. Resolves with its figures.
 */
export async function runFloor({
  o,
  shares,
  rooms,
  all,
  log,
  budgetS,
  profArgs,
  monoUs,
  profileSummary,
}: {
  o: FloorOptions;
  shares: number[];
  rooms: number;
  all: Stoppable[];
  log: (...a: unknown[]) => void;
  budgetS: number;
  profArgs: (sub: string) => string[];
  monoUs: (at: number) => number;
  profileSummary: (dir: string, window: ProfileWindow, opts?: { skipPid?: number }) => ProfileSummary | null;
}): Promise<FloorResult> {
  const port = await quietPort();
  const perProc = Math.ceil(o.users / o.serverProcs);
  // SCHED_NONE spreads unevenly: a process stops accepting at its cap, the others take the rest.
  const cap = Math.min(19_000, Math.ceil(perProc * 1.15) + 200);
  const server = await startNode(
    'floor-server',
    FLOOR_SERVER,
    ['--port', String(port), '--procs', String(o.serverProcs), '--cap', String(cap)],
    { budgetS, extraNodeArgs: profArgs('floor-server') },
  );
  all.push(server);
  const ready = JSON.parse(await server.line(/^\{"ready":true/, 60_000)) as {
    port: number;
    httpPort: number;
    pids: number[];
  };
  const stats = async () =>
    (await (await fetch(`http://127.0.0.1:${ready.httpPort}/stats`)).json()) as { connections: { open: number } };
  const net = 20 + Math.floor(Math.random() * 230);
  const clients: BareClient[] = [];
  for (let i = 0; i < shares.length; i++) {
    const c = startClient(`floor-client-${i}`, budgetS, i === 0 ? profArgs('floor-client') : []);
    all.push(c);
    clients.push(c);
    const addresses = Array.from({ length: 8 }, (_, k) => `127.${net}.${i}.${k + 2}`);
    await c.call('prepare', {
      host: '127.0.0.1',
      port,
      addresses,
      hbMs: 30_000,
      rooms,
      actEveryMs: o.actEveryMs,
    });
  }
  log(
    `floor: ${o.users} bare users over ${clients.length} client processes, ${o.serverProcs} bare server processes (cap ${cap} each)`,
  );
  const groups = { generator: clients.map((c) => c.pid ?? null), server: ready.pids };
  const sampleAll = (): FloorSamples => ({ generator: sample(groups.generator), server: sample(groups.server) });
  await sleep(2000);
  const samples: Partial<Record<FloorMark, FloorSamples>> = { idle: sampleAll() };
  const start = Date.now();
  let first = 1;
  for (const [i, c] of clients.entries()) {
    const share = shares[i] ?? 0;
    await c.call('start', { users: share, rate: (o.rate * share) / o.users, firstUserId: first });
    first += share;
  }
  const rampEnd = start + o.rampMs;
  const marks = { start, rampEnd, holdStart: rampEnd + SETTLE_MS, holdEnd: rampEnd + o.holdMs - 5000 };
  const counts: FloorCount[] = [];
  let nextCount = 0;
  let nextLog = 0;
  const peak = { generator: 0, server: 0 };
  for (;;) {
    const now = Date.now();
    if (now >= marks.holdEnd + 1000) break;
    for (const [name, at] of Object.entries(marks) as [FloorMark, number][])
      if (now >= at && !samples[name]) samples[name] = sampleAll();
    const s = sampleAll();
    peak.generator = Math.max(peak.generator, s.generator.rss);
    peak.server = Math.max(peak.server, s.server.rss);
    if (now >= marks.holdStart && now < marks.holdEnd && now >= nextCount) {
      nextCount = now + 15_000;
      const second = Math.floor(now / 1000);
      const ss = establishedOn(port);
      const st = await stats().catch(() => null);
      const status = await Promise.all(clients.map((c) => c.call('status').catch(() => null)));
      const c: FloorCount = {
        second,
        ss,
        serverOpen: st?.connections.open ?? null,
        clients: status.reduce((a, x) => a + (x?.active ?? 0), 0),
      };
      counts.push(c);
      log(`floor hold: ss ${c.ss}, server open ${c.serverOpen}, clients logged in ${c.clients}`);
    } else if (now >= nextLog) {
      nextLog = now + 5000;
      const status = await Promise.all(clients.map((c) => c.call('status').catch(() => null)));
      log(`floor: ${status.reduce((a, x) => a + (x?.active ?? 0), 0)} logged in`);
    }
    await sleep(1000);
  }
  const status = await Promise.all(clients.map((c) => c.call('status').catch(() => null)));
  const counters: Record<string, number> = {};
  for (const x of status)
    for (const [k, v] of Object.entries(x?.counters ?? {}))
      if (typeof v === 'number') counters[k] = (counters[k] ?? 0) + v;
  for (const c of clients) await c.stop();
  await server.stop();
  const hold = { from: monoUs(marks.holdStart), to: monoUs(marks.holdEnd) };
  const profile = {
    generator: profileSummary(`${o.profDir}/floor-client`, hold),
    server: profileSummary(`${o.profDir}/floor-server`, hold, { skipPid: ready.pids[0] }),
  };
  const cores = (k: Side) =>
    samples.holdStart && samples.holdEnd ? coresBetween(samples.holdStart[k], samples.holdEnd[k]) : null;
  const rampCores = (k: Side) =>
    samples.start && samples.rampEnd ? coresBetween(samples.start[k], samples.rampEnd[k]) : null;
  const held = counts.length ? Math.min(...counts.map((c) => Math.min(c.ss, c.serverOpen ?? 0, c.clients))) : 0;
  const rss = (k: Side, at: FloorMark) => (samples[at]?.[k].rss ?? NaN) / MIB;
  return {
    held,
    counts,
    counters,
    processes: { generator: clients.length, server: ready.pids.length },
    profile: o.profDir ? profile : null,
    cpu: {
      ramp: { generator: rampCores('generator'), server: rampCores('server') },
      hold: { generator: cores('generator'), server: cores('server') },
    },
    memory: {
      generator: {
        idleMiB: rss('generator', 'idle'),
        heldMiB: rss('generator', 'holdEnd'),
        peakMiB: peak.generator / MIB,
      },
      server: { idleMiB: rss('server', 'idle'), heldMiB: rss('server', 'holdEnd'), peakMiB: peak.server / MIB },
    },
  };
}
