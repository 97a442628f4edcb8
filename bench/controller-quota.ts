// Benchmark of the controller's quota path: how many QuotaRequests -> QuotaGrants
// it answers per second, for a fleet of 1,000 workers (each asks every 250 ms,
// so 1,000 workers need 4,000 answers/s).
//
//   Part 1: the QuotaAllocator in this process, on a virtual clock (pure CPU).
//   Part 2: the same allocator behind the controller's NATS wiring (NatsRunBus:
//           decode, allocate, encode, respond) in a child process, with 1,000
//           simulated workers on several client connections: first as fast as
//           they can (throughput), then paced as real workers ask (latency).
//
//   npm run bench:controller                    print the tables
//   npm run bench:controller -- --write-docs    also refresh the "controller" section of docs/BENCHMARKS.md
//   NATS_URL=nats://host:4222 BENCH_RUNS=7 ...  another server / more runs
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { busNames, codecs } from '@loadfleet/bus';
import { ControllerMetrics, QuotaAllocator } from '@loadfleet/controller';
import { parseScenario, type LoadModel, type Plan } from '@loadfleet/scenario';
import { connect } from 'nats';
import { rootPath } from './lib/paths.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const DOCS = rootPath('docs/BENCHMARKS.md');
const WORKERS = 1000;
const INTERVAL_MS = 250;

/** The rest of a plan (target, protocol, …): the allocator reads only the load and the session weights. */
const BASE = parseScenario(
  'name: bench\ntarget: 127.0.0.1:9\nload: { phases: [{ duration: 1s, rate: 1 }] }\nsessions: [{ name: s, steps: [connect] }]\n',
);
const plan = (load: LoadModel): Plan => ({
  ...BASE,
  name: 'bench',
  sourceHash: 'x',
  timeouts: { connectMs: 1000, requestMs: 1000 },
  load,
  sessions: [{ name: 's', weight: 1, heartbeatMs: 0, reconnect: null, steps: [] }],
  maxFrameBytes: 65536,
});
const open = (rate: number, maxUsers = 0) =>
  plan({
    model: 'open',
    arrivals: 'uniform',
    maxUsers,
    phases: [{ name: 'p', durationMs: 3_600_000, fromRate: rate, toRate: rate, sessionWeights: null }],
  });
const closed = (users: number) =>
  plan({ model: 'closed', users, rampUpMs: 10_000, holdMs: 3_600_000, rampDownMs: 0, maxUsers: 0 });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const n = (x: number) => Math.round(x).toLocaleString('en-US');

// ---------------------------------------------------------------- part 1

