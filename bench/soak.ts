// Soak benchmark: see the "Soak" section of docs/RELIABILITY.md.
// npm run bench:soak -- [--users 20000] [--duration 60m] [--workers 2] [--server-procs 2]
//   [--sample 60s] [--write-docs] [--note TEXT]
// A closed-model chat room held through the farm (controller, aggregator, workers)
// for a long time. Every --sample the RSS and CPU of each farm process are read; the
// figures per 10 minutes say whether memory stays flat. At the end the report's counts
// are compared with the chat server's /stats, kind by kind: they must be equal.
import { parseDuration } from '@loadfleet/config';
import type { Report } from '@loadfleet/report';
import type { FleetWorker, RunView } from './lib/farm-api.js';
import { rootPath } from './lib/paths.js';
import type { ServerStats } from './lib/proc.js';
import { cleanupNamespace, newNamespace, urls } from './scale/infra.js';
import {
  MAIN,
  killAll,
  rssBytes,
  cpuSeconds,
  sleep,
  startChatServer,
  startController,
  startNode,
  runFarmBenchmark,
  type Node,
} from './scale/procs.js';
import { appendToSection, commandLine } from './scale/report.js';
import { opt, log } from './lib/cli.js';

const argv = process.argv.slice(2);
const o = {
  users: Number(opt('users', 20000)),
  durationMs: parseDuration(opt('duration', '60m')),
  workers: Number(opt('workers', 2)),
  serverProcs: Number(opt('server-procs', 2)),
  sampleMs: parseDuration(opt('sample', '60s')),
  rampMs: parseDuration(opt('ramp', '60s')),
};
const note = opt('note', '');
const budgetS = (o.rampMs + o.durationMs) / 1000 + 400;
const ns = newNamespace('soak');
const watchdog = setTimeout(() => {
  log(`benchmark exceeded its ${budgetS} s budget: stopping everything`);
  killAll();
  cleanupNamespace(ns).finally(() => process.exit(2));
}, budgetS * 1000);
const env = { REDIS_URL: urls.redisUrl, NATS_URL: urls.natsUrl, LOADFLEET_LOG_LEVEL: 'warn' };
const all: Node[] = [];

// bench:scale's chat room (30 s heartbeats, an action every ~2 min, rooms of ~20), held.
const scenario = (port: number) => `name: soak-chatroom
target: 127.0.0.1:${port}
timeouts: { connect: 30s, request: 30s }
load: { model: closed, users: ${o.users}, rampUp: ${o.rampMs}ms, hold: ${o.durationMs}ms, rampDown: 20s }
sessions:
  - name: member
    heartbeat: 30s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: soak }
      - set: { room: 'room-{{random.int(1, ${Math.max(1, Math.round(o.users / 20))})}}' }
      - send: joinRoom
        fields: { room: '{{room}}' }
      - loop:
          duration: 24h
          steps:
            - think: { distribution: exponential, mean: 2m, min: 5s, max: 1h }
            - choice:
                - weight: 3
                  steps:
                    - send: like
                      fields: { room: '{{room}}', count: 1 }
                - weight: 1
                  steps:
                    - send: chat
                      fields: { room: '{{room}}', text: 'hello room' }
      - close
`;

/**
 * Report ↔ /stats, as in test/e2e/wires.test.ts. Logins, connections, requests and
 * replies must be equal. A push the server wrote to a user that was closing at the end
 * is never read: events may fall short by those, never exceed the server's count.
 */
/** [what, the report's count, the server's, how they must compare]. */
type Pair = [string, number, number, 'equal' | 'atMost'];

