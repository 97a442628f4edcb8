// The three measurements of bench/worker.js. Each forks its load clients, checks
// what they say against the chat server's /stats, and stops them before returning.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, forkClient, rssBytes, sleep, sum } from '../lib/proc.js';
import { SCENARIO_DIR, freshAddresses, scenarioText } from './scenarios.js';
import { serverCheck } from './wires.js';

const GENERATOR = fileURLToPath(new URL('./generator.js', import.meta.url));
/** Sockets per source address: well under the ~28,000 ports the kernel has per address. */
const PER_ADDRESS = 5000;

const held = (s, s0) => Math.min(s.connections.open - s0.connections.open, s.logins - s0.logins);
/** Client kinds: the generator under test, the wire's bare client, and (with --compare) another tree's generator. */
const clientFile = (ctx, kind) => (kind === 'bare' ? ctx.wire.bare : kind === 'compare' ? ctx.o.compare : GENERATOR);
const loggedIn = (kind, counters) => (kind === 'bare' ? counters.loginAcks : counters['users.loggedIn']) ?? 0;

async function startClient(ctx, kind, prepare) {
  const k = forkClient(clientFile(ctx, kind), ctx.o.nodeFlags);
  ctx.kids.add(k);
  await k.ask({ cmd: 'prepare', ...prepare });
  return k;
}

