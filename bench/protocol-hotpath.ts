// Micro-benchmark of a virtual user's per-message protocol work through a binding
// (the compiled WireProtocol), for the bundled chat protocol and im-lite:
//   receive: the peek (kind, seq, origin time, without objects) against the full
//            decode it falls back to;
//   send:    a whole request frame around a pre-encoded message (header, stamps).
//
//   npm run bench:protocol-hotpath [-- --write-docs]
//   BENCH_RUNS=15 BENCH_RUN_MS=200 ...        more / longer timed runs
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { WireProtocol, encodeFrame, type Decoded, type EnvelopeInit, type Kind } from '@loadfleet/protocol';
import { parseScenario } from '@loadfleet/scenario';
import { rootPath } from './lib/paths.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 100);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 300);
const DOCS = rootPath('docs/BENCHMARKS.md');
const EXAMPLES = rootPath('examples/');

function protocol(ref: string) {
  const text = `name: b\nprotocol: ${ref}\ntarget: 127.0.0.1:1\nload: { phases: [{ duration: 1s, rate: 1 }] }\nsessions: [{ name: s, steps: [connect] }]\n`;
  const plan = parseScenario(text, {
    file: `${EXAMPLES}b.yaml`,
    baseDir: EXAMPLES,
    readFile: (p) => readFileSync(p, 'utf8'),
  });
  return new WireProtocol(plan.protocol);
}
const chat = protocol('chat');
const im = protocol('./protocols/im-lite');

const sentAt = 1_732_555_555_123.456;
const payload = (init: EnvelopeInit) => {
  const f = encodeFrame(init);
  let p = 0;
  while (f[p]! & 0x80) p++;
  return f.subarray(p + 1);
};
/** A kind the protocol must have. */
const kindOf = (wp: WireProtocol, name: string): Kind => {
  const k = wp.kind(name);
  if (!k) throw new Error(`${wp.name} has no kind ${name}`);
  return k;
};
const imBody = (name: string, values: Record<string, unknown>) => im.encodeBody(kindOf(im, name), values);
const meta = { room_id: 'room-00042', from_uid: 1337, origin_time_us: '1732555555123456' };
const TEXT = 'hello everyone, this is virtual user 1337 🎉';

/** [protocol, message name, payload, type id] of the frames a user receives most. */
const RECEIVED: [WireProtocol, string, Uint8Array, number][] = [
  [chat, 'heartbeatAck', payload({ seq: 1234, heartbeatAck: { serverTime: sentAt } }), -1],
  [
    chat,
    'event(chat)',
    payload({ event: { room: 'room-00042', originUser: 1337, originSentAt: sentAt, chat: { text: TEXT } } }),
    -1,
  ],
  [im, 'pong', imBody('pong', { server_time_us: '1732555555123456' }), kindOf(im, 'pong').id],
  [im, 'textPush', imBody('textPush', { meta, text: TEXT }), kindOf(im, 'textPush').id],
];
/** [protocol, kind, encoded message] of the frames a user sends most. */
const SENT: [WireProtocol, string, Uint8Array][] = [
  [chat, 'heartbeat', chat.encodeBody(kindOf(chat, 'heartbeat'), {})],
  [chat, 'chat', chat.encodeBody(kindOf(chat, 'chat'), { room: 'room-00042', text: TEXT })],
  [im, 'ping', imBody('ping', {})],
  [im, 'sendTextReq', imBody('sendTextReq', { room_id: 'room-00042', text: TEXT })],
];

let sink = 0;

function timeLoop(fn: () => void, n: number) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}
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
function measure(ops: (() => void)[]) {
  const n = ops.map(calibrate);
  const samples = ops.map((): number[] => []);
  for (let r = 0; r < RUNS; r++)
    ops.forEach((op, i) =>
      samples[(i + r) % ops.length]!.push(timeLoop(ops[(i + r) % ops.length]!, n[(i + r) % ops.length]!)),
    );
  return samples.map(median);
}

const rows: string[] = [];
for (const [wp, name, p, typeId] of RECEIVED) {
  if (wp.peek(p, typeId, -1) < 0) throw new Error(`the peek does not accept ${wp.name} ${name}`);
  const [peek = 0, decode = 0] = measure([
    () => (sink += wp.peek(p, typeId, -1) + wp.peeker.seq),
    // The peek accepted it (checked above): the decode does too.
    () => (sink += (wp.decode(p, typeId, -1) as Decoded).seq),
  ]);
  rows.push(
    `| ${wp.name} | receive ${name} | ${peek.toFixed(0)} | ${decode.toFixed(0)} | ${(decode / peek).toFixed(1)}× |`,
  );
  process.stderr.write('.');
}
const sendRows: string[] = [];
for (const [wp, name, body] of SENT) {
  const kind = kindOf(wp, name);
  let seq = 0;
  const [frame = 0] = measure([() => (sink += wp.frame(kind, body, ++seq, sentAt, true).length)]);
  sendRows.push(`| ${wp.name} | send ${name} | ${frame.toFixed(0)} |`);
  process.stderr.write('.');
}
process.stderr.write('\n');

const date = new Date().toISOString().slice(0, 10);
const cpu = cpus();
const text = [
  `Measured ${date} with \`npm run bench:protocol-hotpath\` on Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}. ` +
    `Median of ${RUNS} timed runs of ~${RUN_MS} ms per cell after ${WARMUP_MS} ms of warm-up.`,
  '',
  '| protocol | per message | peek ns | full decode ns | decode / peek |',
  '|---|---|---:|---:|---:|',
  ...rows,
  '',
  '| protocol | per message | frame ns (header, envelope, seq and send-time stamps around the encoded message) |',
  '|---|---|---:|',
  ...sendRows,
].join('\n');
console.log(text);
console.log(`\n(checksum ${sink})`);
if (process.argv.includes('--write-docs')) {
  const start = '<!-- bench:protocol-hotpath:start -->';
  const end = '<!-- bench:protocol-hotpath:end -->';
  if (!existsSync(DOCS)) throw new Error(`${DOCS} is missing`);
  const doc = readFileSync(DOCS, 'utf8');
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${DOCS} has no ${start} … ${end} markers`);
  writeFileSync(DOCS, `${doc.slice(0, i + start.length)}\n${text}\n${doc.slice(j)}`);
  console.log(`wrote ${DOCS}`);
}
