// Micro-benchmark of the chat server's request path per wire: bytes in -> decode ->
// room logic -> reply (and push) encoded and written, through a real ChatCore with
// fake transports (no network), for the bundled wire and im-lite. For im-lite it also
// times the payload decode with the committed generated code against protobufjs
// reflection (the .proto loaded at run time), the choice the wire is built on.
//
//   npm run bench:server-wire                    print the table
//   npm run bench:server-wire -- --write-docs    also add it to docs/BENCHMARKS.md
import protobuf from 'protobufjs';
import { ChatCore, IM, imlite, imLiteFrame, imLiteWire, type Session } from '@loadfleet/chatroom';
import { encodeFrame } from '@loadfleet/protocol';
import { rootPath } from './lib/paths.js';
import { appendRun } from './server/report.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 150);
const PROTO = rootPath('examples/protocols/im-lite/im_lite.proto');

/** A transport that takes writes and drops them (counting bytes so the work is not dead). */
class NullTransport {
  bytes = 0;
  writableLength = 0;
  writable = true;
  write(d: Uint8Array) {
    this.bytes += d.length;
    return true;
  }
  end() {}
  destroy() {}
}

/** A core with `members` logged-in members of room "r" (the first is the sender), flushed by hand. */
function setup(wire: typeof imLiteWire | undefined, members: number) {
  const core = new ChatCore({
    ...(wire ? { wire } : {}),
    loginTimeout: 60_000,
    heartbeatTimeout: 60_000,
    likeBatch: 200,
    maxOutbound: 1 << 30,
    maxFrame: 65536,
    defer: () => {},
  });
  const sessions: Session[] = [];
  for (let i = 0; i < members; i++) {
    const s = core.open(new NullTransport());
    if (wire) {
      core.data(s, imLiteFrame(IM.LoginReq, imlite.LoginReq.encode({ uid: i + 1 }).finish()));
      core.data(s, imLiteFrame(IM.EnterRoomReq, imlite.EnterRoomReq.encode({ roomId: 'r' }).finish()));
    } else {
      core.data(s, encodeFrame({ seq: 1, login: { userId: i + 1 } }));
      core.data(s, encodeFrame({ seq: 2, joinRoom: { room: 'r' } }));
    }
    sessions.push(s);
  }
  core.fanout.flush();
  return { core, sender: sessions[0]! };
}

const TEXT = 'hello everyone, this is virtual user 1337 🎉';
const t = 1_732_555_555_123_456;
const CASES = {
  'heartbeat -> ack': {
    chat: encodeFrame({ seq: 7, sentAt: t / 1000, heartbeat: {} }),
    imlite: imLiteFrame(IM.Ping, imlite.Ping.encode({ clientTimeUs: t }).finish()),
  },
  'chat -> ack + push to 1 member': {
    chat: encodeFrame({ seq: 8, sentAt: t / 1000, chat: { room: 'r', text: TEXT } }),
    imlite: imLiteFrame(
      IM.SendTextReq,
      imlite.SendTextReq.encode({ roomId: 'r', text: TEXT, clientTimeUs: t }).finish(),
    ),
  },
};

function time(fn: () => void): number {
  const ns: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    const until = t0 + BigInt(RUN_MS * 1e6);
    let now = t0;
    while (now < until) {
      for (let i = 0; i < 200; i++) fn();
      n += 200;
      now = process.hrtime.bigint();
    }
    ns.push(Number(now - t0) / n);
  }
  ns.sort((a, b) => a - b);
  return ns[Math.floor(ns.length / 2)]!;
}

const results: { name: string; wire: string; ns: number }[] = [];
for (const [name, frames] of Object.entries(CASES)) {
  for (const [label, wire, frame] of [
    ['bundled (chat)', undefined, frames.chat],
    ['im-lite', imLiteWire, frames.imlite],
  ] as const) {
    const { core, sender } = setup(wire, 1);
    const ns = time(() => {
      core.data(sender, frame);
      core.fanout.flush();
    });
    results.push({ name, wire: label, ns });
  }
}

// im-lite payload decode: the generated code the wire uses, against reflection.
const Reflected = protobuf.loadSync(PROTO).lookupType('imlite.SendTextReq');
const payload = imlite.SendTextReq.encode({ roomId: 'r', text: TEXT, clientTimeUs: t }).finish();
let sink = 0;
const generated = time(() => (sink += imlite.SendTextReq.decode(payload).text.length));
const reflection = time(() => (sink += (Reflected.decode(payload) as unknown as { text: string }).text.length));

const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const rows = results.map((r) => `| ${r.name} | ${r.wire} | ${n(r.ns)} |`).join('\n');
const table = `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — request path per wire

Command: \`npm run bench:server-wire\` (bench/server-wire.ts, Node ${process.version}): one request fed to a
ChatCore with null transports, handled, answered and fanned out; the median of ${RUNS} runs of ${RUN_MS} ms.

| request | wire | ns per request |
|---|---|---|
${rows}

im-lite payload decode (SendTextReq): generated code ${n(generated)} ns, protobufjs reflection ${n(reflection)} ns.
`;
console.log(table);
if (sink < 0) console.log(sink);
if (process.argv.includes('--write-docs')) appendRun(rootPath('docs/BENCHMARKS.md'), table);
