// Bad input from a target speaking a protocol of its own (im-lite): a frame over the
// limit, a type id the binding does not know, an undecodable payload. Each is a
// protocol error for that connection only: counted, that user failed, the run goes on.
import { createServer, type Server, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalRunner } from '@loadfleet/runner';
import { parseScenario } from '@loadfleet/scenario';
import { imLiteProtocol } from '../helpers/protocols.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const im = imLiteProtocol();
let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A frame of im-lite: [u32 BE length of the rest][u16 BE type id][payload]. */
function frame(typeId: number, payload: Uint8Array): Buffer {
  const b = Buffer.alloc(6 + payload.length);
  b.writeUInt32BE(2 + payload.length, 0);
  b.writeUInt16BE(typeId, 4);
  b.set(payload, 6);
  return b;
}

/**
 * Answers each LoginReq of the n-th connection with `bad(n)` (or a proper LoginResp
 * when it returns null); every other request gets its proper reply.
 */
function startTarget(bad: (n: number) => Buffer | null): Promise<number> {
  let connections = 0;
  return new Promise((resolve) => {
    server = createServer((socket: Socket) => {
      const n = connections++;
      socket.on('error', () => {});
      const splitter = im.newSplitter();
      socket.on('data', (chunk) => {
        splitter.feed(chunk, {
          onFrame: (payload, typeId) => {
            const kind = im.kinds.find((k) => k.id === typeId)!;
            if (kind.name === 'loginReq') {
              const answer = bad(n);
              if (answer) return (socket.write(answer), true);
            }
            if (kind.reply >= 0) {
              const reply = im.kinds[kind.reply]!;
              socket.write(frame(reply.id, im.encodeBody(reply, {})));
            }
            return true;
          },
        });
      });
    }).listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port));
  });
}

async function runAgainst(port: number, users: number) {
  const plan = parseScenario(
    `name: bad
protocol: ./protocols/im-lite
target: 127.0.0.1:${port}
load: { phases: [{ duration: 1s, rate: ${users} }] }
sessions:
  - name: s
    steps:
      - connect
      - send: loginReq
        fields: { uid: '{{user.id}}' }
      - send: ping
      - close
`,
    { file: `${EXAMPLES}bad.yaml`, baseDir: EXAMPLES, readFile: (p) => readFileSync(p, 'utf8') },
  );
  return new LocalRunner(plan, { seed: 1 }).run();
}

describe('bad frames from a target speaking its own protocol', () => {
  it.each([
    ['a frame longer than the limit', () => frame(2, new Uint8Array(70 * 1024))],
    ['a type id the binding does not know', () => frame(999, new Uint8Array(0))],
    ['a payload protobuf cannot decode', () => frame(2, Uint8Array.from([0x0a, 0x05, 0x01]))],
    ['a length shorter than the header', () => Buffer.from([0, 0, 0, 1, 0, 2])],
  ])('%s: counted, that connection closed, the others served', async (_what, bad) => {
    const port = await startTarget((n) => (n === 0 ? bad() : null));
    const r = await runAgainst(port, 4);
    expect(r.totals.errors.byKind).toEqual({ protocol: 1 });
    expect(r.totals.users.failed).toBe(1);
    expect(r.totals.users.finished).toBe(3);
    expect(r.totals.users.loggedIn).toBe(3);
    expect(r.totals.messages.in.pong).toBe(3);
  });
});
