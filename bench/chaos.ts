// Chaos benchmark: see "Soak and chaos" in docs/RELIABILITY.md.
// npm run bench:chaos -- [--users 100000] [--rate 500] [--hold 150s] [--hold-rate 20]
//   [--kill-worker-at 25s] [--kill-leader-at 60s] [--per-worker 18000] [--server-procs P]
//   [--workers W] [--act-every 300s] [--graceful-stop 10s] [--write-docs] [--note TEXT]
// The farm — a leader controller and a standby, an aggregator, worker processes and the
// multi-process chat server — holds --users (bench:scale's chat room, an open model: a
// ramp at --rate, then a hold with a trickle of --hold-rate arrivals so that a gap in
// the pacing has arrivals to lose). During the hold one worker process is SIGKILLed
// (--kill-worker-at, from the start of the hold), later the leader controller
// (--kill-leader-at). The run must end (done, or failed with a reason). The bench then
// says what was lost — the users that died with the worker, the arrivals written off
// for it and those dropped in the handover gap, the worker's stats seconds that never
// reached Redis — and whether the report's counts and the chat server's /stats agree
// once those are accounted for, kind by kind.
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { parseDuration } from '@loadfleet/config';
import { busNames } from '@loadfleet/bus';
import type { Report } from '@loadfleet/report';
import { decodeWindow, names, type StatsWindow } from '@loadfleet/stats';
import type { FleetWorker, RunView } from './lib/farm-api.js';
import { rootPath } from './lib/paths.js';
import type { ServerStats } from './lib/proc.js';
import { checkKernel, cleanupNamespace, newNamespace, urls } from './scale/infra.js';
import {
  MAIN,
  killAll,
  sleep,
  startChatServer,
  startController,
  startNode,
  runFarmBenchmark,
  type ChatServer,
  type Controller,
  type Node,
} from './scale/procs.js';
import { commandLine } from './scale/report.js';
import { opt, log } from './lib/cli.js';

const argv = process.argv.slice(2);
const base = {
  users: Number(opt('users', 100_000)),
  rate: Number(opt('rate', 500)),
  holdMs: parseDuration(opt('hold', '150s')),
  holdRate: Number(opt('hold-rate', 20)),
  killWorkerAtMs: parseDuration(opt('kill-worker-at', '25s')),
  killLeaderAtMs: parseDuration(opt('kill-leader-at', '60s')),
  perWorker: Number(opt('per-worker', 18_000)),
  actEvery: opt('act-every', '300s'),
  gracefulStopMs: parseDuration(opt('graceful-stop', '10s')),
  primaryNice: Number(opt('primary-nice', -10)),
};
const o = {
  ...base,
  workers: Number(opt('workers', Math.max(3, Math.ceil(base.users / base.perWorker)))),
  serverProcs: Number(opt('server-procs', Math.max(2, Math.ceil(base.users / 14_000)))),
  rampMs: Math.ceil((base.users / base.rate) * 1000),
};
if (!(o.killWorkerAtMs < o.killLeaderAtMs && o.killLeaderAtMs < o.holdMs))
  throw new Error('--kill-worker-at < --kill-leader-at < --hold, please');
const note = opt('note', '');
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

const budgetS = (o.rampMs + o.holdMs + o.gracefulStopMs) / 1000 + 480;
const ns = newNamespace('chaos');
const watchdog = setTimeout(() => {
  log(`benchmark exceeded its ${Math.round(budgetS)} s budget: stopping everything`);
  killAll();
  cleanupNamespace(ns).finally(() => process.exit(2));
}, budgetS * 1000);
const env = { REDIS_URL: urls.redisUrl, NATS_URL: urls.natsUrl, LOADFLEET_LOG_LEVEL: 'warn' };
const all: Node[] = [];
const ENDED: readonly string[] = ['done', 'stopped', 'aborted', 'failed', 'cancelled'];
/** Weights: even shares (the default, at most --per-worker each). */
const shares = Array.from({ length: o.workers }, () => Math.ceil(o.users / o.workers));