async function stopClient(ctx, k, open0) {
  try {
    await k.ask({ cmd: 'stop' }, 20_000);
  } catch (err) {
    ctx.log(`stop: ${err.message}`);
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
async function ramp(ctx, k, kind, want) {
  const t0 = Date.now();
  for (let last = -1, stuckSince = Date.now(); ;) {
    await sleep(500);
    const st = await k.ask({ cmd: 'status' });
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

const connectErrors = (counters) =>
  Object.fromEntries(Object.entries(counters).filter(([k, v]) => k.startsWith('conn.failed.') && v > 0));

/** Users held by one generator process, and its RSS per held user. */
export async function runHold(ctx) {
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
  const warm = await k.ask({ cmd: 'warmup', users: 500, overMs: 1000, dwellMs: 6000 }, 60_000);
  const idleRss = rssBytes(k.pid);
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
  const m = await k.ask({ cmd: 'mark' });
  if (o.profile) {
    mkdirSync(o.profile, { recursive: true });
    const path = join(o.profile, `hold-${Date.now()}.cpuprofile`);
    await k.ask({ cmd: 'profileStop', path });
    log(`hold: CPU profile of the hold in ${path}`);
  }
  const st = await k.ask({ cmd: 'status' });
  const loadedRssNoGc = rssBytes(k.pid);
  const { memory: loadedMem } = await k.ask({ cmd: 'gc' });
  const loadedRss = rssBytes(k.pid);
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
export async function runCpu(ctx) {
  const { server, o } = ctx;
  const kinds = o.compare ? ['loadfleet', 'bare', 'compare'] : ['loadfleet', 'bare'];
  const out = {};
  if (o.cpuMode === 'apart') {
    for (const [i, kind] of kinds.entries()) {
      const s00 = await server.stats();
      const c = await cpuSetup(ctx, kind, 2 + i);
      await cpuRamp(ctx, c);
      await sleep(6000);
      out[kind] = (await cpuMeasure(ctx, [c], s00))[0];
      await stopClient(ctx, c.k, s00.connections.open);
    }
    return { mode: 'apart', ...out };
  }
  const s00 = await server.stats();
  const cs = [];
  for (const [i, kind] of kinds.entries()) cs.push(await cpuSetup(ctx, kind, 2 + i));
  for (const c of cs) await cpuRamp(ctx, c);
  // One heartbeat period and a bit: every user beats at its own steady phase.
  await sleep(6000);
  const rs = await cpuMeasure(ctx, cs, s00);
  for (const c of cs) await stopClient(ctx, c.k, s00.connections.open);
  for (const [i, kind] of kinds.entries()) out[kind] = rs[i];
  return { mode: 'together', compareWith: o.compare || undefined, ...out };
}

/** Forks a client, warms it up and reads its idle RSS. */
async function cpuSetup(ctx, kind, subnet) {
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
  const warm = await k.ask({ cmd: 'warmup', users: 500, overMs: 1000, dwellMs: 6000 }, 60_000);
  return { kind, k, warm, idleRss: rssBytes(k.pid) };
}

async function cpuRamp(ctx, c) {
  await c.k.ask({ cmd: 'start', firstUserId: 1, users: ctx.o.cpuUsers, rate: ctx.o.rampRate });
  c.rampS = await ramp(ctx, c.k, c.kind, ctx.o.cpuUsers);
}

/**
 * `o.cpuWindows` consecutive windows over all the clients in `cs` at once. CPU per
 * 1,000 round trips is given over all windows, with the per-window range (this box
 * is shared: the range shows how much of a difference is noise); latency is one
 * summary over all windows.
 */
async function cpuMeasure(ctx, cs, s00) {
  const { o, server, log } = ctx;
  await Promise.all(cs.map((c) => c.k.ask({ cmd: 'mark' })));
  const s0 = await server.stats();
  const p0 = cs.map((c) => cpuSeconds(c.k.pid));
  const windows = cs.map(() => []);
  for (let w = 0; w < o.cpuWindows; w++) {
    await sleep(o.cpuWindowMs);
    const last = w === o.cpuWindows - 1;
    const ms = await Promise.all(cs.map((c) => c.k.ask({ cmd: 'mark', keepLatency: !last })));
    for (const [i, c] of cs.entries()) {
      const m = ms[i];
      const trips =
        c.kind === 'bare'
          ? m.counters.heartbeatAcks + (m.counters.chatAcks ?? 0)
          : (m.counters[ctx.wire.heartbeatAck] ?? 0) + (o.chat ? (m.counters['msg.in.ack'] ?? 0) : 0);
      windows[i].push({ m, trips, cpuS: m.cpuUserS + m.cpuSystemS });
    }
  }
  const p1 = cs.map((c) => cpuSeconds(c.k.pid));
  const s1 = await server.stats();
  const out = [];
  for (const [i, c] of cs.entries()) {
    const ws = windows[i];
    const m = ws.at(-1).m;
    const loadedRssNoGc = rssBytes(c.k.pid);
    const { memory: loadedMem } = await c.k.ask({ cmd: 'gc' });
    const loadedRss = rssBytes(c.k.pid);
    const st = await c.k.ask({ cmd: 'status' });
    const n = st.active;
    const sumOf = (f) => ws.reduce((a, x) => a + f(x), 0);
    const roundTrips = sumOf((x) => x.trips);
    const wallS = sumOf((x) => x.m.wallMs) / 1000;
    const cpuS = sumOf((x) => x.cpuS);
    const perWindow = ws.map((x) => x.cpuS / (x.trips / 1000));
    const lat = m.latency[c.kind === 'bare' ? 'response.heartbeat' : ctx.wire.rtt];
    const chatLat = m.latency['response.chat'];
    const r = {
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
      procCpuPer1000: (p1[i] - p0[i]) / (roundTrips / 1000),
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
  const serverHeartbeats = s1.messagesIn[hb] - s0.messagesIn[hb];
  const clientTrips = out.reduce((a, r) => a + r.roundTrips, 0);
  const check = serverCheck(ctx.wire, s00, s1);
  for (const r of out)
    Object.assign(r, { serverHeartbeats, clientTrips, serverHeld: held(s1, s00), serverCheck: check });
  return out;
}

/** Arrival-rate steps with short sessions, upward until one fails. */
export async function runRates(ctx) {
  const { o, log } = ctx;
  const steps = [];
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

async function rateStep(ctx, rate, subnet) {
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
    const st = await k.ask({ cmd: 'status' });
    if ((st.sourceDone && st.active === 0) || Date.now() - t0 > o.stepMs + 15_000) break;
  }
  const m = await k.ask({ cmd: 'mark' });
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
    loopDelayP99Ms: m.health['health.loopDelayP99Ms'] ?? 0,
    wallS: m.wallMs / 1000,
    cpuPct: ((m.cpuUserS + m.cpuSystemS) / (m.wallMs / 1000)) * 100,
    serverCpuPct: ((c1 - c0) / (m.wallMs / 1000)) * 100,
  };
  // The generator kept up: (nearly) every planned user logged in, started on time.
  r.pass = r.achievedPct >= 99 && latenessP99Ms <= 100 && r.serverLogins === n;
  return r;
}
