// The chat server's heartbeat request path (bytes in → reply written, a ChatCore with a
// null transport, no network), this tree's chat wire against another commit's, in the
// same process, alternating: the median of 15 runs of 150 ms each.
//   npm run bench:chat-wire-heartbeat -- --before <commit>   (node bench/dist/chat-wire-heartbeat.js after `tsc -b bench`)
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { ChatCore, chatWire, type Session, type Wire } from '@loadfleet/chatroom';
import { encodeFrame } from '@loadfleet/protocol';
import { rootPath } from './lib/paths.js';

const i = process.argv.indexOf('--before');
const commit = (i > 0 ? process.argv[i + 1] : undefined) ?? 'HEAD~1';
const src = execFileSync('git', ['show', `${commit}:libs/chatroom/src/chat-wire.ts`], {
  encoding: 'utf8',
  cwd: rootPath('.'),
});
// Next to the built chat wire, so that its relative imports (./requests.js …) resolve; removed afterwards.
const tmp = rootPath(`libs/chatroom/dist/.chat-wire-${process.pid}.js`);
const js = ts.transpileModule(src, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;
writeFileSync(tmp, js);
let before: Wire;
try {
  before = ((await import(tmp)) as { chatWire: Wire }).chatWire;
} finally {
  rmSync(tmp);
}

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
function setup(wire: Wire): { core: ChatCore; s: Session } {
  const core = new ChatCore({
    wire,
    loginTimeout: 60_000,
    heartbeatTimeout: 60_000,
    likeBatch: 200,
    maxOutbound: 1 << 30,
    maxFrame: 65536,
    defer: () => {},
  });
  const s = core.open(new NullTransport());
  core.data(s, encodeFrame({ seq: 1, login: { userId: 1 } }));
  core.data(s, encodeFrame({ seq: 2, joinRoom: { room: 'r' } }));
  core.fanout.flush();
  return { core, s };
}
const frame = encodeFrame({ seq: 7, sentAt: Date.now(), heartbeat: {} });
function time({ core, s }: { core: ChatCore; s: Session }): number {
  let n = 0;
  const t0 = process.hrtime.bigint();
  const until = t0 + 150_000_000n;
  let now = t0;
  while (now < until) {
    for (let k = 0; k < 200; k++) core.data(s, frame);
    n += 200;
    now = process.hrtime.bigint();
  }
  return Number(now - t0) / n;
}
const a = setup(before);
const b = setup(chatWire);
const ra: number[] = [];
const rb: number[] = [];
for (let r = 0; r < 15; r++) {
  ra.push(time(a));
  rb.push(time(b));
}
const med = (x: number[]) => x.sort((p, q) => p - q)[Math.floor(x.length / 2)];
const n = (x: number | undefined) => (x ?? NaN).toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(
  `heartbeat -> ack, ns per request (median of 15 × 150 ms; range): ${commit} ${n(med(ra))} (${n(ra[0])}–${n(ra.at(-1))}), ` +
    `this tree ${n(med(rb))} (${n(rb[0])}–${n(rb.at(-1))})`,
);
