// The three measurements of bench/worker.ts. Each forks its load clients, checks
// what they say against the chat server's /stats, and stops them before returning.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchScript } from '../lib/paths.js';
import {
  cpuSeconds,
  forkClient,
  rssBytes,
  sleep,
  sum,
  type Client,
  type ServerStats,
  type StartedServer,
} from '../lib/proc.js';
import type { CounterMap, GcAnswer, MarkAnswer, StatusAnswer, WarmupAnswer } from './ipc.js';
import { SCENARIO_DIR, freshAddresses, scenarioText } from './scenarios.js';
import { serverCheck, type Wire } from './wires.js';

const GENERATOR = benchScript('worker/generator.js');
/** Sockets per source address: well under the ~28,000 ports the kernel has per address. */
const PER_ADDRESS = 5000;

/** bench/worker.ts's options. */
export interface WorkerBenchOptions {
  users: number;
  holdMs: number;
  cpuUsers: number;
  cpuWindowMs: number;
  cpuWindows: number;
  cpuMode: string;
  rampRate: number;
  rates: number[];
  stepMs: number;
  procs: number;
  only: string[];
  nodeFlags: string[];
  profile: string;
  chat: boolean;
  compare: string;
  wire: string;
}

export interface Ctx {
  o: WorkerBenchOptions;
  server: StartedServer;
  log: (...a: unknown[]) => void;
  kids: Set<Client>;
  /** Source addresses are 127.<net>.<phase>.x. */
  net: number;
  wire: Wire;
}
type Kind = 'loadfleet' | 'bare' | 'compare';

const held = (s: ServerStats, s0: ServerStats) =>
  Math.min(s.connections.open - s0.connections.open, s.logins - s0.logins);
/** Client kinds: the generator under test, the wire's bare client, and (with --compare) another tree's generator. */
const clientFile = (ctx: Ctx, kind: Kind) =>
  kind === 'bare' ? ctx.wire.bare : kind === 'compare' ? ctx.o.compare : GENERATOR;
const loggedIn = (kind: Kind, counters: CounterMap) =>
  (kind === 'bare' ? counters.loginAcks : counters['users.loggedIn']) ?? 0;

async function startClient(ctx: Ctx, kind: Kind, prepare: object) {
  const k = forkClient(clientFile(ctx, kind), ctx.o.nodeFlags);
  ctx.kids.add(k);
  await k.ask({ cmd: 'prepare', ...prepare });
  return k;
}

async function stopClient(ctx: Ctx, k: Client, open0: number) {
  try {
    await k.ask({ cmd: 'stop' }, 20_000);
  } catch (err) {
    ctx.log(`stop: ${(err as Error).message}`);
  }
  await k.kill();
  ctx.kids.delete(k);
  // The next phase counts the server's open connections from its own baseline.
  for (let i = 0; i < 100; i++) {
    const s = await ctx.server.stats();
    if (s.connections.open <= open0) return;
    await sleep(200);
  }
}

/** Polls until `want` users logged in (or no progress for 15 s); returns the ramp's length in s. */
async function ramp(ctx: Ctx, k: Client, kind: Kind, want: number) {
  const t0 = Date.now();
  for (let last = -1, stuckSince = Date.now(); ;) {
    await sleep(500);
    const st = await k.ask<StatusAnswer>({ cmd: 'status' });
    const n = loggedIn(kind, st.counters);
    if (n >= want) return (Date.now() - t0) / 1000;
    if (n !== last) {
      last = n;
      stuckSince = Date.now();
    }
    if (Date.now() - stuckSince > 15_000) {
      ctx.log(`ramp stuck at ${n} of ${want}: ${JSON.stringify(st.counters)}`);
      return (Date.now() - t0) / 1000;
    }
    if ((Date.now() - t0) % 5000 < 500) ctx.log(`ramp: ${n} logged in`);
  }
}

const connectErrors = (counters: CounterMap) =>
  Object.fromEntries(Object.entries(counters).filter(([k, v]) => k.startsWith('conn.failed.') && v > 0));

