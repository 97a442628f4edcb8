// Scale benchmark: see the "Scale" section of docs/BENCHMARKS.md.
// npm run bench:scale -- [--users 100000] [--rate 500] [--hold 150s] [--per-worker 18000]
//   [--server-procs P] [--act-every 300s] [--room-size 20] [--primary-nice -10] [--write-docs] [--note TEXT]
//   [--steps 100000,200000 --step-hold 60s] [--floor | --floor-only] [--floor-users N] [--floor-hold D] [--cpu-prof DIR]
// --steps: a staircase (ramp to each step at --rate, hold it --step-hold, measure it, go on);
// the cost curve is printed from every step and the final hold.
// --floor: after the farm run, the bare pair (bench/scale/floor.ts) with the same process
// counts, rate, ramp and hold, and the farm's CPU per 100,000 held users as a ratio to it;
// --floor-only: the bare pair alone. --cpu-prof DIR: V8 CPU profiles of one worker and one
// chat server process (and, with --floor, one bare client and one bare server process),
// written when they stop.
// The whole farm on this machine: the multi-process chat server, a controller, an
// aggregator and worker processes (each with fresh 127.x source addresses) over the
// shared NATS and Redis in a namespace of its own. A closed-model chat-room run ramps
// to N users, holds them, and stops; the report, `ss` and the chat server's /stats
// count the users independently.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseDuration } from '@loadfleet/config';
import type { Report } from '@loadfleet/report';
import type { FleetWorker } from './lib/farm-api.js';
import { benchPath, rootPath } from './lib/paths.js';
import { checkKernel, cleanupNamespace, newNamespace, urls, type KernelFacts } from './scale/infra.js';
import {
  MAIN,
  killAll,
  sleep,
  startChatServer,
  startController,
  startNode,
  runFarmBenchmark,
  type Node,
  type Stoppable,
} from './scale/procs.js';
import { Observer } from './scale/observer.js';
import {
  figuresOf,
  type HoldProfiles,
  type ScaleOptions,
  type ScaleOutput,
  type ScaleResult,
} from './scale/figures.js';
import { appendToSection, commandLine, markdown } from './scale/report.js';
import { updateMeasured } from './scale/measured.js';
import { runFloor } from './scale/floor.js';
import { floorMarkdown, floorRatios, type FloorOutput } from './scale/floor-report.js';
import { profileSummary } from './scale/profile.js';
import { opt, log } from './lib/cli.js';

const argv = process.argv.slice(2);
/** An option without a default: null when not given. */
const optOrNull = (name: string): string | null => (argv.includes(`--${name}`) ? opt(name, '') : null);
const o = {
  users: Number(opt('users', 100_000)),
  rate: Number(opt('rate', 500)),
  holdMs: parseDuration(opt('hold', '150s')),
  perWorker: Number(opt('per-worker', 18_000)),
  actEvery: opt('act-every', '300s'),
  roomSize: Number(opt('room-size', 20)),
  primaryNice: Number(opt('primary-nice', -10)),
  workers: 0,
  serverProcs: 0,
  rampMs: 0,
  stepHoldMs: 0,
  steps: [],
  phases: [],
  actEveryMs: 0,
  profDir: null,
} satisfies ScaleOptions as ScaleOptions;
o.workers = Math.ceil(o.users / o.perWorker);
o.serverProcs = Number(opt('server-procs', Math.max(2, Math.ceil(o.users / 14_000))));
// --steps 100000,200000,300000 --step-hold 60s: a staircase. Each step is ramped to at --rate, then held
// (rate 0) for --step-hold, measured like the final hold; the last step is --users, held for --hold.
o.stepHoldMs = parseDuration(opt('step-hold', '60s'));
const levels = [...new Set([...opt('steps', '').split(',').filter(Boolean).map(Number), o.users])]
  .filter((x) => x > 0 && x <= o.users)
  .sort((a, b) => a - b);
o.steps = [];
o.phases = [];
{
  let at = 0;
  let prev = 0;
  for (const [i, users] of levels.entries()) {
    const rampMs = Math.ceil(((users - prev) / o.rate) * 1000);
    o.phases.push(`{ name: ramp-${users}, duration: '${rampMs}ms', rate: ${o.rate} }`);
    at += rampMs;
    if (i < levels.length - 1) {
      o.steps.push({ users, from: at + 10_000, to: at + o.stepHoldMs - 2000 });
      o.phases.push(`{ name: hold-${users}, duration: '${o.stepHoldMs}ms', rate: 0 }`);
      at += o.stepHoldMs;
    }
    prev = users;
  }
  // The schedule's length: the ramps and the steps' holds; the final hold follows it.
  o.rampMs = at;
}
o.actEveryMs = parseDuration(o.actEvery);
const floorOnly = argv.includes('--floor-only');
const withFloor = floorOnly || argv.includes('--floor');
const profDir = optOrNull('cpu-prof');
o.profDir = profDir;
const writeDocs = argv.includes('--write-docs');
const note = opt('note', '');

