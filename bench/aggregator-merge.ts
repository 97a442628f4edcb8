// How many stats records an aggregator merges per second: in-process (the merge itself,
// on realistic worker-seconds) and end to end through Redis (aggregator processes reading
// the stats stream in their consumer group, storing and acknowledging every record).
//
//   npm run bench:aggregator                    print the tables
//   npm run bench:aggregator -- --write-docs    also refresh the "aggregator" section of docs/BENCHMARKS.md
//   BENCH_RECORDS=20000 BENCH_RUNS=5 ...        more records end to end / more timed runs in-process
//
// The end-to-end part needs Redis and NATS (REDIS_URL / NATS_URL, default 127.0.0.1) and
// the built aggregator (services/aggregator/dist); it uses a namespace of its own and
// deletes it afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { MemoryWindowStore, decodeEntries, mergeStored, timelineFromStore } from '@loadfleet/aggregator';
import { busNames, codecs } from '@loadfleet/bus';
import { StatsRecorder, Timeline, decodeWindow, encodeWindow, names } from '@loadfleet/stats';
import { rootPath, serviceMain } from './lib/paths.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 6_000);
const DOCS = rootPath('docs/BENCHMARKS.md');
const AGGREGATOR = serviceMain('aggregator');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

// A worker-second of the chat-room scenario at ~100 users/s per worker: 14 latency
// histograms (requests, intended-time twins, deliveries, connect, session, lateness),
// 40 counters, 10 gauges; log-normal latencies around 2 ms.
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const latency = () =>
  Math.round(Math.exp(7.6 + 1.2 * Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random())));
const HISTOGRAMS = [
  ...['login', 'joinRoom', 'chat', 'like', 'heartbeat'].flatMap((k) => [names.response(k), names.responseIntended(k)]),
  names.delivery('chat'),
  names.CONNECT_TIME,
  names.LATENESS_START,
  names.LATENESS_TIMER,
];
function workerSecond(worker: number, second: number) {
  const r = new StatsRecorder();
  for (const [i, name] of HISTOGRAMS.entries()) {
    const id = r.histogram(name);
    const n = i < 10 ? 150 : i === 10 ? 2_000 : 100; // deliveries: every member gets every chat message
    for (let k = 0; k < n; k++) r.record(id, latency());
  }
  for (let c = 0; c < 40; c++) r.add(r.counter(`msg.out.kind${c}`), 1 + ((worker + second + c) % 50));
  for (let g = 0; g < 10; g++) r.set(r.gauge(g === 0 ? names.USERS_ACTIVE : `gauge.${g}`), 100 + worker);
  return encodeWindow(r.rotate(second));
}

const T0 = 1_790_000_000;
const WORKERS = 20;
const SECONDS = 30;
const windows: { w: number; s: number; bytes: Uint8Array }[] = [];
for (let s = 0; s < SECONDS; s++)
  for (let w = 0; w < WORKERS; w++) windows.push({ w, s: T0 + s, bytes: workerSecond(w, T0 + s) });
const records = windows.map(({ w, s, bytes }, i) =>
  codecs.statsRecord.encode({ runId: 'bench', workerId: `w${w}`, second: s, window: bytes, seq: i + 1 }),
);
const meanBytes = Math.round(records.reduce((n, r) => n + r.length, 0) / records.length);