/** Users held by one generator process, and its RSS per held user. */
export async function runHold(ctx: Ctx) {
  const { o, server, log } = ctx;
  const s00 = await server.stats();
  const rampMs = Math.ceil((o.users / o.rampRate) * 1000);
  const addresses = freshAddresses(ctx.net, 1, Math.ceil(o.users / PER_ADDRESS) + 1);
  const scenario = scenarioText(ctx.wire.scenario('hold'), {
    TARGET: ctx.wire.target(server),
    SOURCES: `${addresses[0]}-${addresses.at(-1)}`,
    USERS: o.users,
    RAMP: `${rampMs}ms`,
    RATE: o.rampRate,
  });
  const k = await startClient(ctx, 'loadfleet', { scenario, baseDir: SCENARIO_DIR });
  const warm = await k.ask<WarmupAnswer>({ cmd: 'warmup', users: 500, overMs: 1000, dwellMs: 6000 }, 60_000);
  const idleRss = rssBytes(k.pid!);
  log(`hold: warmed up (${warm.loggedIn} warm-up users logged in); idle RSS ${(idleRss / 2 ** 20).toFixed(1)} MiB`);
  const s0 = await server.stats();
  await k.ask({ cmd: 'start', firstUserId: 1 });
  const rampS = await ramp(ctx, k, 'loadfleet', o.users);
  let s = await server.stats();
  log(`hold: ${held(s, s0)} held after ${rampS.toFixed(1)} s; holding ${o.holdMs / 1000} s`);
  await k.ask({ cmd: 'mark' });
  // --profile DIR: where a held user's CPU goes, over the hold (V8 CPU profile of the generator).
  if (o.profile) await k.ask({ cmd: 'profileStart' });
  const t0 = Date.now();
  let minHeld = held(s, s0);
  while (Date.now() - t0 < o.holdMs) {
    await sleep(Math.min(5000, o.holdMs - (Date.now() - t0)));
    s = await server.stats();
    minHeld = Math.min(minHeld, held(s, s0));
  }
  const m = await k.ask<MarkAnswer>({ cmd: 'mark' });
  if (o.profile) {
    mkdirSync(o.profile, { recursive: true });
    const path = join(o.profile, `hold-${Date.now()}.cpuprofile`);
    await k.ask({ cmd: 'profileStop', path });
    log(`hold: CPU profile of the hold in ${path}`);
  }
  const st = await k.ask<StatusAnswer>({ cmd: 'status' });
  const loadedRssNoGc = rssBytes(k.pid!);
  const { memory: loadedMem } = await k.ask<GcAnswer>({ cmd: 'gc' });
  const loadedRss = rssBytes(k.pid!);
  s = await server.stats();
  const n = held(s, s0);
  log(
    `hold: end: server open ${s.connections.open - s0.connections.open}, logins ${s.logins - s0.logins}, RSS ${(loadedRss / 2 ** 20).toFixed(1)} MiB`,
  );
  await stopClient(ctx, k, s00.connections.open);
  return {
    users: o.users,
    held: n,
    minHeld,
    generatorActive: st.active,
    generatorOpen: st.open,
    generatorLoggedIn: loggedIn('loadfleet', st.counters),
    failed: st.counters['users.failed'] ?? 0,
    errors: Object.fromEntries(Object.entries(st.counters).filter(([k, v]) => k.startsWith('errors.') && v > 0)),
    connectErrors: connectErrors(st.counters),
    rampS,
    holdS: m.wallMs / 1000,
    server: { open: s.connections.open - s0.connections.open, logins: s.logins - s0.logins },
    serverCheck: serverCheck(ctx.wire, s0, s),
    heartbeatsPerS: (m.counters[ctx.wire.heartbeatOut] ?? 0) / (m.wallMs / 1000),
    eventsPerS: ctx.wire.eventsIn(m.counters) / (m.wallMs / 1000),
    cpuPct: ((m.cpuUserS + m.cpuSystemS) / (m.wallMs / 1000)) * 100,
    idleRss,
    loadedRss,
    loadedRssNoGc,
    bytesPerUser: (loadedRss - idleRss) / n,
    bytesPerUserNoGc: (loadedRssNoGc - idleRss) / n,
    heapUsedPerUser: (loadedMem.heapUsed - warm.memory.heapUsed) / n,
    youngIdle: warm.memory.youngResident,
    youngLoaded: loadedMem.youngResident,
  };
}

