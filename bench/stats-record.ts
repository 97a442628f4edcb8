// Micro-benchmark of the stats hot path and of the per-second work around it.
// Part 1 chooses the recorder's HDR bucket size (record() speed against memory);
// part 2 times StatsRecorder's hot calls; part 3 the once-a-second costs (rotate,
// encode, decode, merge into the timeline, summaries). Each part runs in its own
// process: hdr-histogram-js's classes share methods, and a histogram type benched
// earlier would make the next one's call sites polymorphic and slower than in use.
//
//   npm run bench:stats                    print the tables
//   npm run bench:stats -- --write-docs    also refresh the "stats" section of docs/BENCHMARKS.md
//   BENCH_RUNS=15 BENCH_RUN_MS=200 ...     more / longer timed runs
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import hdr, { type BitBucketSize, type JsHistogram } from 'hdr-histogram-js';
import {
  StatsRecorder,
  Timeline,
  decodeWindow,
  encodeWindow,
  histogramSummary,
  type StatsWindow,
} from '@loadfleet/stats';
// Not the entry point: the recorder's own record path, to time it on each bucket size.
import { recordInto } from '@loadfleet/stats/histogram';
import { rootPath } from './lib/paths.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 100);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 300);
const DOCS = rootPath('docs/BENCHMARKS.md');
const HIGHEST = 3_600_000_000;

// Latencies as a chat service gives them: log-normal around 2 ms with a long tail, in µs.
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const VALUES = new Float64Array(1 << 16);
for (let i = 0; i < VALUES.length; i++) {
  const gauss = Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
  VALUES[i] = Math.min(HIGHEST, Math.round(Math.exp(7.6 + 1.2 * gauss)));
}
const MASK = VALUES.length - 1;
let sink = 0;

function timeLoop(fn: (n: number) => void, n: number) {
  const t0 = process.hrtime.bigint();
  fn(n);
  return Number(process.hrtime.bigint() - t0) / n;
}
/** Warms up, sizes n to RUN_MS, returns the median ns per op of RUNS timed runs. */
function measure(fn: (n: number) => void) {
  let ns = timeLoop(fn, 1000);
  const until = performance.now() + WARMUP_MS;
  while (performance.now() < until) ns = timeLoop(fn, 1000);
  const n = Math.max(1000, Math.round((RUN_MS * 1e6) / ns));
  const samples = Array.from({ length: RUNS }, () => timeLoop(fn, n)).sort((a, b) => a - b);
  return samples[(RUNS - 1) >> 1]!;
}
/** For costly ops: median µs of `times` single calls, each on fresh input from setup(). */
function measureEach<T>(setup: () => T, fn: (input: T) => unknown, times = 25) {
  const samples: number[] = [];
  for (let i = 0; i < times + 5; i++) {
    const input = setup();
    const t0 = process.hrtime.bigint();
    sink += fn(input) ? 1 : 0;
    if (i >= 5) samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return samples.sort((a, b) => a - b)[samples.length >> 1]!;
}

const build = (bitBucketSize: BitBucketSize) =>
  hdr.build({
    bitBucketSize,
    numberOfSignificantValueDigits: 3,
    highestTrackableValue: HIGHEST,
    autoResize: false,
    useWebAssembly: false,
  }) as JsHistogram;
const filled = (bitBucketSize: BitBucketSize, count: number) => {
  const h = build(bitBucketSize);
  for (let i = 0; i < count; i++) h.recordValue(VALUES[i & MASK]!);
  return h;
};

function bucketSize(size: BitBucketSize) {
  // Held in an array and picked by index, as the recorder holds them.
  const held = [build(size), build(size)];
  const pick = () => held[Number(held.length > 5)]!;
  const recordValue = measure((n) => {
    const h = pick();
    for (let i = 0; i < n; i++) h.recordValue(VALUES[i & MASK]!);
  });
  const record = measure((n) => {
    const h = pick();
    for (let i = 0; i < n; i++) recordInto(h, VALUES[i & MASK]!);
  });
  const busy = filled(size, 100_000);
  const copy = measureEach(
    () => busy,
    (src) => build(64).add(src),
  );
  const reset = measureEach(
    () => filled(size, 100_000),
    (x) => x.reset(),
  );
  return {
    size,
    recordValue,
    record,
    empty: build(size).estimatedFootprintInBytes,
    busy: busy.estimatedFootprintInBytes,
    copy,
    reset,
  };
}

function hotPath() {
  const r = new StatsRecorder();
  const hist = r.histogram('response.chat');
  const counter = r.counter('msg.out.chat');
  const gauge = r.gauge('users.active');
  const rows: [string, number][] = [
    ['record(id, µs)', measure((n) => { for (let i = 0; i < n; i++) r.record(hist, VALUES[i & MASK]!); })], // prettier-ignore
    ['add(id)', measure((n) => { for (let i = 0; i < n; i++) r.add(counter); })], // prettier-ignore
    ['set(id, v)', measure((n) => { for (let i = 0; i < n; i++) r.set(gauge, i); })], // prettier-ignore
  ];
  r.rotate(0);
  // No allocation per call: the heap must not grow with the number of records.
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 10_000_000; i++) r.record(hist, VALUES[i & MASK]!);
  const growth = process.memoryUsage().heapUsed - before;
  return { rows, growth };
}

