// A ramp client (forked by bench/server.ts): opens connections at a fixed rate,
// paced every 5 ms from the absolute start time, logs each one in, and records
// the time from starting the connect to the server's login answer. It reports
// to its parent over IPC, closes everything on command, and never outlives its parent.
import net from 'node:net';
import { FrameDecoder, encodeFrame } from '@loadfleet/protocol';
import { F, bodyField } from './wire.js';

type ConnSocket = net.Socket & { conn: Conn };
let sockets: net.Socket[] = [];
let latencies: number[] = [];
const c = {
  attempted: 0,
  held: 0,
  closedBeforeHeld: 0,
  errors: {} as Record<string, number>,
  firstAt: 0,
  lastHeldAt: 0,
};
// Epoch milliseconds with a fraction: comparable across the client processes.
const now = () => performance.timeOrigin + performance.now();

class Conn {
  userId: number;
  startedAt: number;
  decoder: FrameDecoder;
  held: boolean;
  constructor(userId: number) {
    this.userId = userId;
    this.startedAt = now();
    this.decoder = new FrameDecoder(1 << 16);
    this.held = false;
  }
  onFrame(p: Uint8Array) {
    if (!this.held && bodyField(p) === F.loginAck) {
      this.held = true;
      c.held++;
      c.lastHeldAt = now();
      latencies.push(c.lastHeldAt - this.startedAt);
    }
    return true;
  }
}

function onConnect(this: ConnSocket) {
  this.write(encodeFrame({ seq: 1, sentAt: Date.now(), login: { userId: this.conn.userId, token: 'r' } }));
}
function onData(this: ConnSocket, chunk: Buffer) {
  this.conn.decoder.feed(chunk, this.conn);
}
function onError(err: NodeJS.ErrnoException) {
  const code = err.code ?? 'other';
  c.errors[code] = (c.errors[code] ?? 0) + 1;
}
function onClose(this: ConnSocket) {
  if (!this.conn.held) c.closedBeforeHeld++;
}

interface RampCommand {
  host: string;
  port: number;
  rate: number;
  count: number;
  addresses: string[];
  userBase: number;
}

function ramp({ host, port, rate, count, addresses, userBase }: RampCommand) {
  const start = now();
  c.firstAt = start;
  let i = 0;
  const tick = setInterval(() => {
    const due = Math.min(count, Math.floor(((now() - start) / 1000) * rate));
    for (; i < due; i++) {
      const socket = net.connect({ host, port, localAddress: addresses[i % addresses.length] }) as ConnSocket;
      socket.conn = new Conn(userBase + i + 1);
      socket.setNoDelay(true);
      socket.on('connect', onConnect);
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose);
      sockets.push(socket);
      c.attempted++;
    }
    if (i >= count) clearInterval(tick);
  }, 5);
}

const quantile = (sorted: Float64Array, q: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

process.on('message', (message) => {
  const msg = message as { cmd: string; id: number } & RampCommand;
  if (msg.cmd === 'ramp') {
    for (const s of sockets) s.destroy();
    sockets = [];
    latencies = [];
    Object.assign(c, { attempted: 0, held: 0, closedBeforeHeld: 0, errors: {}, firstAt: 0, lastHeldAt: 0 });
    ramp(msg);
    process.send!({ type: 'started', id: msg.id });
  } else if (msg.cmd === 'report') {
    const sorted = Float64Array.from(latencies).sort();
    process.send!({
      type: 'report',
      id: msg.id,
      ...c,
      spanMs: c.lastHeldAt - c.firstAt,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      max: sorted.length ? sorted[sorted.length - 1] : 0,
    });
  } else if (msg.cmd === 'drop') {
    for (const s of sockets) s.destroy();
    sockets = [];
    process.send!({ type: 'dropped', id: msg.id });
  } else if (msg.cmd === 'close') {
    for (const s of sockets) s.destroy();
    process.disconnect();
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready' });