/**
 * CPU per 1,000 heartbeat round trips and heartbeat latency, loadfleet and the bare
 * client. `together` (the default) holds both clients' users at once and measures
 * them over the same window, so that whatever else loads the machine loads both
 * alike; `apart` runs one after the other.
 */
export async function runCpu(ctx: Ctx) {
  const { server, o } = ctx;
  const kinds: Kind[] = o.compare ? ['loadfleet', 'bare', 'compare'] : ['loadfleet', 'bare'];
  const out: Partial<Record<Kind, CpuFigures>> = {};
  if (o.cpuMode === 'apart') {
    for (const [i, kind] of kinds.entries()) {
      const s00 = await server.stats();
      const c = await cpuSetup(ctx, kind, 2 + i);
      await cpuRamp(ctx, c);
      await sleep(6000);
      out[kind] = (await cpuMeasure(ctx, [c], s00))[0];
      await stopClient(ctx, c.k, s00.connections.open);
    }
    return { mode: 'apart' as const, ...out };
  }
  const s00 = await server.stats();
  const cs: CpuClient[] = [];
  for (const [i, kind] of kinds.entries()) cs.push(await cpuSetup(ctx, kind, 2 + i));
  for (const c of cs) await cpuRamp(ctx, c);
  // One heartbeat period and a bit: every user beats at its own steady phase.
  await sleep(6000);
  const rs = await cpuMeasure(ctx, cs, s00);
  for (const c of cs) await stopClient(ctx, c.k, s00.connections.open);
  for (const [i, kind] of kinds.entries()) out[kind] = rs[i];
  return { mode: 'together' as const, compareWith: o.compare || undefined, ...out };
}

/** Forks a client, warms it up and reads its idle RSS. */
interface CpuClient {
  kind: Kind;
  k: Client;
  warm: WarmupAnswer;
  idleRss: number;
  rampS?: number;
}

async function cpuSetup(ctx: Ctx, kind: Kind, subnet: number): Promise<CpuClient> {
  const { o, server } = ctx;
  const addresses = freshAddresses(ctx.net, subnet, Math.ceil(o.cpuUsers / PER_ADDRESS) + 1);
  const prepare =
    kind === 'bare'
      ? { ...ctx.wire.barePrepare(server), addresses, hbMs: 5000, chat: o.chat }
      : {
          scenario: scenarioText(o.chat ? 'chat' : ctx.wire.scenario('heartbeat'), {
            TARGET: ctx.wire.target(server),
            SOURCES: `${addresses[0]}-${addresses.at(-1)}`,
            USERS: o.cpuUsers,
            RAMP: `${Math.ceil((o.cpuUsers / o.rampRate) * 1000)}ms`,
            RATE: o.rampRate,
          }),
          baseDir: SCENARIO_DIR,
        };
  const k = await startClient(ctx, kind, prepare);
  // Long enough for a heartbeat or two per warm-up user, so their path is compiled too.
  const warm = await k.ask<WarmupAnswer>({ cmd: 'warmup', users: 500, overMs: 1000, dwellMs: 6000 }, 60_000);
  return { kind, k, warm, idleRss: rssBytes(k.pid!) };
}

async function cpuRamp(ctx: Ctx, c: CpuClient) {
  await c.k.ask({ cmd: 'start', firstUserId: 1, users: ctx.o.cpuUsers, rate: ctx.o.rampRate });
  c.rampS = await ramp(ctx, c.k, c.kind, ctx.o.cpuUsers);
}

