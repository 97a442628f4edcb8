// The loadfleet generator under test, in a process of its own so that its RSS
// and CPU are its own (forked by bench/worker.ts, run with --expose-gc). It is
// the local runner's machinery without the report: a Plan from parseScenario,
// an Engine fed by the LocalArrivalSource, a StatsRecorder closed once a second
// by the WindowPump. The parent drives it over IPC:
//   prepare {scenario, baseDir}   parse, build the engine, start the second ticker
//   warmup {users, overMs, dwellMs}  run users of session 0 and stop them (JIT, buffers), then GC
//   start {firstUserId}           start the plan's arrival schedule
//   status                        counters since prepare, active users, open sockets, memory
//   mark                          closes the measurement window: its counters, latency summaries, CPU
//   gc / stop
//   heapSnapshot {path}, profileStart, profileStop {path}, allocStart, allocStop {path}   for profiling
// It never outlives its parent.
import { readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { Engine } from '@loadfleet/engine';
import { SecondTicker, WindowPump } from '@loadfleet/runtime';
import type { Plan } from '@loadfleet/scenario';
import { LocalArrivalSource, Random, scheduleOf } from '@loadfleet/schedule';
import { parseScenario } from '@loadfleet/scenario';
import { StatsRecorder, emptyWindow, histogramSummary, mergeInto, names, type StatsWindow } from '@loadfleet/stats';
import type { GcCounts, MarkAnswer, Memory, StatusAnswer } from './ipc.js';

/** Histograms whose summaries a mark reports. */
const SUMMARIZED = [
  names.response('heartbeat'),
  names.responseIntended('heartbeat'),
  names.response('chat'),
  names.response('login'),
  names.LATENESS_START,
  names.LATENESS_TIMER,
  names.CONNECT_TIME,
  // im-lite's heartbeat (bench/worker.ts --wire im-lite) is a Ping.
  names.response('ping'),
  names.responseIntended('ping'),
];

// Garbage collections since the last mark: the young generation's churn shows as scavenges.
const gcs = { minor: 0, major: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) gcs.minor++;
    else gcs.major++;
    gcs.ms += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
function takeGcs(): GcCounts {
  const out = { ...gcs };
  gcs.minor = gcs.major = gcs.ms = 0;
  return out;
}

let plan: Plan;
let engine: Engine;
let source: LocalArrivalSource | null = null;
let pump: WindowPump;
let ticker: SecondTicker;
const rng = new Random(1);
const totals: Record<string, number> = Object.create(null);
// The measurement window. Its 64-bit histograms are reset in place, not replaced,
// so that after warm-up the stats cost no new memory (RSS per user stays per user).
const current = emptyWindow(0);
let markCpu = process.cpuUsage();
let markAt = performance.now();

function onWindow(w: StatsWindow) {
  for (const k in w.counters) totals[k] = (totals[k] ?? 0) + w.counters[k]!;
  mergeInto(current, w);
}

function resetCurrent(keepHistograms = false) {
  for (const k in current.counters) delete current.counters[k];
  for (const k in current.gauges) delete current.gauges[k];
  if (!keepHistograms) for (const k in current.histograms) current.histograms[k]!.reset();
  current.sources = 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function gc() {
  // Two passes: the first may only promote what the second frees.
  globalThis.gc?.();
  globalThis.gc?.();
}

function memory(): Memory {
  const m = process.memoryUsage();
  // The young generation's resident pages: up to ~32 MiB that V8 keeps once it has grown it.
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    youngResident: young?.physical_space_size ?? 0,
  };
}

function prepare({ scenario, baseDir }: { scenario: string; baseDir: string }) {
  plan = parseScenario(scenario, { baseDir, readFile: (p) => readFileSync(p, 'utf8') });
  const recorder = new StatsRecorder();
  engine = new Engine({ plan, recorder, rng, onSlotFreed: () => source?.slotFreed() });
  pump = new WindowPump(recorder, { push: onWindow });
  pump.attach(engine, null);
  ticker = new SecondTicker((s) => pump.pump(s));
  ticker.start();
  return { sessions: plan.sessions.map((s) => s.name) };
}

async function warmup({ users, overMs, dwellMs }: { users: number; overMs: number; dwellMs: number }) {
  const t0 = Date.now();
  for (let i = 0; i < users; i++) {
    const at = t0 + (i * overMs) / users;
    while (Date.now() < at) await sleep(5);
    engine.admit({ userId: 10_000_001 + i, intendedAt: at, session: 0 });
  }
  await sleep(dwellMs);
  pump.pump(ticker.current);
  const loggedIn = totals[names.USERS_LOGGED_IN] ?? 0;
  engine.stopUsers(engine.activeUsers);
  for (let i = 0; i < 200 && engine.openSockets > 0; i++) await sleep(25);
  // One more window so the warm-up's stats are merged (and their histograms allocated) before idle is measured.
  await sleep(1100);
  resetCurrent();
  for (const k in totals) delete totals[k];
  gc();
  await sleep(500);
  return { loggedIn, openAfter: engine.openSockets, memory: memory() };
}

function start({ firstUserId }: { firstUserId: number }) {
  source = new LocalArrivalSource(
    scheduleOf(plan.load),
    plan.sessions.map((s) => s.weight),
    { rng, firstUserId },
  );
  pump.attach(engine, source);
  markCpu = process.cpuUsage();
  markAt = performance.now();
  source.start(engine);
  return {};
}

function status(): StatusAnswer {
  return {
    active: engine.activeUsers,
    open: engine.openSockets,
    sourceDone: source?.done ?? false,
    counters: { ...totals },
    memory: memory(),
  };
}

/** `keepLatency`: the latency histograms go on into the next window (one summary over several windows). */
function mark({ keepLatency = false }: { keepLatency?: boolean } = {}): MarkAnswer {
  // Close the second in flight now, so the window ends exactly here (the ticker
  // will close the same second again later: windows are only summed, so it's fine).
  pump.pump(ticker.current);
  const cpu = process.cpuUsage(markCpu);
  const at = performance.now();
  const out = {
    wallMs: at - markAt,
    cpuUserS: cpu.user / 1e6,
    cpuSystemS: cpu.system / 1e6,
    counters: { ...current.counters },
    health: Object.fromEntries(Object.entries(current.gauges).filter(([k]) => k.startsWith(names.HEALTH_PREFIX))),
    latency: Object.fromEntries(
      SUMMARIZED.filter((n) => (current.histograms[n]?.totalCount ?? 0) > 0).map((n) => [
        n,
        histogramSummary(current.histograms[n]!),
      ]),
    ),
    active: engine.activeUsers,
    open: engine.openSockets,
    memory: memory(),
    gc: takeGcs(),
  };
  resetCurrent(keepLatency);
  markCpu = process.cpuUsage();
  markAt = performance.now();
  return out;
}

async function stop() {
  source?.stop();
  await engine.stop(0, 5000);
  ticker.stop();
  pump.close();
  return { open: engine.openSockets };
}

let inspector: Session | null = null;
async function profileStart() {
  inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
  return {};
}
/** Samples every allocation, garbage included, until allocStop: where the young generation's churn comes from. */
async function allocStart() {
  inspector = new Session();
  inspector.connect();
  await inspector.post('HeapProfiler.enable');
  await inspector.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {};
}
async function allocStop({ path }: { path: string }) {
  const { profile } = await inspector!.post('HeapProfiler.stopSampling');
  writeFileSync(path, JSON.stringify(profile));
  inspector!.disconnect();
  return { path };
}
async function profileStop({ path }: { path: string }) {
  const { profile } = await inspector!.post('Profiler.stop');
  writeFileSync(path, JSON.stringify(profile));
  inspector!.disconnect();
  return { path };
}

type Handler = (m: never) => object | Promise<object>;
const handlers: Record<string, Handler> = {
  prepare,
  warmup,
  start,
  status,
  mark,
  gc: async () => (gc(), await sleep(300), { memory: memory() }),
  heapSnapshot: ({ path }: { path: string }) => ({ path: writeHeapSnapshot(path) }),
  profileStart,
  profileStop,
  allocStart,
  allocStop,
  stop,
};

process.on('message', async (message) => {
  const m = message as { id: number; cmd: string };
  try {
    const handler = handlers[m.cmd];
    if (!handler) throw new Error(`unknown command ${m.cmd}`);
    const out = await handler(m as never);
    process.send!({ id: m.id, ...out });
    if (m.cmd === 'stop') setTimeout(() => process.exit(0), 50);
  } catch (err) {
    process.send!({ id: m.id, error: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) });
  }
});
process.on('disconnect', () => process.exit(0));