/** Median records/s of RUNS runs of fn(), which handles every record once. */
function rate(fn: () => void) {
  fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(records.length / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return samples.sort((a, b) => a - b)[(RUNS - 1) >> 1]!;
}
async function rateAsync(fn: () => Promise<unknown>) {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(records.length / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return samples.sort((a, b) => a - b)[(RUNS - 1) >> 1]!;
}

const entries = records.map((record, i) => ({ id: `${i + 1}-0`, record }));
const bySecond: Map<string, Uint8Array>[] = [];
for (let s = 0; s < SECONDS; s++)
  bySecond.push(new Map(windows.slice(s * WORKERS, (s + 1) * WORKERS).map((x) => [`w${x.w}`, x.bytes])));
const store = new MemoryWindowStore();
await store.putWindows(decodeEntries(entries).windows);

const inProcess: [string, number][] = [
  ['decode StatsRecords (ingest: record → store operations)', rate(() => decodeEntries(entries))],
  ['decodeWindow()', rate(() => { for (const x of windows) decodeWindow(x.bytes); })], // prettier-ignore
  ['rollup: mergeStored() of each second (20 workers)', rate(() => { for (const m of bySecond) mergeStored(0, m); })], // prettier-ignore
  ['report: decodeWindow() + Timeline.add()', rate(() => { const t = new Timeline(); for (const x of windows) t.add(`w${x.w}`, decodeWindow(x.bytes)); })], // prettier-ignore
  ['report: timelineFromStore() (in-memory store)', await rateAsync(() => timelineFromStore(store, 'bench'))],
];
process.stderr.write('in-process done\n');

/**
 * End to end: `aggregators` processes started and ready on an empty stream, then RECORDS
 * records XADDed (pipelined) and timed until the group has read and acknowledged them all.
 */
async function endToEnd(aggregators: number) {
  const ns = `bench-${randomBytes(4).toString('hex')}`;
  const bus = busNames(ns);
  const redis = new Redis(REDIS_URL);
  const children: (ChildProcess & { ready: Promise<void> })[] = [];
  const groupInfo = async (): Promise<Record<string, unknown> | undefined> => {
    const groups = (await redis.xinfo('GROUPS', bus.redis.statsStream).catch(() => [])) as unknown[][];
    return groups.map((flat) => Object.fromEntries(flat.flatMap((v, i) => (i % 2 ? [] : [[v, flat[i + 1]]]))))[0];
  };
  try {
    for (let a = 0; a < aggregators; a++) {
      const child = spawn(process.execPath, [AGGREGATOR, '--namespace', ns, '--id', `a${a}`], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, REDIS_URL, NATS_URL, LOADFLEET_LOG_LEVEL: 'info' },
      });
      children.push(
        Object.assign(child, {
          ready: new Promise<void>((resolve) =>
            child.stderr.on('data', (d) => /aggregator started/.test(String(d)) && resolve()),
          ),
        }),
      );
    }
    await Promise.all(children.map((c) => c.ready));
    // Distinct (worker, second) per record, so each is a store operation of its own.
    const payload: Buffer[] = [];
    for (let i = 0; i < RECORDS; i++) {
      const rec = codecs.statsRecord.decode(records[i % records.length]!)!;
      payload.push(
        Buffer.from(
          codecs.statsRecord.encode({ ...rec, second: rec.second + Math.floor(i / records.length) * SECONDS }),
        ),
      );
    }
    const t0 = performance.now();
    for (let i = 0; i < RECORDS; i += 1000) {
      const p = redis.pipeline();
      for (const b of payload.slice(i, i + 1000)) p.xadd(bus.redis.statsStream, '*', 'r', b);
      await p.exec();
    }
    const written = (performance.now() - t0) / 1000;
    for (;;) {
      const g = await groupInfo();
      if (g && Number(g['entries-read']) >= RECORDS && Number(g.pending) === 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const seconds = (performance.now() - t0) / 1000;
    return { aggregators, records: RECORDS, perSec: RECORDS / seconds, seconds, written };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise<void>((r) => (c.exitCode !== null ? r() : c.once('exit', () => r())))),
    );
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${ns}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}

let e2e: Awaited<ReturnType<typeof endToEnd>>[] = [];
let e2eNote = '';
if (!existsSync(AGGREGATOR)) e2eNote = 'End to end skipped: build services/aggregator first.';
else {
  try {
    e2e = [await endToEnd(1), await endToEnd(2), await endToEnd(1), await endToEnd(2)];
  } catch (err) {
    e2eNote = `End to end skipped: ${(err as Error).message}`;
  }
}

const cpu = cpus();
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const text = [
  `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:aggregator\` on Node ${process.version}, ` +
    `${process.platform}/${process.arch}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}; Redis and the aggregators on the same box.`,
  '',
  `Records: ${WORKERS} workers × ${SECONDS} seconds of a chat-room worker-second (${HISTOGRAMS.length} histograms, 2,950 latencies, 40 counters, 10 gauges; ${n(meanBytes)} bytes a record).`,
  '',
  `In-process (one core, median of ${RUNS} runs over all ${n(records.length)} records):`,
  '',
  '| step | records/s |',
  '|---|---:|',
  ...inProcess.map(([name, r]) => `| ${name} | ${n(r)} |`),
  '',
  e2eNote ||
    `End to end: aggregator processes ready on an empty stream; ${n(RECORDS)} records XADDed (pipelines of 1,000), timed from the first XADD until the group has read and acknowledged every record (HSET + ZADD + PEXPIRE per record, one pipeline and one XACK per batch of up to 500):`,
  ...(e2e.length > 0
    ? [
        '',
        '| aggregators | records | XADD done (s) | all stored and acked (s) | records/s |',
        '|---:|---:|---:|---:|---:|',
        ...e2e.map(
          (r) =>
            `| ${r.aggregators} | ${n(r.records)} | ${r.written.toFixed(2)} | ${r.seconds.toFixed(2)} | ${n(r.perSec)} |`,
        ),
      ]
    : []),
].join('\n');

console.log(text);
if (process.argv.includes('--write-docs')) {
  const start = '<!-- bench:aggregator:start -->';
  const end = '<!-- bench:aggregator:end -->';
  const doc = readFileSync(DOCS, 'utf8');
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  const next =
    i >= 0 && j > i
      ? `${doc.slice(0, i + start.length)}\n${text}\n${doc.slice(j)}`
      : `${doc.trimEnd()}\n\n## Aggregator\n\n${start}\n${text}\n${end}\n`;
  writeFileSync(DOCS, next);
  console.log(`wrote ${DOCS}`);
}