/**
 * `o.cpuWindows` consecutive windows over all the clients in `cs` at once. CPU per
 * 1,000 round trips is given over all windows, with the per-window range (this box
 * is shared: the range shows how much of a difference is noise); latency is one
 * summary over all windows.
 */
async function cpuMeasure(ctx: Ctx, cs: CpuClient[], s00: ServerStats) {
  const { o, server, log } = ctx;
  await Promise.all(cs.map((c) => c.k.ask({ cmd: 'mark' })));
  const s0 = await server.stats();
  const p0 = cs.map((c) => cpuSeconds(c.k.pid!));
  const windows = cs.map((): { m: MarkAnswer; trips: number; cpuS: number }[] => []);
  for (let w = 0; w < o.cpuWindows; w++) {
    await sleep(o.cpuWindowMs);
    const last = w === o.cpuWindows - 1;
    const ms = await Promise.all(cs.map((c) => c.k.ask<MarkAnswer>({ cmd: 'mark', keepLatency: !last })));
    for (const [i, c] of cs.entries()) {
      const m = ms[i]!;
      const trips =
        c.kind === 'bare'
          ? m.counters.heartbeatAcks! + (m.counters.chatAcks ?? 0)
          : (m.counters[ctx.wire.heartbeatAck] ?? 0) + (o.chat ? (m.counters['msg.in.ack'] ?? 0) : 0);
      windows[i]!.push({ m, trips, cpuS: m.cpuUserS + m.cpuSystemS });
    }
  }
  const p1 = cs.map((c) => cpuSeconds(c.k.pid!));
  const s1 = await server.stats();
  const out: CpuFigures[] = [];
  for (const [i, c] of cs.entries()) {
    const ws = windows[i]!;
    const m = ws.at(-1)!.m;
    const loadedRssNoGc = rssBytes(c.k.pid!);
    const { memory: loadedMem } = await c.k.ask<GcAnswer>({ cmd: 'gc' });
    const loadedRss = rssBytes(c.k.pid!);
    const st = await c.k.ask<StatusAnswer>({ cmd: 'status' });
    const n = st.active;
    const sumOf = (f: (x: (typeof ws)[number]) => number) => ws.reduce((a, x) => a + f(x), 0);
    const roundTrips = sumOf((x) => x.trips);
    const wallS = sumOf((x) => x.m.wallMs) / 1000;
    const cpuS = sumOf((x) => x.cpuS);
    const perWindow = ws.map((x) => x.cpuS / (x.trips / 1000));
    const lat = m.latency[c.kind === 'bare' ? 'response.heartbeat' : ctx.wire.rtt];
    const chatLat = m.latency['response.chat'];
    const r: CpuFigures = {
      users: n,
      rampS: c.rampS,
      windows: ws.length,
      windowS: wallS,
      roundTrips,
      roundTripsPerS: roundTrips / wallS,
      cpuS,
      cpuUserS: sumOf((x) => x.m.cpuUserS),
      cpuSystemS: sumOf((x) => x.m.cpuSystemS),
      cpuPer1000: cpuS / (roundTrips / 1000),
      cpuPer1000Min: Math.min(...perWindow),
      cpuPer1000Max: Math.max(...perWindow),
      procCpuPer1000: (p1[i]! - p0[i]!) / (roundTrips / 1000),
      cpuPct: (cpuS / wallS) * 100,
      p50Ms: lat?.p50,
      p99Ms: lat?.p99,
      maxMs: lat?.max,
      latencyCount: lat?.count,
      chatP50Ms: chatLat?.p50,
      chatP99Ms: chatLat?.p99,
      chatCount: chatLat?.count,
      idleRss: c.idleRss,
      loadedRss,
      bytesPerUser: (loadedRss - c.idleRss) / n,
      bytesPerUserNoGc: (loadedRssNoGc - c.idleRss) / n,
      youngIdle: c.warm.memory.youngResident,
      youngLoaded: loadedMem.youngResident,
      heapUsedPerUser: (loadedMem.heapUsed - c.warm.memory.heapUsed) / n,
      gc: ws.reduce(
        (a, x) => ({ minor: a.minor + x.m.gc.minor, major: a.major + x.m.gc.major, ms: a.ms + x.m.gc.ms }),
        { minor: 0, major: 0, ms: 0 },
      ),
      health: m.health,
    };
    log(
      `cpu ${c.kind}: ${n} users, ${r.roundTripsPerS.toFixed(0)} round trips/s, ${r.cpuPer1000.toFixed(4)} CPU-s per 1,000 ` +
        `(windows ${perWindow.map((x) => x.toFixed(4)).join(' ')}), p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms` +
        (chatLat ? `, chat p50 ${r.chatP50Ms} ms p99 ${r.chatP99Ms} ms (${r.chatCount})` : '') +
        `, ${(r.bytesPerUser / 1024).toFixed(2)} KiB/user ` +
        `(heap ${(r.heapUsedPerUser / 1024).toFixed(2)}, young gen ${(r.youngIdle / 2 ** 20).toFixed(1)} → ${(r.youngLoaded / 2 ** 20).toFixed(1)} MiB); ` +
        `GC: ${r.gc.minor} scavenges, ${r.gc.major} full, ${r.gc.ms.toFixed(0)} ms`,
    );
    out.push(r);
  }
  // Ground truth: the server's count of heartbeats in the windows and of users held.
  const hb = ctx.wire.serverHeartbeat;
  if (!(hb in s1.messagesIn)) throw new Error(`/stats of wire ${s1.wire}: no "${hb}" in messagesIn`);
  const serverHeartbeats = s1.messagesIn[hb]! - s0.messagesIn[hb]!;
  const clientTrips = out.reduce((a, r) => a + r.roundTrips, 0);
  const check = serverCheck(ctx.wire, s00, s1);
  for (const r of out)
    Object.assign(r, { serverHeartbeats, clientTrips, serverHeld: held(s1, s00), serverCheck: check });
  return out;
}

