import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  decodeEnvelope,
  Envelope,
  KickReason,
  nowMs,
  ProtocolError,
  type Envelope as Env,
  type EnvelopeInit,
} from '@loadfleet/protocol';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';
import { eventually, TestClient } from './client.js';

/** A bundled-protocol client over WebSocket: one Envelope per binary message, no length prefix. */
class WsClient {
  readonly frames: Env[] = [];
  closed = false;
  readonly closedP: Promise<void>;
  private seq = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) throw new Error('the server sent a text message');
      const env = decodeEnvelope(data);
      if (env instanceof ProtocolError) throw env;
      this.frames.push(env);
    });
    ws.on('error', () => {});
    this.closedP = new Promise((resolve) => ws.on('close', () => ((this.closed = true), resolve())));
  }

  static connect(port: number, path = '/'): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('error', reject);
    });
  }

  send(body: Omit<EnvelopeInit, 'seq' | 'sentAt'>): number {
    const seq = ++this.seq;
    this.ws.send(Envelope.encode({ ...body, seq, sentAt: nowMs() }).finish());
    return seq;
  }

  async request(body: Omit<EnvelopeInit, 'seq' | 'sentAt'>): Promise<Env> {
    const seq = this.send(body);
    return this.waitFor((f) => f.seq === seq);
  }

  async waitFor(pred: (f: Env) => boolean, timeoutMs = 5000): Promise<Env> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(pred);
      if (found) return found;
      if (this.closed || Date.now() > deadline) throw new Error(this.closed ? 'closed' : 'timed out');
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

describe('chat server --ws-port: the bundled protocol over WebSocket', () => {
  let server: ChatServerHandle;
  const ws: WsClient[] = [];
  const tcp: TestClient[] = [];
  beforeAll(async () => {
    server = await startChatServer({ procs: 2, args: ['--ws-port', '0', '--max-frame', '4096', '--max-conns', '100'] });
    for (let i = 0; i < 3; i++) {
      const c = await WsClient.connect(server.wsPort!, i === 0 ? '/' : `/chat/${i}?x=1`);
      expect((await c.request({ login: { userId: 10 + i, token: 't' } })).body).toBe('loginAck');
      expect((await c.request({ joinRoom: { room: 'mixed' } })).body).toBe('joined');
      ws.push(c);
    }
    for (let i = 0; i < 2; i++) {
      const c = await TestClient.connect(server.port);
      await c.login(20 + i);
      await c.request({ joinRoom: { room: 'mixed' } });
      tcp.push(c);
    }
    await eventually(async () => (await server.stats()).rooms.members === 5, 5000, 'members');
  });
  afterAll(async () => {
    for (const c of ws) c.ws.terminate();
    for (const c of tcp) c.close();
    await server?.stop();
  });

  it('answers requests with their seq, one Envelope per message', async () => {
    const ack = await ws[0]!.request({ heartbeat: {} });
    expect(ack.body).toBe('heartbeatAck');
    expect(ack.heartbeatAck!.serverTime).toBeGreaterThan(0);
    const err = await ws[0]!.request({ chat: { room: 'elsewhere', text: 'x' } });
    expect(err.error!.code).toBe(2);
  });

  it('delivers room events across transports and processes, one push per message', async () => {
    await ws[1]!.request({ chat: { room: 'mixed', text: 'from ws' } });
    tcp[0]!.send({ gift: { room: 'mixed', giftId: 1, count: 1, value: 5 } });
    for (const c of ws) {
      await c.waitFor((f) => f.event?.chat?.text === 'from ws');
      await c.waitFor((f) => f.event?.gift?.value === 5);
    }
    for (const c of tcp) {
      await c.waitFor((f) => f.event?.chat?.text === 'from ws');
      await c.waitFor((f) => f.event?.gift?.value === 5);
    }
    await eventually(async () => (await server.stats()).eventsOut.chat === 5, 3000, 'eventsOut');
    const s = await server.stats();
    expect(s.connections.openBy).toEqual({ tcp: 2, ws: 3 });
    expect(s.connections.open).toBe(5);
    expect(s.messagesIn).toMatchObject({ login: 5, joinRoom: 5, chat: 2, gift: 1, heartbeat: 1 });
    expect(s.eventsOut).toMatchObject({ chat: 5, gift: 5 });
    const m = await server.metrics();
    expect(m).toMatch(/^chat_connections_open_by_transport\{transport="ws"\} 3$/m);
  });

  const BAD: [string, (c: WsClient) => void][] = [
    ['a message over --max-frame', (c) => c.ws.send(Buffer.alloc(5000, 1))],
    ['an undecodable message', (c) => c.ws.send(Buffer.from([0xff, 0xff, 0xff]))],
    ['a text message', (c) => c.ws.send('hello')],
  ];
  for (const [name, send] of BAD) {
    it(`${name} closes that connection only, counted as a protocol error`, async () => {
      const before = (await server.stats()).protocolErrors;
      const bad = await WsClient.connect(server.wsPort!);
      await bad.request({ login: { userId: 99, token: 't' } });
      send(bad);
      await bad.closedP;
      await eventually(async () => (await server.stats()).protocolErrors === before + 1, 3000, 'counted');
      if (name !== 'a message over --max-frame') {
        expect(bad.frames.find((f) => f.body === 'kick')?.kick!.reason).toBe(KickReason.PROTOCOL_VIOLATION);
      }
      expect((await ws[2]!.request({ heartbeat: {} })).body).toBe('heartbeatAck');
    });
  }

  it('a plain HTTP request to the WebSocket port is told to upgrade', async () => {
    const res = await fetch(`http://127.0.0.1:${server.wsPort}/`);
    expect(res.status).toBe(426);
  });
});
