// A benchmark driver process (forked by bench/server.ts): holds many logged-in,
// heartbeating connections to the chat server with bare `net` sockets, and on
// command makes some of them join a room and chat. It reports counters to its
// parent over IPC. It never outlives its parent.
import net from 'node:net';
import { FrameDecoder, encodeFrame, nowMs } from '@loadfleet/protocol';
import { F, EV, bodyField, eventKind } from './wire.js';

type EnvelopeInit = Parameters<typeof encodeFrame>[0];
type ConnSocket = net.Socket & { conn: Conn };

const conns: Conn[] = [];
const held: Conn[] = [];
const c = {
  attempted: 0,
  connected: 0,
  loginAcks: 0,
  heartbeatsSent: 0,
  heartbeatAcks: 0,
  joinedAcks: 0,
  chatsSent: 0,
  chatAcks: 0,
  events: 0,
  chatEvents: 0,
  kicks: 0,
  errorReplies: 0,
  closed: 0,
  failed: 0,
  connectErrors: {} as Record<string, number>,
};

class Conn {
  seq = 0;
  loggedIn = false;
  open = true;
  connected = false;
  decoder = new FrameDecoder(1 << 20);
  constructor(
    readonly i: number,
    readonly socket: net.Socket,
  ) {}
  send(body: Omit<EnvelopeInit, 'seq' | 'sentAt'>) {
    this.socket.write(encodeFrame({ ...body, seq: ++this.seq, sentAt: nowMs() }));
  }
  onFrame(p: Uint8Array) {
    switch (bodyField(p)) {
      case F.heartbeatAck:
        c.heartbeatAcks++;
        break;
      case F.event:
        c.events++;
        if (eventKind(p) === EV.chat) c.chatEvents++;
        break;
      case F.ack:
        c.chatAcks++;
        break;
      case F.loginAck:
        c.loginAcks++;
        this.loggedIn = true;
        held.push(this);
        break;
      case F.joined:
        c.joinedAcks++;
        break;
      case F.kick:
        c.kicks++;
        break;
      case F.error:
        c.errorReplies++;
        break;
    }
    return true;
  }
}

// Shared socket handlers: no closure per connection.
function onConnect(this: ConnSocket) {
  c.connected++;
  this.conn.connected = true;
  this.conn.send({ login: { userId: this.conn.i + 1, token: 'bench' } });
}
function onData(this: ConnSocket, chunk: Buffer) {
  this.conn.decoder.feed(chunk, this.conn);
}
function onError(this: ConnSocket, err: NodeJS.ErrnoException) {
  const code = err.code ?? 'other';
  if (!this.conn.connected) c.connectErrors[code] = (c.connectErrors[code] ?? 0) + 1;
}
function onClose(this: ConnSocket) {
  this.conn.open = false;
  c.closed++;
  if (!this.conn.loggedIn) c.failed++;
}

interface ConnectCommand {
  port: number;
  host: string;
  count: number;
  rate: number;
  addresses: string[];
  userBase: number;
}

function connectAll({ port, host, count, rate, addresses, userBase }: ConnectCommand) {
  let started = 0;
  let carry = 0;
  const tick = setInterval(() => {
    carry += rate / 100;
    // Bound the connections in flight: docs/SCALE.md, "Connected" is not "accepted".
    while (carry >= 1 && started < count && c.attempted - c.loginAcks - c.failed < 3000) {
      carry -= 1;
      const i = started++;
      const socket = net.connect({ port, host, localAddress: addresses[i % addresses.length] }) as ConnSocket;
      c.attempted++;
      const conn = new Conn(userBase + i, socket);
      socket.conn = conn;
      socket.setNoDelay(true);
      socket.on('connect', onConnect);
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose);
      conns.push(conn);
    }
    if (started >= count) clearInterval(tick);
  }, 10);
}

let hbTimer: NodeJS.Timeout | undefined;
function startHeartbeats(intervalMs: number) {
  let cursor = 0;
  let carry = 0;
  hbTimer = setInterval(() => {
    // Each held connection beats once per interval, spread evenly over it.
    carry += (held.length * 100) / intervalMs;
    for (; carry >= 1; carry--) {
      if (held.length === 0) break;
      const conn = held[cursor++ % held.length]!;
      if (!conn.open) continue;
      conn.send({ heartbeat: {} });
      c.heartbeatsSent++;
    }
  }, 100);
}

interface RoomCommand {
  name: string;
  members: number;
  senders: number;
  rate: number;
  durationMs: number;
  text: string;
}

async function room({ name, members, senders, rate, durationMs, text }: RoomCommand) {
  const joiners = held.filter((x) => x.open).slice(0, members);
  const before = c.joinedAcks;
  for (const m of joiners) m.send({ joinRoom: { room: name } });
  while (c.joinedAcks - before < joiners.length) await new Promise((r) => setTimeout(r, 20));
  process.send!({ type: 'joined', count: joiners.length });
  await new Promise((r) => process.once('message', r)); // the parent's go, when every driver has joined
  const talkers = joiners.slice(0, senders);
  const start = Date.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const t = setInterval(() => {
      const due = Math.floor(((Date.now() - start) / 1000) * rate * talkers.length);
      for (; sent < due; sent++) {
        talkers[sent % talkers.length]!.send({ chat: { room: name, text } });
        c.chatsSent++;
      }
      if (Date.now() - start >= durationMs) {
        clearInterval(t);
        resolve();
      }
    }, 10);
  });
}

process.on('message', async (message) => {
  const msg = message as { cmd: string; intervalMs: number } & ConnectCommand & RoomCommand;
  if (msg.cmd === 'connect') connectAll(msg);
  else if (msg.cmd === 'heartbeat') startHeartbeats(msg.intervalMs);
  else if (msg.cmd === 'stopHeartbeats') clearInterval(hbTimer);
  else if (msg.cmd === 'room') {
    await room(msg);
    process.send!({ type: 'roomDone' });
  } else if (msg.cmd === 'report') {
    process.send!({
      type: 'report',
      held: held.filter((x) => x.open).length,
      ...c,
      cpu: process.cpuUsage(),
      rss: process.memoryUsage().rss,
    });
  } else if (msg.cmd === 'close') {
    clearInterval(hbTimer);
    for (const x of conns) x.socket.destroy();
    process.disconnect();
  }
});
// The parent is gone: drop everything and exit.
process.on('disconnect', () => process.exit(0));