/** bench:scale's chat room (bench/scale/scenario.yaml) with a hold phase that keeps a trickle of arrivals. */
function scenario(port: number) {
  const rooms = Math.max(1, Math.round(o.users / 20));
  return `name: chaos-chatroom
target: 127.0.0.1:${port}
timeouts: { connect: 30s, request: 30s }
load:
  model: open
  arrivals: uniform
  phases:
    - { name: ramp, duration: ${o.rampMs}ms, rate: ${o.rate} }
    - { name: hold, duration: ${o.holdMs}ms, rate: ${o.holdRate} }
sessions:
  - name: member
    heartbeat: 30s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: chaos }
      - set: { room: 'room-{{random.int(1, ${rooms})}}' }
      - send: joinRoom
        fields: { room: '{{room}}' }
      - loop:
          duration: 1h
          steps:
            - think: { distribution: exponential, mean: ${o.actEvery}, min: 5s, max: 1h }
            - choice:
                - weight: 3
                  steps:
                    - send: like
                      fields: { room: '{{room}}', count: 1 }
                      wait: false
                - weight: 1
                  steps:
                    - send: chat
                      fields: { room: '{{room}}', text: 'hello room' }
      - close
`;
}

async function health(ctl: Controller) {
  try {
    return (await (await fetch(`${ctl.url}/healthz`)).json()) as { role?: 'leader' | 'follower' };
  } catch {
    return null;
  }
}

/** Polls `fn` every `everyMs` until it returns a truthy value or `ms` pass; returns it (or null). */
async function poll<T>(
  fn: () => Promise<T | null>,
  { ms, everyMs = 250 }: { ms: number; everyMs?: number },
): Promise<T | null> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() >= end) return null;
    await sleep(everyMs);
  }
}

/** The chat server's /stats; a busy server may answer "stats unavailable" for a moment: asked again. */
async function statsOf(server: ChatServer): Promise<ServerStats> {
  for (let i = 0; ; i++) {
    try {
      return await server.stats();
    } catch (err) {
      if (i >= 20) throw err;
      await sleep(500);
    }
  }
}

/** Server-side figures at one moment. */
interface ServerAt {
  at: number;
  open: number;
  accepted: number;
  closed: number;
}

async function serverAt(server: ChatServer): Promise<ServerAt> {
  const s = await statsOf(server);
  const closed = Object.values(s.connections.closed).reduce((a, b) => a + b, 0);
  return { at: Date.now(), open: s.connections.open, accepted: s.connections.accepted, closed };
}

/** Samples the chat server's open connections every 250 ms for `ms`; the lowest and the last. */
async function watchOpen(server: ChatServer, ms: number) {
  const seen: ServerAt[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    seen.push(await serverAt(server));
    await sleep(250);
  }
  return { min: Math.min(...seen.map((s) => s.open)), last: seen.at(-1)! };
}

/** The victim's own windows, as stored in Redis by the aggregator: its last second and its send rates. */
async function victimWindows(runId: string, workerId: string): Promise<{ second: number; window: StatsWindow }[]> {
  const keys = busNames(ns).redis;
  const redis = new Redis(urls.redisUrl, { maxRetriesPerRequest: 2 });
  try {
    const seconds = (await redis.zrange(keys.seconds(runId), 0, -1)).map(Number).sort((a, b) => a - b);
    const mine: { second: number; window: StatsWindow }[] = [];
    for (const s of seconds) {
      const buf = await redis.hgetBuffer(keys.windows(runId, s), workerId);
      if (buf) mine.push({ second: s, window: decodeWindow(new Uint8Array(buf)) });
    }
    return mine;
  } finally {
    redis.disconnect();
  }
}

const num = (m: string | null, re: RegExp): number => {
  const x = m?.match(re);
  return x ? Number(x[1]) : 0;
};