/** Arrival-rate steps with short sessions, upward until one fails. */
export async function runRates(ctx: Ctx) {
  const { o, log } = ctx;
  const steps: RateStep[] = [];
  for (const [i, rate] of o.rates.entries()) {
    const r = await rateStep(ctx, rate, 10 + i);
    steps.push(r);
    log(
      `rate ${rate}/s: logged in ${r.loggedIn}/${r.planned} (${r.achievedPct.toFixed(2)} %), lateness p99 ${r.latenessP99Ms} ms, ` +
        `generator ${r.cpuPct.toFixed(0)} %, server ${r.serverCpuPct.toFixed(0)} % CPU → ${r.pass ? 'ok' : 'FAIL'}`,
    );
    if (!r.pass) break;
  }
  const passed = steps.filter((s) => s.pass);
  return {
    steps,
    highest: passed.length ? Math.max(...passed.map((s) => s.rate)) : 0,
    breaksAt: steps.find((s) => !s.pass)?.rate ?? null,
  };
}

async function rateStep(ctx: Ctx, rate: number, subnet: number): Promise<RateStep> {
  const { o, server } = ctx;
  const s00 = await server.stats();
  const planned = Math.round((rate * o.stepMs) / 1000);
  const addresses = freshAddresses(ctx.net, subnet, Math.ceil(planned / PER_ADDRESS) + 1);
  const scenario = scenarioText(ctx.wire.scenario('short'), {
    TARGET: ctx.wire.target(server),
    SOURCES: `${addresses[0]}-${addresses.at(-1)}`,
    DURATION: `${o.stepMs}ms`,
    RATE: rate,
  });
  const k = await startClient(ctx, 'loadfleet', { scenario, baseDir: SCENARIO_DIR });
  await k.ask({ cmd: 'warmup', users: 300, overMs: 500, dwellMs: 500 }, 60_000);
  await k.ask({ cmd: 'mark' });
  const s0 = await server.stats();
  const c0 = sum(server.pids, cpuSeconds);
  await k.ask({ cmd: 'start', firstUserId: 1 });
  const t0 = Date.now();
  for (;;) {
    await sleep(250);
    const st = await k.ask<StatusAnswer>({ cmd: 'status' });
    if ((st.sourceDone && st.active === 0) || Date.now() - t0 > o.stepMs + 15_000) break;
  }
  const m = await k.ask<MarkAnswer>({ cmd: 'mark' });
  const c1 = sum(server.pids, cpuSeconds);
  const s1 = await server.stats();
  await stopClient(ctx, k, s00.connections.open);
  const c = m.counters;
  const n = c['users.loggedIn'] ?? 0;
  const latenessP99Ms = m.latency['lateness.start']?.p99 ?? 0;
  const failed = c['users.failed'] ?? 0;
  const r = {
    rate,
    planned,
    started: c['users.started'] ?? 0,
    loggedIn: n,
    serverLogins: s1.logins - s0.logins,
    failed,
    dropped: c['users.dropped'] ?? 0,
    connectErrors: connectErrors(c),
    achievedPct: (n / planned) * 100,
    latenessP50Ms: m.latency['lateness.start']?.p50 ?? 0,
    latenessP99Ms,
    loginP99Ms: m.latency['response.login']?.p99 ?? 0,
    connectP99Ms: m.latency.connect?.p99 ?? 0,
    loopDelayP99Ms: m.health?.['health.loopDelayP99Ms'] ?? 0,
    wallS: m.wallMs / 1000,
    cpuPct: ((m.cpuUserS + m.cpuSystemS) / (m.wallMs / 1000)) * 100,
    serverCpuPct: ((c1 - c0) / (m.wallMs / 1000)) * 100,
    pass: false,
  };
  // The generator kept up: (nearly) every planned user logged in, started on time.
  r.pass = r.achievedPct >= 99 && latenessP99Ms <= 100 && r.serverLogins === n;
  return r;
}