/** 1,000 workers asking every 250 ms over `virtualMs` of virtual time; wall time measured. */
function inProcess(p: Plan, workers: number, virtualMs: number) {
  const start = 1_700_000_000_000;
  const alloc = new QuotaAllocator(p, { startAt: start });
  const active = new Float64Array(workers);
  const ids = Array.from({ length: workers }, (_, i) => `worker-${i}`);
  let requests = 0;
  let grants = 0;
  let users = 0;
  const t0 = process.hrtime.bigint();
  // Each worker asks at its own offset within every 250 ms; step 1 ms.
  for (let t = start - 1000; t < start + virtualMs; t++) {
    const slot = (t - start + 1000) % INTERVAL_MS;
    for (let w = slot; w < workers; w += INTERVAL_MS) {
      const g = alloc.request({ workerId: ids[w]!, freeCapacity: 1_000_000, weight: 1, activeUsers: active[w]! }, t);
      requests++;
      if (g.count > 0) {
        grants++;
        users += g.count;
        active[w]! += g.count;
      }
      if (g.stopUsers > 0) active[w]! -= g.stopUsers;
    }
    if (slot === 0) alloc.settle(t);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { requests, grants, users, seconds, dropped: alloc.stats.dropped };
}

function part1() {
  const cases = [
    { name: 'open, 4,000 users/s, 1,000 workers', p: open(4000), workers: WORKERS },
    { name: 'open, 40,000 users/s, 1,000 workers', p: open(40_000), workers: WORKERS },
    { name: 'open, 4,000 users/s, maxUsers 100,000, 1,000 workers', p: open(4000, 100_000), workers: WORKERS },
    { name: 'closed, 100,000 users, 1,000 workers', p: closed(100_000), workers: WORKERS },
    { name: 'open, 40,000 users/s, 10,000 workers', p: open(40_000), workers: 10_000 },
  ];
  inProcess(open(4000), WORKERS, 5000); // warm-up
  return cases.map((c) => {
    const results = Array.from({ length: RUNS }, () => inProcess(c.p, c.workers, 30_000));
    const r = results[0]!;
    const perSec = median(results.map((x) => x.requests / x.seconds));
    return {
      name: c.name,
      requests: r.requests,
      grants: r.grants,
      users: r.users,
      dropped: r.dropped,
      perSec,
      usPerReq: 1e6 / perSec,
    };
  });
}

// ---------------------------------------------------------------- part 2: the controller side, in a child

async function serve(namespace: string, runId: string) {
  const { NatsRunBus } = await import('@loadfleet/controller-service');
  const names = busNames(namespace);
  const nc = await connect({ servers: NATS_URL, name: 'bench-controller' });
  const kv = await nc.jetstream().views.kv(names.runsBucket);
  const log = { info() {}, warn() {}, error() {} };
  const bus = new NatsRunBus(nc, kv, names, new ControllerMetrics(), log);
  const alloc = new QuotaAllocator(open(40_000), { startAt: Date.now() });
  let requests = 0;
  await bus.attach(runId, {
    quota: (ask) => {
      requests++;
      return alloc.request(ask, Date.now());
    },
    workerDone() {},
    live() {},
    reportReady() {},
  });
  let cpu = process.cpuUsage();
  let wall = process.hrtime.bigint();
  process.on('message', (m: unknown) => {
    if (m === 'mark') {
      cpu = process.cpuUsage();
      wall = process.hrtime.bigint();
      requests = 0;
    } else if (m === 'read') {
      const used = process.cpuUsage(cpu);
      const seconds = Number(process.hrtime.bigint() - wall) / 1e9;
      process.send!({ requests, seconds, cpuPct: ((used.user + used.system) / 1e6 / seconds) * 100 });
    } else if (m === 'exit') void nc.close().then(() => process.exit(0));
  });
  process.send!('ready');
}

// ---------------------------------------------------------------- part 2: the workers, here

async function clients(namespace: string, runId: string, connections: number) {
  const names = busNames(namespace);
  const conns = await Promise.all(
    Array.from({ length: connections }, (_, i) => connect({ servers: NATS_URL, name: `bench-workers-${i}` })),
  );
  const subject = names.subjects.quota(runId);
  const request = (w: number) =>
    codecs.quotaRequest.encode({ runId, workerId: `worker-${w}`, freeCapacity: 1_000_000, weight: 1, activeUsers: 0 });
  const payloads = Array.from({ length: WORKERS }, (_, w) => request(w));
  return {
    /** Every worker asks again as soon as it has its answer, for `ms`. */
    async flood(ms: number) {
      let answers = 0;
      const until = Date.now() + ms;
      await Promise.all(
        payloads.map(async (p, w) => {
          const nc = conns[w % connections]!;
          while (Date.now() < until) {
            const m = await nc.request(subject, p, { timeout: 5000 });
            if (codecs.quotaGrant.decode(m.data)) answers++;
          }
        }),
      );
      return answers;
    },
    /** Every worker asks every 250 ms, as real workers do; answer latencies in ms. */
    async paced(ms: number) {
      const latencies: number[] = [];
      const until = Date.now() + ms;
      await Promise.all(
        payloads.map(async (p, w) => {
          const nc = conns[w % connections]!;
          await new Promise((r) => setTimeout(r, (w * INTERVAL_MS) / WORKERS));
          while (Date.now() < until) {
            const t0 = performance.now();
            await nc.request(subject, p, { timeout: 5000 });
            const took = performance.now() - t0;
            latencies.push(took);
            await new Promise((r) => setTimeout(r, Math.max(0, INTERVAL_MS - took)));
          }
        }),
      );
      latencies.sort((a, b) => a - b);
      const q = (f: number) => latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))]!;
      return {
        answers: latencies.length,
        perSec: latencies.length / (ms / 1000),
        p50: q(0.5),
        p99: q(0.99),
        max: latencies[latencies.length - 1]!,
      };
    },
    close: () => Promise.all(conns.map((c) => c.close())),
  };
}

