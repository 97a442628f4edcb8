/**
 * What becomes of every message a user sends, kind by kind: sent (msg.out) =
 * answered + timed out + unanswered at close, and a message the user goes to write
 * into a connection that is already closing is not sent (msg.notSent). The engine
 * runs one user over a scripted connection (EngineOptions.openConnection): the test
 * decides when replies come, when the peer closes, and when the close event arrives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Engine, openConnection, type Connection, type ConnectionOwner } from '@loadfleet/engine';
import { FrameDecoder, ProtocolError, decodeEnvelope, encodeFrame, type Envelope } from '@loadfleet/protocol';
import { parseScenario } from '@loadfleet/scenario';
import { StatsRecorder, names } from '@loadfleet/stats';

/** A connection the test drives: it records what the user writes and delivers what the test says. */
class ScriptedConnection implements Connection {
  readonly stream = true;
  readonly queuedBytes = 0;
  open = true;
  closed = false;
  readonly sent: Envelope[] = [];
  private readonly decoder = new FrameDecoder();
  constructor(readonly owner: ConnectionOwner) {}
  setNoDelay(): void {}
  write(frame: Uint8Array): void {
    if (!this.open) throw new Error('written while not open');
    this.decoder.feed(frame, {
      onFrame: (payload) => {
        const env = decodeEnvelope(payload);
        if (env instanceof ProtocolError) throw env;
        this.sent.push(env);
        return true;
      },
    });
  }
  end(): void {
    this.open = false;
    setImmediate(() => this.fireClose());
  }
  destroy(): void {
    this.end();
  }
  // --- the test's side ---
  connect(): void {
    this.owner.connConnected(this);
  }
  reply(env: Parameters<typeof encodeFrame>[0]): void {
    this.owner.connData(this, Buffer.from(encodeFrame(env)));
  }
  /** The peer closed: no more writes go out; the close event comes later (fireClose). */
  peerClosed(): void {
    this.open = false;
  }
  fireClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.open = false;
    this.owner.connClosed(this);
  }
  last(body: string): Envelope {
    const e = this.sent.findLast((x) => x.body === body);
    if (!e) throw new Error(`no ${body} sent`);
    return e;
  }
}

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop(0, 100);
  engine = undefined;
});

function start(steps: string, session = '') {
  const plan = parseScenario(`name: outcomes
target: 127.0.0.1:9
timeouts: { connect: 5s, request: 80ms }
load: { phases: [{ duration: 1s, rate: 1 }] }
sessions:
  - name: s
${session}
    steps:
${steps}`);
  const rec = new StatsRecorder();
  const conns: ScriptedConnection[] = [];
  engine = new Engine({
    plan,
    recorder: rec,
    sweepMs: 20,
    openConnection: (_t, _a, owner) => {
      const c = new ScriptedConnection(owner);
      conns.push(c);
      return c;
    },
  });
  engine.admit({ userId: 1, intendedAt: Date.now(), session: 0 });
  const counters = () => ({ ...rec.rotate(Math.floor(Date.now() / 1000)).counters });
  return { conn: () => conns.at(-1)!, conns, counters, engine };
}