async function main() {
  const started = new Date();
  const load: Load = { start: loadavg() };
  const kernel = checkKernel(o.users);
  for (const c of kernel.changes) log(`sysctl: ${c}`);
  log(
    `namespace ${ns}; ${o.users} users over ${o.workers} workers, ${o.serverProcs} server processes; load average ${load.start.join(' ')}`,
  );
  const server = await startChatServer(
    o.serverProcs,
    ['--heartbeat-timeout', '120s', '--login-timeout', '60s', '--log-level', 'warn'],
    budgetS,
  );
  all.push(server);
  if (o.primaryNice !== 0) {
    // As bench:scale: the primary accepts every connection and relays room events between the processes.
    execFileSync('renice', ['-n', String(o.primaryNice), '-p', String(server.pids[0])], { stdio: 'ignore' });
  }
  const nsArgs = ['--namespace', ns, '--log-level', 'warn'];
  const ctlArgs = [...nsArgs, '--graceful-stop', `${o.gracefulStopMs}ms`];
  const leader = await startController(ctlArgs, env, budgetS);
  leader.name = 'controller-leader';
  all.push(leader);
  if ((await health(leader))?.role !== 'leader') throw new Error('the first controller does not lead');
  const standby = await startController(ctlArgs, env, budgetS);
  standby.name = 'controller-standby';
  all.push(standby);
  if ((await health(standby))?.role !== 'follower') throw new Error('the second controller does not follow');
  const agg = await startNode('aggregator', MAIN.aggregator, nsArgs, { env, budgetS });
  all.push(agg);
  const net = 20 + Math.floor(Math.random() * 230);
  const workers: Node[] = [];
  for (let i = 0; i < o.workers; i++) {
    const ips = `127.${net}.${i}.2-127.${net}.${i}.9`;
    const args = [...nsArgs, '--id', `${ns}-w${i}`, '--weight', String(shares[i]), '--source-ips', ips];
    workers.push(await startNode(`worker-${i}`, MAIN.worker, args, { env, budgetS }));
  }
  all.push(...workers);
  const fleet = await poll(
    async () => {
      const live = (await standby.api<{ workers: FleetWorker[] }>('/v1/workers')).workers.filter(
        (w) => !w.lost && w.id.startsWith(ns),
      );
      return live.length === o.workers ? live : null;
    },
    { ms: 30_000, everyMs: 200 },
  );
  if (!fleet) throw new Error(`not all ${o.workers} workers joined`);

  const res = await fetch(`${leader.url}/v1/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: scenario(server.port),
  });
  if (!res.ok) throw new Error(`submit: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  const run0 = await poll(
    async () => {
      const r = await standby.api<RunView>(`/v1/runs/${id}`);
      return r.startedAt ? r : null;
    },
    { ms: 60_000 },
  );
  if (!run0) throw new Error('the run never started');
  // The run record's times are ISO strings (or epoch ms).
  const holdAt = new Date(run0.startedAt ?? NaN).getTime() + o.rampMs;
  if (!Number.isFinite(holdAt)) throw new Error(`run ${id}: no start time in ${JSON.stringify(run0.startedAt)}`);
  log(`run ${id}: ramp ${o.rampMs / 1000} s at ${o.rate}/s, hold ${o.holdMs / 1000} s at ${o.holdRate}/s`);

  const waitUntil = async (t: number, what: string) => {
    while (Date.now() < t) {
      const r = await standby.api<RunView>(`/v1/runs/${id}`);
      if (ENDED.includes(r.state)) throw new Error(`run ended ${r.state} before ${what}: ${r.stopReason ?? ''}`);
      await sleep(Math.min(5000, Math.max(0, t - Date.now())));
    }
  };

  // --- the worker ---
  await waitUntil(holdAt + o.killWorkerAtMs, 'the worker kill');
  const victim = workers[0]!;
  const victimId = `${ns}-w0`;
  if (victim.pid === null) throw new Error(`worker ${victimId} has no pid`);
  const beforeKill = await serverAt(server);
  const victimInfo = (await standby.api<{ workers: FleetWorker[] }>('/v1/workers')).workers.find(
    (w) => w.id === victimId,
  );
  const victimUsers = victimInfo?.runs.find((r) => r.runId === id)?.activeUsers ?? null;
  load.workerKill = loadavg();
  process.kill(victim.pid, 'SIGKILL');
  const workerKilledAt = Date.now();
  log(
    `SIGKILL worker ${victimId} (pid ${victim.pid}): it held ${victimUsers} users; server open ${beforeKill.open}; load ${load.workerKill.join(' ')}`,
  );
  const noticed = await poll(
    async () => {
      const w = (await standby.api<{ workers: FleetWorker[] }>('/v1/workers')).workers.find((x) => x.id === victimId);
      return w?.lost ? Date.now() : null;
    },
    { ms: 20_000, everyMs: 100 },
  );
  const afterKill = await watchOpen(server, 5000);
  const workerLoss: WorkerLoss = {
    heldBefore: victimUsers,
    noticedAfterMs: noticed ? noticed - workerKilledAt : null,
    serverOpenBefore: beforeKill.open,
    serverOpenAfter: afterKill.last.open,
    serverClosedMeanwhile: afterKill.last.closed - beforeKill.closed,
  };
  log(`worker loss: ${JSON.stringify(workerLoss)}`);

  // --- the leader ---
  await waitUntil(holdAt + o.killLeaderAtMs, 'the leader kill');
  if (leader.pid === null) throw new Error('the leader controller has no pid');
  const beforeLeader = await serverAt(server);
  load.leaderKill = loadavg();
  process.kill(leader.pid, 'SIGKILL');
  const leaderKilledAt = Date.now();
  log(
    `SIGKILL leader controller (pid ${leader.pid}); server open ${beforeLeader.open}; load ${load.leaderKill.join(' ')}`,
  );
  const gapSamples: number[] = [];
  const tookOver = await poll(
    async () => {
      gapSamples.push((await serverAt(server)).open);
      return (await health(standby))?.role === 'leader' ? Date.now() : null;
    },
    { ms: 60_000, everyMs: 200 },
  );
  const afterLeader = await watchOpen(server, 5000);
  const handover: Handover = {
    tookOverAfterMs: tookOver ? tookOver - leaderKilledAt : null,
    serverOpenBefore: beforeLeader.open,
    serverOpenMinDuringGap: Math.min(...gapSamples, afterLeader.min),
    serverOpenAfter: afterLeader.last.open,
  };
  log(`handover: ${JSON.stringify(handover)}`);

  // --- the end ---
  let run: RunView;
  for (;;) {
    run = await standby.api<RunView>(`/v1/runs/${id}`);
    if (ENDED.includes(run.state)) break;
    await sleep(2000);
  }
  load.end = loadavg();
  log(`run ${run.state}${run.stopReason ? ` (${run.stopReason})` : ''}; load ${load.end.join(' ')}`);
  const report = await poll(
    async () => {
      try {
        return await standby.api<Report>(`/v1/runs/${id}/report.json`);
      } catch {
        return null;
      }
    },
    { ms: 120_000, everyMs: 1000 },
  );
  if (!report) throw new Error('no report');
  const stats = await statsOf(server);
  const vw = await victimWindows(id, victimId);
  return finish({ started, run, report, stats, vw, workerKilledAt, leaderKilledAt, workerLoss, handover, load });
}

/** The load average (1, 5, 15 min) at the start, at each kill and at the end. */
interface Load {
  start: number[];
  workerKill?: number[];
  leaderKill?: number[];
  end?: number[];
}

/** The killed worker: its users, when the controller noticed, the chat server's open connections around it. */
interface WorkerLoss {
  heldBefore: number | null;
  noticedAfterMs: number | null;
  serverOpenBefore: number;
  serverOpenAfter: number;
  serverClosedMeanwhile: number;
}

/** The leader's SIGKILL: when the standby led, the chat server's open connections around it. */
interface Handover {
  tookOverAfterMs: number | null;
  serverOpenBefore: number;
  serverOpenMinDuringGap: number;
  serverOpenAfter: number;
}

/** What main() measured, for finish(). */
interface Measured {
  started: Date;
  run: RunView;
  report: Report;
  stats: ServerStats;
  vw: { second: number; window: StatsWindow }[];
  workerKilledAt: number;
  leaderKilledAt: number;
  workerLoss: WorkerLoss;
  handover: Handover;
  load: Load;
}

/** One request kind: the chat server's count against the report's. */
interface KindRow {
  kind: string;
  server: number;
  sent: number;
  answered: number;
  timedOut: number;
  unansweredAtClose: number;
  notFollowed: number;
  notSent: number;
  serverMinusSent: number;
  victimTailEstimate: number;
  victimTailUpper: number;
  equation: boolean;
  explained: boolean;
}

/** What one run measured (finish()'s JSON). */
interface ChaosResult {
  date: string;
  command: string;
  node: string;
  note: string;
  options: typeof o;
  load: Load;
  state: RunView['state'];
  stopReason: string | null;
  workerLoss: WorkerLoss & { sessionsDiedPerNote: number };
  handover: Handover;
  dropped: { total: number; writtenOff: number; handoverGap: number; gapSeconds: number };
  arrivals: { scheduled: number; started: number; dropped: number; unaccounted: number };
  records: {
    victimLastSecond: string | null;
    secondsMissing: number | null;
    bufferedRecordsLost: number;
    namedByAggregator: boolean;
  };
  totals: { failed: number; errors: Record<string, number>; peakActive: number };
  kinds: KindRow[];
  replies: { kind: string; server: number; received: number; diff: number }[];
  conn: {
    serverAccepted: number;
    reportEstablished: number;
    serverLogins: number;
    reportLoggedIn: number;
    victimConnectRate: { mean: number; max: number };
  };
  notes: string[];
}

function finish({
  started,
  run,
  report,
  stats,
  vw,
  workerKilledAt,
  leaderKilledAt,
  workerLoss,
  handover,
  load,
}: Measured): number {
  const t = report.totals;
  const notes = report.notes;
  // The victim's own note (the last for it: on a busy box live workers may be declared lost and come back).
  const lostNote = notes.findLast((x) => x.startsWith(`worker ${ns}-w0 lost at`)) ?? null;
  const gapNote = notes.find((x) => /\(lost\): its stats end/.test(x)) ?? null;
  const handoverNote = notes.find((x) => x.startsWith('controller handover')) ?? null;

  // The victim's stats: its last recorded second and what it sent per second before.
  const lastSecond = vw.length ? vw.at(-1)!.second : null;
  const missingS = lastSecond === null ? null : workerKilledAt / 1000 - (lastSecond + 1);
  const recent = vw.slice(-10);
  const rateOf = (counter: string) => {
    const xs = recent.map((w) => w.window.counters[counter] ?? 0);
    return { mean: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0, max: xs.length ? Math.max(...xs) : 0 };
  };
  const tailSeconds = missingS === null ? 0 : Math.max(0, Math.ceil(missingS));

  // Kind by kind: the server received R; the report sent S = answered + timed out + unanswered at close + not
  // followed to an end (the victim's in flight at its last record). The victim's sends after its last record
  // are in R and nowhere in the report: at most its busiest recent second per missing second.
  const kinds: KindRow[] = [];
  for (const [kind, received] of Object.entries(stats.messagesIn)) {
    const sent = t.messages.out[kind] ?? 0;
    if (sent === 0 && received === 0) continue;
    const q = t.requests[kind] ?? { sent, answered: 0, timedOut: 0, unansweredAtClose: 0, unaccounted: sent };
    const tail = rateOf(names.msgOut(kind));
    const tailUpper = tail.max * tailSeconds;
    const explained =
      q.answered <= received && received <= sent + tailUpper && received - q.answered <= sent - q.answered + tailUpper;
    kinds.push({
      kind,
      server: received,
      sent,
      answered: q.answered,
      timedOut: q.timedOut,
      unansweredAtClose: q.unansweredAtClose,
      notFollowed: q.unaccounted,
      notSent: t.messages.notSent[kind] ?? 0,
      serverMinusSent: received - sent,
      victimTailEstimate: Math.round(tail.mean * (missingS ?? 0)),
      victimTailUpper: tailUpper,
      equation: q.sent === q.answered + q.timedOut + q.unansweredAtClose + q.unaccounted,
      explained,
    });
  }
  const replies = Object.entries(stats.repliesOut)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => ({
      kind,
      server: n,
      received: t.messages.in[kind] ?? 0,
      diff: n - (t.messages.in[kind] ?? 0),
    }));
  const conn = {
    serverAccepted: stats.connections.accepted,
    reportEstablished: t.connections.established,
    serverLogins: stats.logins,
    reportLoggedIn: t.users.loggedIn,
    victimConnectRate: rateOf(names.CONN_ESTABLISHED),
  };
  const dropped = {
    total: t.users.dropped,
    writtenOff: num(lostNote, /(\d+) arrivals granted to it and not started/),
    handoverGap: num(handoverNote, /; (\d+) arrivals intended from/),
    gapSeconds: num(handoverNote, /no grants for ([\d.]+) s/),
  };
  const scheduled = report.arrivals.target ?? o.users + Math.round((o.holdRate * o.holdMs) / 1000);
  const result: ChaosResult = {
    date: started.toISOString(),
    command: commandLine('bench:chaos', argv),
    node: process.version,
    note,
    options: o,
    load,
    state: run.state,
    stopReason: run.stopReason ?? null,
    workerLoss: { ...workerLoss, sessionsDiedPerNote: num(lostNote, /: (\d+) sessions died with it/) },
    handover,
    dropped,
    arrivals: {
      scheduled,
      started: t.users.started,
      dropped: t.users.dropped,
      unaccounted: scheduled - t.users.started - t.users.dropped,
    },
    records: {
      victimLastSecond: lastSecond === null ? null : new Date(lastSecond * 1000).toISOString(),
      secondsMissing: missingS === null ? null : Number(missingS.toFixed(2)),
      bufferedRecordsLost: num(lostNote, /(\d+) stats records it had not written/),
      namedByAggregator: gapNote !== null,
    },
    totals: { failed: t.users.failed, errors: t.errors.byKind, peakActive: t.users.peakActive },
    kinds,
    replies,
    conn,
    notes,
  };
  console.log(JSON.stringify(result, null, 2));
  const md = markdown(result);
  console.error(md);
  if (argv.includes('--write-docs')) appendToChaos(rootPath('docs/RELIABILITY.md'), md);
  const ended = ENDED.includes(run.state) && (run.state === 'done' || Boolean(run.stopReason));
  void workerKilledAt;
  void leaderKilledAt;
  return ended && kinds.every((k) => k.explained && k.equation) ? 0 : 1;
}