async function part2() {
  const namespace = `bench-${randomBytes(4).toString('hex')}`;
  const runId = 'bench-run';
  const child = fork(fileURLToPath(import.meta.url), ['--serve', namespace, runId], { stdio: 'inherit' });
  const [first] = await once(child, 'message');
  if (first !== 'ready') throw new Error('the controller side did not start');
  const ask = async (m: string) => {
    child.send(m);
    const [reply] = await once(child, 'message');
    return reply as { requests: number; seconds: number; cpuPct: number };
  };
  const out: {
    flood: { connections: number; perSec: number; cpuPct: number }[];
    paced: (Awaited<ReturnType<Awaited<ReturnType<typeof clients>>['paced']>> & { cpuPct: number }) | null;
  } = { flood: [], paced: null };
  try {
    for (const connections of [1, 4, 8]) {
      const c = await clients(namespace, runId, connections);
      await c.flood(1000); // warm-up
      const rows: { perSec: number; cpuPct: number }[] = [];
      for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
        child.send('mark');
        const answers = await c.flood(3000);
        const server = await ask('read');
        rows.push({ perSec: answers / server.seconds, cpuPct: server.cpuPct });
      }
      out.flood.push({
        connections,
        perSec: median(rows.map((r) => r.perSec)),
        cpuPct: median(rows.map((r) => r.cpuPct)),
      });
      if (connections === 8) {
        child.send('mark');
        const p = await c.paced(10_000);
        const server = await ask('read');
        out.paced = { ...p, cpuPct: server.cpuPct };
      }
      await c.close();
    }
  } finally {
    child.send('exit');
    await once(child, 'exit');
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(`KV_${busNames(namespace).runsBucket}`).catch(() => {});
    await nc.close();
  }
  return out;
}

// ---------------------------------------------------------------- main

if (process.argv[2] === '--serve') {
  await serve(process.argv[3]!, process.argv[4]!);
} else {
  const p1 = part1();
  const p2 = await part2();
  const date = new Date().toISOString().slice(0, 10);
  const text = [
    `Measured ${date} with \`node bench/dist/controller-quota.js\` (BENCH_RUNS=${RUNS}) on Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model.trim()}; NATS at ${NATS_URL.replace(/\/\/[^@]*@/, '//')}.`,
    '',
    '**1. QuotaAllocator in process** (virtual clock; every worker asks every 250 ms for 30 virtual seconds; median of the runs):',
    '',
    '| case | requests | grants with users | users granted | dropped | requests/s | µs/request |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...p1.map(
      (r) =>
        `| ${r.name} | ${n(r.requests)} | ${n(r.grants)} | ${n(r.users)} | ${n(r.dropped)} | ${n(r.perSec)} | ${r.usPerReq.toFixed(2)} |`,
    ),
    '',
    '**2. Through NATS request/reply** (the controller side — NatsRunBus + QuotaAllocator — in a child process; 1,000 simulated workers in this process):',
    '',
    '| client connections | answers/s, workers asking back to back | controller CPU | controller CPU µs/answer |',
    '|---:|---:|---:|---:|',
    ...p2.flood.map(
      (r) =>
        `| ${r.connections} | ${n(r.perSec)} | ${Math.round(r.cpuPct)} % | ${(((r.cpuPct / 100) * 1e6) / r.perSec).toFixed(1)} |`,
    ),
    '',
    p2.paced
      ? `Paced as real workers ask (1,000 workers × every 250 ms, 8 connections, 10 s): ${n(p2.paced.perSec)} answers/s, ` +
        `round trip p50 ${p2.paced.p50.toFixed(2)} ms, p99 ${p2.paced.p99.toFixed(2)} ms, max ${p2.paced.max.toFixed(1)} ms; controller CPU ${Math.round(p2.paced.cpuPct)} %.`
      : '',
  ].join('\n');
  console.log(text);
  if (process.argv.includes('--write-docs')) {
    const start = '<!-- bench:controller:start -->';
    const end = '<!-- bench:controller:end -->';
    const doc = readFileSync(DOCS, 'utf8');
    const i = doc.indexOf(start);
    const j = doc.indexOf(end);
    const next =
      i >= 0 && j > i
        ? `${doc.slice(0, i + start.length)}\n${text}\n${doc.slice(j)}`
        : `${doc.trimEnd()}\n\n## Controller\n\n${start}\n${text}\n${end}\n`;
    writeFileSync(DOCS, next);
    console.log(`wrote ${DOCS}`);
  }
}
