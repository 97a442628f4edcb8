// Farm arrival-rate benchmark: see the "Farm arrival rate" section of docs/BENCHMARKS.md.
// npm run bench:farm -- [--rate 2000] [--duration 30s] [--workers 4] [--server-procs 4]
//   [--session 1s] [--write-docs] [--note TEXT]
// The controller paces an open-model run at a fixed arrival rate across worker
// processes; short sessions (connect, login, a pause, close) keep few users alive.
// The figure is how close the arrivals the workers started come to the schedule's.
import { parseDuration } from '@loadfleet/config';
import type { Report } from '@loadfleet/report';
import type { FleetWorker, RunView } from './lib/farm-api.js';
import { rootPath } from './lib/paths.js';
import { cleanupNamespace, newNamespace, urls } from './scale/infra.js';
import {
  MAIN,
  coresBetween,
  killAll,
  sample,
  sleep,
  startChatServer,
  startController,
  startNode,
  runFarmBenchmark,
  type Node,
  type Sample,
} from './scale/procs.js';
import { appendToSection, commandLine } from './scale/report.js';
import { opt, log } from './lib/cli.js';

const argv = process.argv.slice(2);
const o = {
  rate: Number(opt('rate', 2000)),
  durationMs: parseDuration(opt('duration', '30s')),
  workers: Number(opt('workers', 4)),
  serverProcs: Number(opt('server-procs', 4)),
  sessionMs: parseDuration(opt('session', '1s')),
};
const note = opt('note', '');
const budgetS = o.durationMs / 1000 + 300;
const ns = newNamespace('farm');
const watchdog = setTimeout(() => {
  log(`benchmark exceeded its ${budgetS} s budget: stopping everything`);
  killAll();
  cleanupNamespace(ns).finally(() => process.exit(2));
}, budgetS * 1000);
const env = { REDIS_URL: urls.redisUrl, NATS_URL: urls.natsUrl, LOADFLEET_LOG_LEVEL: 'warn' };
const all: Node[] = [];

/** What one run measured (printed as JSON, rendered by markdown()). */
interface FarmResult {
  date: string;
  command: string;
  note: string;
  options: typeof o;
  state: RunView['state'];
  target: number | null;
  achieved: number;
  dropped: number;
  errorPct: number | null;
  perSecond: { mean: number; min: number; max: number; seconds: number };
  perWorker: { id: string; users: number }[];
  startLatenessP99Ms: number | null;
  saturatedSeconds: number;
  usersFailed: number;
  errors: number;
  cores: Record<'generator' | 'server' | 'controller', number>;
}

const scenario = (port: number) => `name: farm-arrival-rate
target: 127.0.0.1:${port}
timeouts: { connect: 10s, request: 10s }
load:
  model: open
  arrivals: uniform
  phases:
    - { name: steady, duration: ${o.durationMs}ms, rate: ${o.rate} }
sessions:
  - name: short
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: farm }
      - think: ${o.sessionMs}ms
      - close
`;