/** Appends an entry at the end of the "### Chaos" subsection (before the next ### or ## heading). */
function appendToChaos(path: string, entry: string): void {
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf('\n### Chaos\n');
  if (start < 0) throw new Error(`${path} has no "### Chaos" heading`);
  const after = doc.slice(start + 1).search(/\n##+ /);
  const end = after < 0 ? doc.length : start + 1 + after + 1;
  writeFileSync(path, `${doc.slice(0, end).trimEnd()}\n\n${entry.trim()}\n${after < 0 ? '' : `\n${doc.slice(end)}`}`);
}

const n = (x: number | null | undefined, d = 0) =>
  x === null || x === undefined
    ? '–'
    : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function markdown(r: ChaosResult) {
  const w = r.workerLoss;
  const h = r.handover;
  const rows = r.kinds
    .map(
      (k) =>
        `| ${k.kind} | ${n(k.server)} | ${n(k.sent)} | ${n(k.answered)} | ${n(k.timedOut)} | ${n(k.unansweredAtClose)} | ${n(k.notFollowed)} | ${n(k.notSent)} | ${n(k.serverMinusSent)} | ${n(k.victimTailEstimate)} (≤ ${n(k.victimTailUpper)}) | ${k.equation && k.explained ? 'yes' : 'NO'} |`,
    )
    .join('\n');
  return `#### ${r.date.slice(0, 16).replace('T', ' ')} UTC — ${n(r.options.users)} users, a worker and the leader killed

Command: \`${r.command}\` (${r.options.workers} worker processes, ${r.options.serverProcs} chat server processes, Node ${r.node}; load average at the start ${r.load.start.join(' ')}, at the worker kill ${r.load.workerKill?.join(' ')}, at the leader kill ${r.load.leaderKill?.join(' ')}, at the end ${r.load.end?.join(' ')})${r.note ? `. ${r.note}` : ''}

Run **${r.state}**${r.stopReason ? ` (${r.stopReason})` : ''}; ${n(r.totals.failed)} sessions failed; peak active ${n(r.totals.peakActive)}.

| what was lost | figure |
|---|---|
| users that died with the killed worker | ${n(w.heldBefore)} held by it (its heartbeat); the note: ${n(w.sessionsDiedPerNote)} sessions died with it; chat server: open ${n(w.serverOpenBefore)} → ${n(w.serverOpenAfter)}, ${n(w.serverClosedMeanwhile)} closed within 5 s |
| noticed lost after | ${w.noticedAfterMs === null ? 'never' : `${n(w.noticedAfterMs / 1000, 1)} s`} |
| arrivals written off with it (granted, not started) | ${n(r.dropped.writtenOff)} |
| handover | standby led ${h.tookOverAfterMs === null ? 'never' : `${n(h.tookOverAfterMs / 1000, 1)} s`} after the SIGKILL; no grants for ${n(r.dropped.gapSeconds, 1)} s (report note) |
| users held through the handover | chat server open ${n(h.serverOpenBefore)} before, lowest ${n(h.serverOpenMinDuringGap)} during the gap, ${n(h.serverOpenAfter)} after |
| arrivals dropped in the handover gap | ${n(r.dropped.handoverGap)} |
| arrivals | ${n(r.arrivals.scheduled)} scheduled: ${n(r.arrivals.started)} started + ${n(r.arrivals.dropped)} dropped; ${n(r.arrivals.unaccounted)} neither |
| stats records missing | the killed worker's last stored second ${r.records.victimLastSecond ?? '–'}; ${n(r.records.secondsMissing, 2)} s of its stats before the kill never reached Redis; buffered records lost ${n(r.records.bufferedRecordsLost)}; the report names the missing second: ${r.records.namedByAggregator ? 'yes' : 'NO'} |

Report against the chat server's /stats, by request kind (sent = answered + timed out + unanswered at close + not
followed to an end; the server's count is explained when answered ≤ server ≤ sent + the killed worker's sends after its
last record, bounded by its busiest recent second per missing second):

| kind | server received | report sent | answered | timed out | unanswered at close | not followed to an end | not sent | server − sent | killed worker's unrecorded sends, est. | explained |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
${rows}

Replies the server wrote that no recorded user counted: ${r.replies.map((x) => `${x.kind} ${n(x.diff)}`).join(', ')}. Connections: server accepted ${n(r.conn.serverAccepted)}, report established ${n(r.conn.reportEstablished)}; logins: server ${n(r.conn.serverLogins)}, report ${n(r.conn.reportLoggedIn)}.

Notes of the report: ${r.notes.map((x) => `“${x}”`).join('; ')}
`;
}

runFarmBenchmark(main, { all, ns, watchdog });