// Everything this starts stops by itself: each child under `timeout`, and this watchdog.
const budgetS = (o.rampMs + o.holdMs) / 1000 + 240 + (withFloor ? 600 : 0) + 240;
const watchdog = setTimeout(() => {
  log(`benchmark exceeded its ${Math.round(budgetS)} s budget: stopping everything`);
  killAll();
  cleanupNamespace(ns).finally(() => process.exit(2));
}, budgetS * 1000);
const ns = newNamespace('scale');
const env = { REDIS_URL: urls.redisUrl, NATS_URL: urls.natsUrl, LOADFLEET_LOG_LEVEL: 'warn' };
const all: Stoppable[] = [];

/** Each worker's share of the users: full ones of `perWorker`, the last one the rest. */
const shares = Array.from({ length: o.workers }, (_, i) => Math.min(o.perWorker, o.users - i * o.perWorker));

function scenario(port: number) {
  const text = readFileSync(benchPath('scale/scenario.yaml'), 'utf8');
  const vars: Record<string, string | number> = {
    TARGET: `127.0.0.1:${port}`,
    USERS: o.users,
    RAMP: `${o.rampMs}ms`,
    PHASES: `[${o.phases.join(', ')}]`,
    RATE: o.rate,
    HOLD: `${o.holdMs}ms`,
    ROOMS: Math.max(1, Math.round(o.users / o.roomSize)),
    ROOM_SIZE: o.roomSize,
    ACT_EVERY: o.actEvery,
  };
  return text.replace(/\$\{(\w+)\}/g, (_, k) => String(vars[k]));
}

/** Monotonic µs (the clock of V8's CPU profiles) at epoch ms `at`. */
const monoOffsetUs = Number(process.hrtime.bigint() / 1000n) - Date.now() * 1000;
const monoUs = (at: number) => at * 1000 + monoOffsetUs;
const profInterval = opt('cpu-prof-interval', '1000');
const profArgs = (sub: string): string[] =>
  profDir ? ['--cpu-prof', '--cpu-prof-dir', `${profDir}/${sub}`, '--cpu-prof-interval', profInterval] : [];