/** Counters accumulate across reads. */
function tally(read: () => Record<string, number>) {
  const total: Record<string, number> = {};
  return () => {
    for (const [k, v] of Object.entries(read())) total[k] = (total[k] ?? 0) + v;
    return total;
  };
}

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 2000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never: ${what}`);
};

/** For each request kind with anything counted: sent = answered + timedOut + unansweredAtClose. */
function expectBalanced(c: Record<string, number>, kinds: string[]) {
  for (const k of kinds) {
    const sent = c[names.msgOut(k)] ?? 0;
    const outcomes =
      (c[names.requestsAnswered(k)] ?? 0) +
      (c[names.requestsTimedOut(k)] ?? 0) +
      (c[names.requestsUnansweredAtClose(k)] ?? 0);
    expect({ kind: k, sent }).toEqual({ kind: k, sent: outcomes });
  }
}

const KINDS = ['login', 'joinRoom', 'like', 'chat', 'heartbeat'];

describe('what becomes of each request (sent = answered + timed out + unanswered at close)', () => {
  it('the peer closes with requests in flight: each is unanswered at close, by kind', async () => {
    const u = start(`
      - connect
      - send: login
        fields: { userId: '1', token: t }
      - send: joinRoom
        fields: { room: r }
        wait: false
      - send: like
        fields: { room: r, count: 1 }
        wait: false
      - send: like
        fields: { room: r, count: 1 }
        wait: false
      - think: 10s`);
    const c = tally(u.counters);
    u.conn().connect();
    u.conn().reply({ seq: u.conn().last('login').seq, loginAck: { serverTime: Date.now(), userId: 1 } });
    await until(() => u.conn().sent.length === 4, 'four sent');
    u.conn().peerClosed();
    u.conn().fireClose();
    const t = c();
    expect(t[names.msgOut('login')]).toBe(1);
    expect(t[names.requestsAnswered('login')]).toBe(1);
    expect(t[names.requestsUnansweredAtClose('joinRoom')]).toBe(1);
    expect(t[names.requestsUnansweredAtClose('like')]).toBe(2);
    expect(t[names.UNANSWERED_AT_CLOSE]).toBe(3);
    expect(t[names.error('closed_by_peer')]).toBe(1);
    expect(t[names.USERS_FAILED]).toBe(1);
    expectBalanced(t, KINDS);
  });

  it('the user closes (a close step, the run ending) with requests in flight', async () => {
    const u = start(`
      - connect
      - send: login
        fields: { userId: '1', token: t }
      - send: chat
        fields: { room: r, text: hi }
        wait: false
      - close
      - connect
      - send: like
        fields: { room: r, count: 1 }
        wait: false
      - think: 10s`);
    const c = tally(u.counters);
    u.conn().connect();
    u.conn().reply({ seq: u.conn().last('login').seq, loginAck: { serverTime: Date.now(), userId: 1 } });
    await until(() => u.conns.length === 2, 'a second connection');
    u.conn().connect();
    await until(() => u.conn().sent.length === 1, 'a like on the second connection');
    u.engine.stopUsers(1); // the run ends
    await until(() => u.conns.every((x) => x.closed), 'both closed');
    const t = c();
    expect(t[names.requestsUnansweredAtClose('chat')]).toBe(1);
    expect(t[names.requestsUnansweredAtClose('like')]).toBe(1);
    expect(t[names.USERS_INTERRUPTED]).toBe(1);
    expectBalanced(t, KINDS);
  });

  it('requests not answered in time are timed out, awaited or not; a reply after that is only msg.in', async () => {
    const u = start(`
      - connect
      - send: like
        fields: { room: r, count: 1 }
        wait: false
      - send: login
        fields: { userId: '1', token: t }
      - think: 10s`);
    const c = tally(u.counters);
    u.conn().connect();
    await until(() => (c()[names.requestsTimedOut('login')] ?? 0) === 1, 'the awaited login timed out');
    await until(() => (c()[names.requestsTimedOut('like')] ?? 0) === 1, 'the like timed out (sweep)');
    u.conn().reply({ seq: u.conn().last('login').seq, loginAck: { serverTime: Date.now(), userId: 1 } });
    const t = c();
    expect(t[names.msgIn('loginAck')]).toBe(1);
    expect(t[names.requestsAnswered('login')]).toBeUndefined();
    expect(t[names.error('request_timeout')]).toBe(2);
    expectBalanced(t, KINDS);
  });

  it('a send into a connection the peer already closed is not sent: msg.notSent, and the loss is handled at once', async () => {
    const u = start(`
      - connect
      - send: login
        fields: { userId: '1', token: t }
      - send: joinRoom
        fields: { room: r }
        wait: false
      - send: chat
        fields: { room: r, text: hi }
      - think: 10s`);
    const c = tally(u.counters);
    u.conn().connect();
    // The server answers the login and closes: the reply and the FIN are read together,
    // and the user, going on from the reply, writes before the close event.
    u.conn().peerClosed();
    u.conn().reply({ seq: u.conn().last('login').seq, loginAck: { serverTime: Date.now(), userId: 1 } });
    let t = c();
    expect(t[names.msgOut('login')]).toBe(1);
    expect(t[names.requestsAnswered('login')]).toBe(1);
    expect(t[names.msgNotSent('joinRoom')]).toBe(1);
    expect(t[names.msgOut('joinRoom')]).toBeUndefined();
    expect(t[names.msgNotSent('chat')]).toBeUndefined();
    expect(t[names.error('closed_by_peer')]).toBe(1);
    expect(t[names.USERS_FAILED]).toBe(1);
    // Its close event, arriving now, is not a second loss.
    u.conn().fireClose();
    t = c();
    expect(t[names.error('closed_by_peer')]).toBe(1);
    expect(t[names.USERS_FAILED]).toBe(1);
    expect(u.conn().sent.map((e) => e.body)).toEqual(['login']);
    expectBalanced(t, KINDS);
  });

  it('a heartbeat due after the peer closed is not sent, and a session with reconnects reconnects', async () => {
    const u = start(
      `
      - connect
      - send: login
        fields: { userId: '1', token: t }
      - think: 10s`,
      `    heartbeat: 100ms
    reconnect: { attempts: 1, delay: 10ms }`,
    );
    const c = tally(u.counters);
    u.conn().connect();
    u.conn().reply({ seq: u.conn().last('login').seq, loginAck: { serverTime: Date.now(), userId: 1 } });
    u.conn().peerClosed();
    await until(() => (c()[names.msgNotSent('heartbeat')] ?? 0) === 1, 'a heartbeat not sent');
    await until(() => u.conns.length === 2, 'a reconnect');
    const t = c();
    expect(t[names.USERS_FAILED]).toBeUndefined();
    expect(t[names.msgOut('heartbeat')]).toBeUndefined();
    expectBalanced(t, KINDS);
  });
});

describe('a TCP connection is not open once the peer has closed it, before its close event', () => {
  it('reads false from the peer FIN on, while node would still take a write (and fail it with EPIPE)', async () => {
    const server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const seen: { at: string; open: boolean; writable?: boolean }[] = [];
    await new Promise<void>((resolve) => {
      const owner: ConnectionOwner = {
        connConnected: (c) => seen.push({ at: 'connected', open: c.open }),
        connData: () => {},
        connMessage: () => {},
        connError: () => {},
        connClosed: (c) => {
          seen.push({ at: 'closed', open: c.open });
          resolve();
        },
      };
      const conn = openConnection(
        { host: '127.0.0.1', port, transport: 'tcp', weight: 1, tls: null, path: '/' } as never,
        undefined,
        owner,
        65536,
      );
      (conn as unknown as Socket).on('end', () =>
        seen.push({ at: 'end', open: conn.open, writable: (conn as unknown as Socket).writable }),
      );
    });
    server.close();
    expect(seen).toEqual([
      { at: 'connected', open: true },
      { at: 'end', open: false, writable: true },
      { at: 'closed', open: false },
    ]);
  });
});
