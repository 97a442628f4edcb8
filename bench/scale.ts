// Scale benchmark: see the "Scale" section of docs/BENCHMARKS.md.
// npm run bench:scale -- [--users 100000] [--rate 500] [--hold 150s] [--per-worker 18000]
//   [--server-procs P] [--act-every 300s] [--room-size 20] [--primary-nice -10] [--write-docs] [--note TEXT]
// The whole farm on this machine: the multi-process chat server, a controller, an
// aggregator and worker processes (each with fresh 127.x source addresses) over the
// shared NATS and Redis in a namespace of its own. A closed-model chat-room run ramps
// to N users, holds them, and stops; the report, `ss` and the chat server's /stats
// count the users independently.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDuration } from '@loadfleet/config';
import type { Report } from '@loadfleet/report';
import type { FleetWorker } from './lib/farm-api.js';
import { benchPath, rootPath } from './lib/paths.js';
import { checkKernel, cleanupNamespace, newNamespace, urls } from './scale/infra.js';
import {
  MAIN,
  killAll,
  sleep,
  startChatServer,
  startController,
  startNode,
  runFarmBenchmark,
  type Node,
} from './scale/procs.js';
import { Observer } from './scale/observer.js';
import { figuresOf, type ScaleOptions, type ScaleResult } from './scale/figures.js';
import { appendToSection, commandLine, markdown } from './scale/report.js';
import { updateMeasured } from './scale/measured.js';

const argv = process.argv.slice(2);
const opt = (name: string, def: string | number): string => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? String(def) : (argv[i + 1] ?? '');
};
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
} satisfies ScaleOptions;
o.workers = Math.ceil(o.users / o.perWorker);
o.serverProcs = Number(opt('server-procs', Math.max(2, Math.ceil(o.users / 14_000))));
o.rampMs = Math.ceil((o.users / o.rate) * 1000);
const writeDocs = argv.includes('--write-docs');
const note = opt('note', '');
const log = (...a: unknown[]) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// Everything this starts stops by itself: each child under `timeout`, and this watchdog.
const budgetS = (o.rampMs + o.holdMs) / 1000 + 480;
const watchdog = setTimeout(() => {
  log(`benchmark exceeded its ${Math.round(budgetS)} s budget: stopping everything`);
  killAll();
  cleanupNamespace(ns).finally(() => process.exit(2));
}, budgetS * 1000);
const ns = newNamespace('scale');
const env = { REDIS_URL: urls.redisUrl, NATS_URL: urls.natsUrl, LOADFLEET_LOG_LEVEL: 'warn' };
const all: Node[] = [];

/** Each worker's share of the users: full ones of `perWorker`, the last one the rest. */
const shares = Array.from({ length: o.workers }, (_, i) => Math.min(o.perWorker, o.users - i * o.perWorker));

function scenario(port: number) {
  const text = readFileSync(benchPath('scale/scenario.yaml'), 'utf8');
  const vars: Record<string, string | number> = {
    TARGET: `127.0.0.1:${port}`,
    USERS: o.users,
    RAMP: `${o.rampMs}ms`,
    RATE: o.rate,
    HOLD: `${o.holdMs}ms`,
    ROOMS: Math.max(1, Math.round(o.users / o.roomSize)),
    ROOM_SIZE: o.roomSize,
    ACT_EVERY: o.actEvery,
  };
  return text.replace(/\$\{(\w+)\}/g, (_, k) => String(vars[k]));
}

async function main() {
  const started = new Date();
  const kernel = checkKernel(o.users);
  for (const c of kernel.changes) log(`sysctl: ${c}`);
  log(`namespace ${ns}; ${o.users} users over ${o.workers} workers, ${o.serverProcs} server processes`);
  const server = await startChatServer(
    o.serverProcs,
    ['--heartbeat-timeout', '120s', '--login-timeout', '60s', '--log-level', 'warn'],
    budgetS,
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
  all.push(await startNode('aggregator', MAIN.aggregator, nsArgs, { env, budgetS }));
  // Fresh source addresses (127.<net>.<worker>.2-9): the last run's ports sit in TIME_WAIT.
  const net = 20 + Math.floor(Math.random() * 230);
  const workers: Node[] = [];
  for (let i = 0; i < o.workers; i++) {
    const ips = `127.${net}.${i}.2-127.${net}.${i}.9`;
    const args = [...nsArgs, '--id', `${ns}-w${i}`, '--weight', String(shares[i]), '--source-ips', ips];
    workers.push(await startNode(`worker-${i}`, MAIN.worker, args, { env, budgetS }));
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

  const obs = new Observer({ server, ctl, workers, others: { controller: ctl, aggregator: all[2]! }, log });
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
  const result: ScaleResult = {
    date: started.toISOString(),
    command: commandLine('bench:scale', argv),
    node: process.version,
    note,
    options: o,
    ...figures,
  };
  console.log(JSON.stringify(result, null, 2));
  const md = markdown(result);
  console.error(md);
  if (writeDocs) {
    appendToSection(rootPath('docs/BENCHMARKS.md'), '## Scale', md);
    // Only a clean run sets the figures `loadfleet plan` and the workers use.
    if (result.verdict.allHeld && result.verdict.errorFree) updateMeasured(result);
  }
  return result.verdict.allHeld && result.verdict.agree ? 0 : 1;
}

runFarmBenchmark(main, { all, ns, watchdog });
