// A reconnect-storm client (forked by bench/server.ts and the chat server's storm
// test): opens COUNT connections at once, spread over the given ports and source
// addresses, as fast as it can (no pacing: every client of a chat service
// reconnecting after a network blip), optionally logs each one in, and reports
// what it saw to its parent over IPC. A connection counts as held once the server
// answered its login (a kernel-level connect says nothing about the server).
// It never outlives its parent.
import net from 'node:net';
import { FrameDecoder, encodeFrame } from '@loadfleet/protocol';
import { F, bodyField } from './wire.js';

type ConnSocket = net.Socket & { conn: Conn; login: boolean };
const sockets: net.Socket[] = [];
const c = {
  attempted: 0,
  connected: 0,
  held: 0,
  kicked: 0,
  closed: 0,
  closedBeforeHeld: 0,
  errors: {} as Record<string, number>,
  startedAt: 0,
  lastConnectAt: 0,
  lastHeldAt: 0,
};

class Conn {
  userId: number;
  decoder: FrameDecoder;
  held: boolean;
  constructor(userId: number) {
    this.userId = userId;
    this.decoder = new FrameDecoder(1 << 16);
    this.held = false;
  }
  onFrame(p: Uint8Array) {
    const field = bodyField(p);
    if (field === F.loginAck && !this.held) {
      this.held = true;
      c.held++;
      c.lastHeldAt = Date.now();
    } else if (field === F.kick) c.kicked++;
    return true;
  }
}

// Shared handlers: no closure per connection.
function onConnect(this: ConnSocket) {
  c.connected++;
  c.lastConnectAt = Date.now();
  if (this.login)
    this.write(encodeFrame({ seq: 1, sentAt: Date.now(), login: { userId: this.conn.userId, token: 's' } }));
}
function onData(this: ConnSocket, chunk: Buffer) {
  this.conn.decoder.feed(chunk, this.conn);
}
function onError(err: NodeJS.ErrnoException) {
  const code = err.code ?? 'other';
  c.errors[code] = (c.errors[code] ?? 0) + 1;
}
function onClose(this: ConnSocket) {
  c.closed++;
  if (!this.conn.held) c.closedBeforeHeld++;
}

/** Opens every connection in a few event-loop turns (so the IPC channel still answers meanwhile). */
interface StormCommand {
  host: string;
  ports: number[];
  count: number;
  addresses: string[];
  login: boolean;
  userBase: number;
}

function storm({ host, ports, count, addresses, login, userBase }: StormCommand) {
  c.startedAt = Date.now();
  let i = 0;
  const batch = () => {
    const end = Math.min(count, i + 2000);
    for (; i < end; i++) {
      const socket = net.connect({
        host,
        port: ports[i % ports.length]!,
        localAddress: addresses[i % addresses.length],
      }) as ConnSocket;
      socket.conn = new Conn(userBase + i + 1);
      socket.login = login;
      socket.setNoDelay(true);
      socket.on('connect', onConnect);
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose);
      sockets.push(socket);
      c.attempted++;
    }
    if (i < count) setImmediate(batch);
  };
  batch();
}

process.on('message', (message) => {
  const msg = message as { cmd: string; id: number } & StormCommand;
  if (msg.cmd === 'storm') storm(msg);
  else if (msg.cmd === 'report') process.send!({ type: 'report', id: msg.id, ...c, now: Date.now() });
  else if (msg.cmd === 'close') {
    for (const s of sockets) s.destroy();
    process.send!({ type: 'closed', id: msg.id });
    process.disconnect();
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready' });