/** A worker's second: 20 histograms (2,000 values each) and 40 counters. */
function busyRecorder() {
  const r = new StatsRecorder();
  const hs = Array.from({ length: 20 }, (_, i) => r.histogram(`response.kind${i}`));
  const cs = Array.from({ length: 40 }, (_, i) => r.counter(`msg.out.kind${i}`));
  return () => {
    for (let i = 0; i < 40_000; i++) r.record(hs[i % 20]!, VALUES[i & MASK]!);
    for (const c of cs) r.add(c, 17);
    return r;
  };
}

function perSecond() {
  const fill = busyRecorder();
  let second = 0;
  const window = fill().rotate(second++);
  const bytes = encodeWindow(window);
  const timeline = new Timeline();
  let worker = 0;
  const rows: [string, number][] = [
    ['rotate() → frozen snapshot', measureEach(fill, (r) => r.rotate(second++))],
    ['encodeWindow()', measureEach(() => window, encodeWindow)],
    ['decodeWindow()', measureEach(() => bytes, decodeWindow)],
    [
      'Timeline.add() (one worker-second)',
      measureEach(
        () => window,
        (w: StatsWindow) => timeline.add(`w${worker++}`, w),
      ),
    ],
    ['histogramSummary() (one histogram)', measureEach(() => window.histograms['response.kind0']!, histogramSummary)],
  ];
  return { rows, bytes: bytes.length, sink };
}

const fmt = (x: number, digits = 1) =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const kb = (bytes: number) => `${fmt(bytes / 1024)} KiB`;

const PARTS: Record<string, () => unknown> = { 'bucket:32': () => bucketSize(32), 'bucket:64': () => bucketSize(64), 'bucket:packed': () => bucketSize('packed'), hot: hotPath, second: perSecond }; // prettier-ignore
const part = process.argv.indexOf('--part');
if (part >= 0) {
  process.stdout.write(JSON.stringify(PARTS[process.argv[part + 1]!]!()));
  process.exit(0);
}
const runPart = <T>(name: string): T => {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--part', name], { encoding: 'utf8' });
  process.stderr.write('.');
  return JSON.parse(out) as T;
};
const sizes = ['bucket:32', 'bucket:64', 'bucket:packed'].map((p) => runPart<ReturnType<typeof bucketSize>>(p));
const hot = runPart<ReturnType<typeof hotPath>>('hot');
const second = runPart<ReturnType<typeof perSecond>>('second');
process.stderr.write('\n');
const cpu = cpus();
const text = [
  `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:stats\` on Node ${process.version}, ` +
    `${process.platform}/${process.arch}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}. ` +
    `Median of ${RUNS} runs of ~${RUN_MS} ms after ${WARMUP_MS} ms warm-up; values log-normal around 2 ms (µs).`,
  '',
  'HDR bucket size (3 significant digits, 1 µs – 1 h, 23,552 buckets). 8 and 16 bits are out: they overflow',
  'at 255 / 65,535 values in one bucket within a second.',
  '',
  '| buckets | hdr recordValue() ns/op | recordInto() ns/op | footprint empty | footprint, 100k values | copy into 64-bit µs | reset µs |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...sizes.map(
    (r) =>
      `| ${r.size} | ${fmt(r.recordValue)} | ${fmt(r.record)} | ${kb(r.empty)} | ${kb(r.busy)} | ${fmt(r.copy)} | ${fmt(r.reset)} |`,
  ),
  '',
  "recordValue() does its bucket arithmetic with Math.log2 and Math.pow; recordInto() (the recorder's path) with",
  'Math.clz32 and shifts, for the one layout we use. Both on a histogram loaded from an array, as the recorder holds them.',
  '',
  'StatsRecorder hot path (32-bit recording buckets):',
  '',
  '| call | ns/op | calls/s |',
  '|---|---:|---:|',
  ...hot.rows.map(([name, ns]) => `| ${name} | ${fmt(ns)} | ${Math.round(1e9 / ns).toLocaleString('en-US')} |`),
  '',
  `Heap change over 10,000,000 record() calls: ${kb(hot.growth)} (no allocation per call).`,
  '',
  `Once a second, for a worker-second of 20 histograms × 2,000 values and 40 counters (encoded: ${second.bytes.toLocaleString('en-US')} bytes):`,
  '',
  '| operation | µs |',
  '|---|---:|',
  ...second.rows.map(([name, us]) => `| ${name} | ${fmt(us)} |`),
].join('\n');

console.log(text);
if (process.argv.includes('--write-docs')) {
  const start = '<!-- bench:stats:start -->';
  const end = '<!-- bench:stats:end -->';
  const doc = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : '# Benchmarks\n';
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  const next =
    i >= 0 && j > i
      ? `${doc.slice(0, i + start.length)}\n${text}\n${doc.slice(j)}`
      : `${doc.trimEnd()}\n\n## stats\n\n${start}\n${text}\n${end}\n`;
  writeFileSync(DOCS, next);
  console.log(`wrote ${DOCS}`);
}
