// The engine over WebSocket (ws and wss) against a small WebSocket server that speaks
// the bundled protocol: one Envelope per binary message, no length prefix. (The
// reference chat server's --ws-port is tested with the full chat room elsewhere.)
import { execFileSync } from 'node:child_process';
import { createServer as createHttps } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeEnvelope, encodeFrame, ProtocolError, type EnvelopeInit } from '@loadfleet/protocol';
import { LocalRunner } from '@loadfleet/runner';
import { parseScenario } from '@loadfleet/scenario';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The envelope of a frame without its varint length: what a WebSocket message carries. */
function message(init: EnvelopeInit): Buffer {
  const f = encodeFrame(init);
  let p = 0;
  while (f[p]! & 0x80) p++;
  return Buffer.from(f.subarray(p + 1));
}

interface Served {
  port: number;
  paths: string[];
  requests: Record<string, number>;
}

function serve(wss: WebSocketServer, served: Served, misbehave?: (ws: WebSocket, n: number) => boolean): void {
  let n = 0;
  wss.on('connection', (ws, req) => {
    const me = n++;
    served.paths.push(req.url ?? '');
    ws.on('message', (data: Buffer, binary) => {
      if (misbehave?.(ws, me)) return;
      const env = decodeEnvelope(new Uint8Array(data));
      if (!binary || env instanceof ProtocolError) return ws.close();
      served.requests[env.body!] = (served.requests[env.body!] ?? 0) + 1;
      const seq = env.seq;
      if (env.body === 'login')
        ws.send(message({ seq, loginAck: { serverTime: Date.now(), userId: env.login!.userId } }));
      else if (env.body === 'heartbeat') ws.send(message({ seq, heartbeatAck: { serverTime: Date.now() } }));
      else if (env.body === 'chat') {
        ws.send(message({ seq, ack: {} }));
        ws.send(
          message({ event: { room: 'r', originUser: 1, originSentAt: env.sentAt, chat: { text: env.chat!.text } } }),
        );
      }
    });
  });
}

/** Five users that log in, chat, wait for their chat to come back and hold a moment, against `targets`. */
const SCENARIO = (targets: string) => `name: ws
${targets}
load: { phases: [{ duration: 1s, rate: 5 }] }
sessions:
  - name: s
    heartbeat: 200ms
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}' }
      - send: chat
        fields: { room: r, text: hi }
      - expect: event.chat
        match: { text: hi }
      - think: 500ms
      - close
`;

describe('WebSocket transport', () => {
  it('ws://: every message a frame without its length; counts, replies and fan-out as over TCP', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    const served: Served = { port: (wss.address() as { port: number }).port, paths: [], requests: {} };
    serve(wss, served);
    close = () => new Promise((r) => wss.close(() => r()));
    const plan = parseScenario(SCENARIO(`target: ws://127.0.0.1:${served.port}/chat`));
    const r = await new LocalRunner(plan, { seed: 1 }).run();
    expect(r.totals.errors.byKind).toEqual({});
    expect(r.totals.users.finished).toBe(5);
    expect(r.totals.users.loggedIn).toBe(5);
    expect(served.paths).toEqual(Array(5).fill('/chat'));
    expect(r.totals.messages.out.login).toBe(served.requests.login);
    expect(r.totals.messages.out.heartbeat).toBe(served.requests.heartbeat);
    // A session may end with a heartbeat's ack still on its way: that one is unanswered at close.
    const beats = r.totals.requests.heartbeat!;
    expect(r.totals.messages.in.heartbeatAck).toBe(beats.answered);
    expect(beats.answered + beats.unansweredAtClose).toBe(served.requests.heartbeat);
    expect(r.totals.messages.events.chat).toBe(5);
    expect(r.latency.find((l) => l.name === 'delivery.chat')?.count).toBe(5);
  });

  it('a text message or garbage is a protocol error for that connection only', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    const served: Served = { port: (wss.address() as { port: number }).port, paths: [], requests: {} };
    serve(wss, served, (ws, n) => {
      if (n === 0) ws.send('hello', { binary: false });
      else if (n === 1) ws.send(Buffer.from([0xff, 0xff, 0xff]));
      else return false;
      return true;
    });
    close = () => new Promise((r) => wss.close(() => r()));
    const r = await new LocalRunner(parseScenario(SCENARIO(`target: ws://127.0.0.1:${served.port}`)), {
      seed: 1,
    }).run();
    expect(r.totals.errors.byKind).toEqual({ protocol: 2 });
    expect(r.totals.users.finished).toBe(3);
  });

  it.skipIf(!hasOpenssl())('wss://: the same over TLS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-wss-'));
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const https = createHttps({ cert: readFileSync(cert), key: readFileSync(key) });
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', () => r()));
    const wss = new WebSocketServer({ server: https });
    const served: Served = { port: (https.address() as { port: number }).port, paths: [], requests: {} };
    serve(wss, served);
    close = async () => {
      await new Promise((r) => wss.close(() => r(undefined)));
      await new Promise((r) => https.close(() => r(undefined)));
      rmSync(dir, { recursive: true, force: true });
    };
    const r = await new LocalRunner(
      parseScenario(
        SCENARIO(`targets: [{ address: 'wss://127.0.0.1:${served.port}/', tls: { rejectUnauthorized: false } }]`),
      ),
      { seed: 1 },
    ).run();
    expect(r.totals.errors.byKind).toEqual({});
    expect(r.totals.users.loggedIn).toBe(5);
    expect(r.totals.messages.events.chat).toBe(5);
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
