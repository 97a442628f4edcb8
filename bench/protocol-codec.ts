// Micro-benchmark of the protocol hot path: protobufjs reflection (runtime-loaded
// .proto) against the committed static code, for the messages a load test sends
// most, plus the whole frame path the chat server and virtual users run per message.
//
//   npm run bench:protocol                    print the table
//   npm run bench:protocol -- --write-docs    also refresh docs/BENCHMARKS.md
//   BENCH_RUNS=15 BENCH_RUN_MS=200 ...        more / longer timed runs
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import protobuf from 'protobufjs';
import {
  Envelope,
  FrameDecoder,
  ProtocolError,
  decodeEnvelope,
  encodeFrame,
  type EnvelopeInit,
} from '@loadfleet/protocol';
import { rootPath } from './lib/paths.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 100);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 300);
const DOCS = rootPath('docs/BENCHMARKS.md');
const PROTO = rootPath('protocols/chat/chat.proto');

const Reflected = protobuf.loadSync(PROTO).lookupType('loadfleet.chat.Envelope');

const sentAt = 1_732_555_555_123.456;
const MESSAGES: Record<string, EnvelopeInit> = {
  heartbeat: { seq: 1234, sentAt, heartbeat: {} },
  heartbeatAck: { seq: 1234, heartbeatAck: { serverTime: sentAt + 0.8 } },
  chat: { seq: 1235, sentAt, chat: { room: 'room-00042', text: 'hello everyone, this is virtual user 1337 🎉' } },
  'event(chat)': {
    event: {
      room: 'room-00042',
      originUser: 1337,
      originSentAt: sentAt,
      chat: { text: 'hello everyone, this is virtual user 1337 🎉' },
    },
  },
};

// Reflection's frame path, built like the library's codec so that only the codec differs.
const reflWriter = protobuf.Writer.create();
function reflEncodeFrame(msg: EnvelopeInit) {
  reflWriter.reset();
  reflWriter.fork();
  Reflected.encode(msg, reflWriter);
  reflWriter.ldelim();
  return reflWriter.finish();
}
function reflDecodeEnvelope(payload: Uint8Array): Envelope | ProtocolError {
  try {
    const env = Reflected.decode(payload) as unknown as Envelope;
    return env.body === undefined ? new ProtocolError('LF_ERR_EMPTY_BODY', 'no body') : env;
  } catch (err) {
    return new ProtocolError('LF_ERR_UNDECODABLE', 'undecodable', { cause: err });
  }
}

// Results land here so that no work is dead code; printed at the end.
let sink = 0;

/** The frame path: one sink object made once, no closure per message. */
function framePath(
  encode: (msg: EnvelopeInit) => Uint8Array,
  decode: (payload: Uint8Array) => Envelope | ProtocolError,
) {
  const decoder = new FrameDecoder();
  const frameSink = {
    onFrame(payload: Uint8Array) {
      const env = decode(payload);
      sink += env instanceof ProtocolError ? -1 : env.seq;
      return true;
    },
  };
  return (msg: EnvelopeInit) => {
    const err = decoder.feed(encode(msg), frameSink);
    if (err !== undefined) throw err;
  };
}

type Codec = 'static' | 'reflection';
const CODECS: Record<
  Codec,
  {
    encode: (msg: EnvelopeInit) => Uint8Array;
    decode: (bytes: Uint8Array) => { seq: number };
    frame: (msg: EnvelopeInit) => void;
  }
> = {
  static: {
    encode: (msg) => Envelope.encode(msg).finish(),
    decode: (bytes) => Envelope.decode(bytes),
    frame: framePath(encodeFrame, decodeEnvelope),
  },
  reflection: {
    encode: (msg) => Reflected.encode(msg).finish(),
    decode: (bytes) => Reflected.decode(bytes) as unknown as { seq: number },
    frame: framePath(reflEncodeFrame, reflDecodeEnvelope),
  },
};

/** Builds the op for one (operation, codec, message) cell; its argument is prepared up front. */
type Op = 'encode' | 'decode' | 'frame';
function makeOp(op: Op, codec: Codec, msg: EnvelopeInit) {
  const c = CODECS[codec];
  if (op === 'encode') return () => (sink += c.encode(msg).length);
  if (op === 'decode') {
    const bytes = Envelope.encode(msg).finish();
    return () => (sink += c.decode(bytes).seq);
  }
  return () => c.frame(msg);
}

function timeLoop(fn: () => void, n: number) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