/** One client's figures of the CPU/latency phase (cpuMeasure). */
export interface CpuFigures {
  users: number;
  rampS: number | undefined;
  windows: number;
  windowS: number;
  roundTrips: number;
  roundTripsPerS: number;
  cpuS: number;
  cpuUserS: number;
  cpuSystemS: number;
  cpuPer1000: number;
  cpuPer1000Min: number;
  cpuPer1000Max: number;
  procCpuPer1000: number;
  cpuPct: number;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  maxMs: number | undefined;
  latencyCount: number | undefined;
  chatP50Ms: number | undefined;
  chatP99Ms: number | undefined;
  chatCount: number | undefined;
  idleRss: number;
  loadedRss: number;
  bytesPerUser: number;
  bytesPerUserNoGc: number;
  youngIdle: number;
  youngLoaded: number;
  heapUsedPerUser: number;
  gc: { minor: number; major: number; ms: number };
  health: Record<string, number> | undefined;
  /** Set once every client is measured: the server's figures over the same windows. */
  serverHeartbeats?: number;
  clientTrips?: number;
  serverHeld?: number;
  serverCheck?: ReturnType<typeof serverCheck>;
}

/** One arrival-rate step (rateStep). */
export interface RateStep {
  rate: number;
  planned: number;
  started: number;
  loggedIn: number;
  serverLogins: number;
  failed: number;
  dropped: number;
  connectErrors: CounterMap;
  achievedPct: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  loginP99Ms: number;
  connectP99Ms: number;
  loopDelayP99Ms: number;
  wallS: number;
  cpuPct: number;
  serverCpuPct: number;
  pass: boolean;
}

export type HoldFigures = Awaited<ReturnType<typeof runHold>>;
export type CpuResult = Awaited<ReturnType<typeof runCpu>>;
export type RateResult = Awaited<ReturnType<typeof runRates>>;

/** What bench/worker.ts prints (JSON) and report.ts / report-wire.ts render. */
export interface WorkerResult {
  date: string;
  node: string;
  command: string;
  options: WorkerBenchOptions;
  hold?: HoldFigures;
  cpu?: CpuResult;
  rate?: RateResult;
  loadavgStart: number[];
  loadavg: number[];
}