function countPairs(report: Report, stats: ServerStats): Pair[] {
  const t = report.totals;
  const out: Pair[] = [
    ['logins', t.users.loggedIn, stats.logins, 'equal'],
    ['connections', t.connections.established, stats.connections.accepted, 'equal'],
  ];
  for (const [k, n] of Object.entries(stats.messagesIn)) out.push([`sent ${k}`, t.messages.out[k] ?? 0, n, 'equal']);
  for (const [k, n] of Object.entries(stats.repliesOut)) out.push([`reply ${k}`, t.messages.in[k] ?? 0, n, 'equal']);
  for (const [k, n] of Object.entries(stats.eventsOut))
    out.push([`event ${k}`, t.messages.events[k] ?? 0, n, 'atMost']);
  return out;
}
const holds = ([, report, server, rule]: Pair) => (rule === 'equal' ? report === server : report <= server);

const MiB = 1024 * 1024;
type Group = 'generator' | 'controller' | 'aggregator' | 'server';
/** RSS and CPU seconds of each process group at `at` (epoch ms). */
type Sample = { at: number } & Record<Group, { rss: number; cpu: number }>;

function sampleAll(groups: Record<Group, (number | null)[]>): Sample {
  const s = { at: Date.now() } as Sample;
  for (const [name, pids] of Object.entries(groups) as [Group, (number | null)[]][]) {
    // A pid of null (never started) reads as 0, as /proc/null would.
    s[name] = {
      rss: pids.reduce((a: number, p) => a + (p === null ? 0 : rssBytes(p)), 0),
      cpu: pids.reduce((a: number, p) => a + (p === null ? 0 : cpuSeconds(p)), 0),
    };
  }
  return s;
}