/** Warms up, sizes the loop to RUN_MS, then returns the nanoseconds per op of each run. */
function calibrate(fn: () => void) {
  const n = 1000;
  let ns = timeLoop(fn, n);
  const until = performance.now() + WARMUP_MS;
  while (performance.now() < until) ns = timeLoop(fn, n);
  return Math.max(1000, Math.round((RUN_MS * 1e6) / ns));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function checkAgreement() {
  // Both codecs must produce the same bytes, or the comparison is meaningless.
  for (const [name, msg] of Object.entries(MESSAGES)) {
    const a = Buffer.from(Envelope.encode(msg).finish()).toString('hex');
    const b = Buffer.from(Reflected.encode(msg).finish()).toString('hex');
    if (a !== b) throw new Error(`static and reflection disagree on ${name}: ${a} vs ${b}`);
  }
}

interface Row {
  op: Op;
  name: string;
  s: number;
  rf: number;
  spread: number;
  rfSpread: number;
}

function run() {
  checkAgreement();
  const rows: Row[] = [];
  for (const op of ['encode', 'decode', 'frame'] as const) {
    for (const [name, msg] of Object.entries(MESSAGES)) {
      const ops = { static: makeOp(op, 'static', msg), reflection: makeOp(op, 'reflection', msg) };
      const n = { static: calibrate(ops.static), reflection: calibrate(ops.reflection) };
      const samples: Record<Codec, number[]> = { static: [], reflection: [] };
      // Alternate the codecs run by run, so that drift on a busy machine hits both alike.
      for (let r = 0; r < RUNS; r++) {
        for (const codec of r % 2 ? (['reflection', 'static'] as const) : (['static', 'reflection'] as const)) {
          samples[codec].push(timeLoop(ops[codec], n[codec]));
        }
      }
      const s = median(samples.static);
      const rf = median(samples.reflection);
      rows.push({ op, name, s, rf, spread: spread(samples.static), rfSpread: spread(samples.reflection) });
      process.stderr.write('.');
    }
  }
  process.stderr.write('\n');
  return rows;
}

/** Interquartile range / median of a cell's runs, as a percentage: how noisy the figure is. */
const spread = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.round(p * (s.length - 1))]!;
  return (100 * (q(0.75) - q(0.25))) / median(xs);
};

const fmtNs = (ns: number) => ns.toFixed(ns < 100 ? 1 : 0);
const fmtOps = (ns: number) => Math.round(1e9 / ns).toLocaleString('en-US');

function table(rows: Row[]) {
  const head = [
    '| operation | message | static ns/op | static ops/s | reflection ns/op | reflection ops/s | reflection / static |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  const opName = { encode: 'encode', decode: 'decode', frame: 'frame path¹' };
  const body = rows.map(
    (r) =>
      `| ${opName[r.op]} | ${r.name} | ${fmtNs(r.s)} | ${fmtOps(r.s)} | ${fmtNs(r.rf)} | ${fmtOps(r.rf)} | ${(r.rf / r.s).toFixed(2)}× |`,
  );
  return [...head, ...body].join('\n');
}

function summary(rows: Row[]) {
  const geo = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
  const ratio = geo(rows.map((r) => r.rf / r.s));
  const maxSpread = Math.max(...rows.flatMap((r) => [r.spread, r.rfSpread]));
  return { ratio, maxSpread };
}

function writeDocs(text: string) {
  const start = '<!-- bench:protocol-codec:start -->';
  const end = '<!-- bench:protocol-codec:end -->';
  if (!existsSync(DOCS)) throw new Error(`${DOCS} is missing: it holds the section this bench refreshes`);
  const doc = readFileSync(DOCS, 'utf8');
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${DOCS} has no ${start} … ${end} markers`);
  writeFileSync(DOCS, `${doc.slice(0, i + start.length)}\n${text}\n${doc.slice(j)}`);
}

/** The command that produced these figures, as it was actually run. */
function command() {
  const env = ['BENCH_RUNS', 'BENCH_RUN_MS', 'BENCH_WARMUP_MS']
    .filter((k) => process.env[k] !== undefined)
    .map((k) => `${k}=${process.env[k]} `)
    .join('');
  const run =
    process.env.npm_lifecycle_event === 'bench:protocol'
      ? 'npm run bench:protocol'
      : 'node bench/dist/protocol-codec.js';
  return `${env}${run}`;
}

const rows = run();
const { ratio, maxSpread } = summary(rows);
const date = new Date().toISOString().slice(0, 10);
const cpu = cpus();
const text = [
  `Measured ${date} with \`${command()}\` on Node ${process.version}, ${process.platform}/${process.arch}, ` +
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}. ` +
    `Median of ${RUNS} timed runs of ~${RUN_MS} ms each per cell, after ${WARMUP_MS} ms of warm-up; ` +
    `the two codecs alternate run by run. Noise: the largest interquartile range / median of a cell is ${maxSpread.toFixed(0)} %.`,
  '',
  table(rows),
  '',
  `¹ frame path = \`encodeFrame\` + \`FrameDecoder.feed\` + \`decodeEnvelope\` (for reflection: the same code with ` +
    `the reflected type). Geometric mean of reflection / static over all rows: **${ratio.toFixed(2)}×**.`,
].join('\n');

console.log(text);
console.log(`\n(checksum ${sink})`);
if (process.argv.includes('--write-docs')) {
  writeDocs(text);
  console.log(`wrote ${DOCS}`);
}