async function main() {
  const started = new Date();
  const server = await startChatServer(o.serverProcs, ['--log-level', 'warn'], budgetS);
  all.push(server);
  const nsArgs = ['--namespace', ns, '--log-level', 'warn'];
  const ctl = await startController([...nsArgs, '--graceful-stop', '15s'], env, budgetS);
  all.push(ctl, await startNode('aggregator', MAIN.aggregator, nsArgs, { env, budgetS }));
  const net = 20 + Math.floor(Math.random() * 230);
  const workers: Node[] = [];
  for (let i = 0; i < o.workers; i++) {
    const args = [...nsArgs, '--id', `${ns}-w${i}`, '--source-ips', `127.${net}.${i}.2-127.${net}.${i}.5`];
    workers.push(await startNode(`worker-${i}`, MAIN.worker, args, { env, budgetS }));
  }
  all.push(...workers);
  for (let i = 0; i < 150; i++) {
    const live = (await ctl.api<{ workers: FleetWorker[] }>('/v1/workers')).workers.filter(
      (w) => !w.lost && w.id.startsWith(ns),
    );
    if (live.length === o.workers) break;
    await sleep(200);
  }
  await sleep(2000);
  const pids = { generator: workers.map((w) => w.pid), server: server.pids, controller: [ctl.pid] };
  type Groups = Record<keyof typeof pids, Sample>;
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, sample(p)])) as Groups;
  const res = await fetch(`${ctl.url}/v1/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: scenario(server.port),
  });
  if (!res.ok) throw new Error(`submit: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  log(`run ${id}: ${o.rate} users/s for ${o.durationMs / 1000} s over ${o.workers} workers`);
  let run: RunView;
  for (;;) {
    await sleep(2000);
    run = await ctl.api<RunView>(`/v1/runs/${id}`);
    if (['done', 'stopped', 'aborted', 'failed', 'cancelled'].includes(run.state)) break;
    log(`${run.state}/${run.phase}: ${run.live?.arrivals ?? '-'} arrivals/s, ${run.live?.usersActive ?? '-'} active`);
  }
  const cpu1 = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, sample(p)])) as Groups;
  const report = await ctl.api<Report>(`/v1/runs/${id}/report.json`);
  const steady = report.timeline.filter((r) => r.t >= 1 && r.t < o.durationMs / 1000 - 1);
  const perSecond = steady.map((r) => r.arrivals.achieved);
  const mean = perSecond.reduce((a, b) => a + b, 0) / Math.max(1, perSecond.length);
  const target = report.arrivals.target;
  const achieved = report.arrivals.achieved;
  const result: FarmResult = {
    date: started.toISOString(),
    command: commandLine('bench:farm', argv),
    note,
    options: o,
    state: run.state,
    target,
    achieved,
    dropped: report.arrivals.dropped,
    errorPct: target ? ((achieved - target) / target) * 100 : null,
    perSecond: { mean, min: Math.min(...perSecond), max: Math.max(...perSecond), seconds: perSecond.length },
    perWorker: report.run.workers.map((w) => ({ id: w.id, users: w.users })),
    startLatenessP99Ms: report.health.startLatenessP99Ms,
    saturatedSeconds: report.health.secondsSaturated,
    usersFailed: report.totals.users.failed,
    errors: report.totals.errors.total,
    cores: Object.fromEntries(
      (Object.keys(pids) as (keyof typeof pids)[]).map((k) => [k, coresBetween(cpu0[k], cpu1[k])]),
    ) as Record<keyof typeof pids, number>,
  };
  console.log(JSON.stringify(result, null, 2));
  const md = markdown(result);
  console.error(md);
  if (argv.includes('--write-docs')) {
    appendToSection(rootPath('docs/BENCHMARKS.md'), '## Farm arrival rate', md);
  }
  return Math.abs(result.errorPct ?? 0) <= 1 ? 0 : 1;
}

const n = (x: number | null, d = 0) =>
  x === null ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
function markdown(r: FarmResult) {
  const shares = r.perWorker.map((w) => n(w.users)).join(' / ');
  return `### ${r.date.slice(0, 16).replace('T', ' ')} UTC — ${n(r.options.rate)} users/s over ${r.options.workers} workers

Command: \`${r.command}\`${r.note ? `. ${r.note}` : ''}

| figure | value |
|---|---|
| arrivals achieved / scheduled | ${n(r.achieved)} / ${n(r.target)} = **${n(r.errorPct, 2)} %** off; dropped ${n(r.dropped)} |
| per second in the steady part | mean ${n(r.perSecond.mean, 1)}, min ${n(r.perSecond.min)}, max ${n(r.perSecond.max)} over ${r.perSecond.seconds} s |
| users started per worker | ${shares} |
| user-start lateness p99 | ${n(r.startLatenessP99Ms, 1)} ms; saturated seconds ${n(r.saturatedSeconds)} |
| sessions failed, errors | ${n(r.usersFailed)}, ${n(r.errors)} |
| CPU (cores, whole run) | generator ${n(r.cores.generator, 2)}, chat server ${n(r.cores.server, 2)}, controller ${n(r.cores.controller, 2)} |
| run | ${r.state} |
`;
}

runFarmBenchmark(main, { all, ns, watchdog });