async function main() {
  const started = new Date();
  const server = await startChatServer(o.serverProcs, ['--log-level', 'warn', '--heartbeat-timeout', '120s'], budgetS);
  all.push(server);
  const nsArgs = ['--namespace', ns, '--log-level', 'warn'];
  const ctl = await startController([...nsArgs, '--graceful-stop', '30s'], env, budgetS);
  const agg = await startNode('aggregator', MAIN.aggregator, nsArgs, { env, budgetS });
  all.push(ctl, agg);
  const net = 20 + Math.floor(Math.random() * 230);
  const workers: Node[] = [];
  for (let i = 0; i < o.workers; i++) {
    const args = [...nsArgs, '--id', `${ns}-w${i}`, '--source-ips', `127.${net}.${i}.2-127.${net}.${i}.9`];
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
  const groups: Record<Group, (number | null)[]> = {
    generator: workers.map((w) => w.pid),
    controller: [ctl.pid],
    aggregator: [agg.pid],
    server: server.pids,
  };
  const res = await fetch(`${ctl.url}/v1/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: scenario(server.port),
  });
  if (!res.ok) throw new Error(`submit: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  log(`run ${id}: ${o.users} users held ${o.durationMs / 60000} min over ${o.workers} workers`);
  const samples: (Sample & { active: number | null; serverOpen: number })[] = [];
  let run: RunView;
  let nextSample = Date.now() + o.rampMs + 30_000;
  for (;;) {
    await sleep(2000);
    run = await ctl.api<RunView>(`/v1/runs/${id}`);
    if (['done', 'stopped', 'aborted', 'failed', 'cancelled'].includes(run.state)) break;
    if (Date.now() >= nextSample && run.phase === 'hold') {
      nextSample += o.sampleMs;
      const st = await server.stats();
      const s = { ...sampleAll(groups), active: run.live?.usersActive ?? null, serverOpen: st.connections.open };
      samples.push(s);
      log(
        `${run.state}/${run.phase}: ${s.active} active, server open ${s.serverOpen}; RSS MiB gen ${(s.generator.rss / MiB).toFixed(0)}` +
          ` ctl ${(s.controller.rss / MiB).toFixed(0)} agg ${(s.aggregator.rss / MiB).toFixed(0)} server ${(s.server.rss / MiB).toFixed(0)}`,
      );
    }
  }
  const report = await ctl.api<Report>(`/v1/runs/${id}/report.json`);
  const stats = await server.stats();
  const pairs = countPairs(report, stats);
  const unequal = pairs.filter((p) => !holds(p));
  const eventsUnread = pairs.filter((p) => p[3] === 'atMost').reduce((a, [, r, sv]) => a + sv - r, 0);
  const result: SoakResult = {
    date: started.toISOString(),
    command: commandLine('bench:soak', argv),
    note,
    options: o,
    state: run.state,
    verdict: report.verdict ?? null,
    pairs,
    unequal,
    eventsUnread,
    samples,
    errors: report.totals.errors.total,
    usersFailed: report.totals.users.failed,
  };
  console.log(JSON.stringify({ ...result, samples: samples.length }, null, 2));
  const md = markdown(result);
  console.error(md);
  if (argv.includes('--write-docs')) {
    appendToSection(rootPath('docs/RELIABILITY.md'), '### Soak', md);
  }
  return unequal.length === 0 && run.state === 'done' ? 0 : 1;
}

const n = (x: number | null | undefined, d = 0) =>
  x === null || x === undefined
    ? '–'
    : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** One row per 10 minutes of the hold (the sample nearest each mark), then the last one. */
function tenMinuteRows(samples: SoakResult['samples']): string[] {
  if (samples.length === 0) return [];
  const t0 = samples[0]!.at;
  const rows: SoakResult['samples'] = [];
  for (let mark = 0; ; mark += 600_000) {
    const s = samples.find((x) => x.at - t0 >= mark);
    if (!s) break;
    rows.push(s);
  }
  if (rows.at(-1) !== samples.at(-1)) rows.push(samples.at(-1)!);
  return rows.map((s, i) => {
    const prev = i > 0 ? rows[i - 1]! : null;
    const cores = (k: Group) => (prev ? (s[k].cpu - prev[k].cpu) / ((s.at - prev.at) / 1000) : null);
    return `| ${n((s.at - t0) / 60000, 0)} | ${n(s.active)} | ${n(s.serverOpen)} | ${n(s.generator.rss / MiB, 1)} | ${n(s.controller.rss / MiB, 1)} | ${n(s.aggregator.rss / MiB, 1)} | ${n(s.server.rss / MiB, 1)} | ${n(cores('generator'), 2)} | ${n(cores('controller'), 3)} | ${n(cores('aggregator'), 3)} |`;
  });
}

/** What one run measured (main()'s result). */
interface SoakResult {
  date: string;
  command: string;
  note: string;
  options: typeof o;
  state: RunView['state'];
  verdict: Report['verdict'] | null;
  pairs: Pair[];
  unequal: Pair[];
  eventsUnread: number;
  samples: (Sample & { active: number | null; serverOpen: number })[];
  errors: number;
  usersFailed: number;
}

function markdown(r: SoakResult) {
  const equal = r.pairs.length - r.unequal.length;
  return `#### ${r.date.slice(0, 16).replace('T', ' ')} UTC — ${n(r.options.users)} users held ${n(r.options.durationMs / 60000)} min

Command: \`${r.command}\`${r.note ? `. ${r.note}` : ''}

Run ${r.state}; ${n(r.usersFailed)} sessions failed, ${n(r.errors)} errors. Report against the chat server's
/stats: **${equal} of ${r.pairs.length}** counts as they must be (logins, connections, requests and replies by kind
equal; pushes by kind at most the server's)${
    r.unequal.length ? `; NOT: ${r.unequal.map(([k, a, b]) => `${k} ${n(a)} vs ${n(b)}`).join(', ')}` : ''
  }. Pushes written to users that were closing at the end, never read: ${n(r.eventsUnread)}.

| minute of the hold | users active | server open | generator RSS MiB | controller RSS MiB | aggregator RSS MiB | chat server RSS MiB | generator cores | controller cores | aggregator cores |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${tenMinuteRows(r.samples).join('\n')}
`;
}

runFarmBenchmark(main, { all, ns, watchdog });