/** The farm run: the chat server, controller, aggregator and workers; resolves with its figures. */
async function farmRun(started: Date, kernel: KernelFacts): Promise<ScaleResult> {
  log(`namespace ${ns}; ${o.users} users over ${o.workers} workers, ${o.serverProcs} server processes`);
  const server = await startChatServer(
    o.serverProcs,
    ['--heartbeat-timeout', '120s', '--login-timeout', '60s', '--log-level', 'warn'],
    budgetS,
    profArgs('farm-server'),
  );
  all.push(server);
  if (o.primaryNice !== 0) {
    // The primary accepts every connection and relays every room event between the server's processes:
    // among ~20 busy processes on 2 cores it would get a twentieth of a core, and everything would queue behind it.
    execFileSync('renice', ['-n', String(o.primaryNice), '-p', String(server.pids[0])], { stdio: 'ignore' });
  }
  const nsArgs = ['--namespace', ns, '--log-level', 'warn'];
  // The hold: users never end by themselves; after the ramp the controller lets them run this long, then stops them.
  const ctl = await startController([...nsArgs, '--graceful-stop', `${o.holdMs}ms`], env, budgetS);
  all.push(ctl);
  const aggregator = await startNode('aggregator', MAIN.aggregator, nsArgs, { env, budgetS });
  all.push(aggregator);
  // Fresh source addresses (127.<net>.<worker>.2-9): the last run's ports sit in TIME_WAIT.
  const net = 20 + Math.floor(Math.random() * 230);
  const workers: Node[] = [];
  for (let i = 0; i < o.workers; i++) {
    const ips = `127.${net}.${i}.2-127.${net}.${i}.9`;
    const args = [...nsArgs, '--id', `${ns}-w${i}`, '--weight', String(shares[i]), '--source-ips', ips];
    const extraNodeArgs = i === 0 ? profArgs('farm-worker') : [];
    workers.push(await startNode(`worker-${i}`, MAIN.worker, args, { env, budgetS, extraNodeArgs }));
  }
  all.push(...workers);
  let fleet: FleetWorker[] = [];
  for (let i = 0; i < 150 && fleet.length < o.workers; i++) {
    await sleep(200);
    fleet = (await ctl.api<{ workers: FleetWorker[] }>('/v1/workers')).workers.filter(
      (w) => !w.lost && w.id.startsWith(ns),
    );
  }
  if (fleet.length < o.workers) throw new Error(`only ${fleet.length} of ${o.workers} workers joined`);
  for (const w of fleet) log(`worker ${w.id}: capacity ${w.capacity} (${w.capacityLimit})`);
  await sleep(3000);

  const obs = new Observer({ server, ctl, workers, others: { controller: ctl, aggregator }, log });
  obs.idle();
  const res = await fetch(`${ctl.url}/v1/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: scenario(server.port),
  });
  if (!res.ok) throw new Error(`submit: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  log(`run ${id} submitted: ramp ${o.rampMs / 1000} s at ${o.rate}/s, hold ${o.holdMs / 1000} s`);
  const run = await obs.follow(id, o);
  const report = await ctl.api<Report>(`/v1/runs/${id}/report.json`);
  const dir = rootPath(`reports/${id}/`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}report.json`, JSON.stringify(report));
  log(`report: ${dir}report.json`);
  const figures = figuresOf({ o, report, obs, run, fleet, kernel });
  // The farm stops before anything else runs (the floor, the profiles' reading): workers first.
  await Promise.all(workers.map((w) => w.stop()));
  await Promise.all([server, ctl, aggregator].map((p) => p.stop()));
  // The profiles over each measured hold (every --steps one and the final one).
  const marks = obs.marks!;
  const windows = [
    ...o.steps.map((st, i) => ({ users: st.users, from: marks[`step${i}From`] ?? 0, to: marks[`step${i}To`] ?? 0 })),
    { users: o.users, from: marks.holdStart, to: marks.holdEnd },
  ];
  const profiles: HoldProfiles[] | null = profDir
    ? windows.map((w) => {
        const win = { from: monoUs(w.from), to: monoUs(w.to) };
        return {
          users: w.users,
          generator: profileSummary(`${profDir}/farm-worker`, win),
          server: profileSummary(`${profDir}/farm-server`, win, { skipPid: server.pids[0] ?? -1 }),
        };
      })
    : null;
  return {
    date: started.toISOString(),
    command: commandLine('bench:scale', argv),
    node: process.version,
    note,
    options: o,
    ...figures,
    profiles,
  };
}

async function main() {
  const started = new Date();
  const load: { start: number[]; end?: number[] } = { start: loadavg() };
  const kernel = checkKernel(o.users, { perWorker: o.perWorker, addressesPerWorker: 8 });
  for (const c of kernel.changes) log(`sysctl set: ${c}`);
  for (const c of kernel.kept) log(`kernel, not changed: ${c}`);
  log(`load average at the start: ${load.start.map((x) => x.toFixed(2)).join(' ')} (2 cores, shared with other work)`);
  const result = floorOnly ? null : await farmRun(started, kernel);
  let floor: FloorOutput | null = null;
  if (withFloor) {
    // The bare pair at the first step's count (or --floor-users), with the farm's process counts.
    const users = Number(opt('floor-users', levels[0] ?? o.users));
    const fo = {
      ...o,
      users,
      rampMs: Math.ceil((users / o.rate) * 1000),
      holdMs: parseDuration(opt('floor-hold', levels.length > 1 ? `${o.stepHoldMs}ms` : `${o.holdMs}ms`)),
    };
    const fshares = shares.map((x) => Math.floor((x * users) / o.users));
    fshares[0] = (fshares[0] ?? 0) + users - fshares.reduce((a, b) => a + b, 0);
    const rooms = Math.max(1, Math.round(users / o.roomSize));
    const measured = await runFloor({
      o: fo,
      shares: fshares,
      rooms,
      all,
      log,
      budgetS,
      profArgs,
      monoUs,
      profileSummary,
    });
    floor = { ...measured, options: { users, rate: o.rate, holdMs: fo.holdMs } };
  }
  load.end = loadavg();
  log(`load average at the end: ${load.end.map((x) => x.toFixed(2)).join(' ')}`);
  const out: ScaleOutput = {
    ...(result ?? { date: started.toISOString(), command: commandLine('bench:scale', argv), options: o }),
    load,
  };
  if (floor) out.floor = { ...floor, ratios: result ? floorRatios(result, floor) : null };
  console.log(JSON.stringify(out, null, 2));
  let md = result ? markdown({ ...result, load, ...(out.floor ? { floor: out.floor } : {}) }) : '';
  if (out.floor) md += `\n${floorMarkdown({ ...out, floor: out.floor })}`;
  console.error(md);
  if (writeDocs) {
    appendToSection(rootPath('docs/BENCHMARKS.md'), '## Scale', md);
    // Only a clean run sets the figures `loadfleet plan` and the workers use.
    if (result && result.verdict.allHeld && result.verdict.errorFree) updateMeasured(result);
  }
  if (!result) return floor && floor.held >= o.users ? 0 : 1;
  return result.verdict.allHeld && result.verdict.agree ? 0 : 1;
}

runFarmBenchmark(main, { all, ns, watchdog });
