// A reconnect-storm client (forked by bench/server.js and the chat server's storm
// test): opens COUNT connections at once, spread over the given ports and source
// addresses, as fast as it can (no pacing: every client of a chat service
// reconnecting after a network blip), optionally logs each one in, and reports
// what it saw to its parent over IPC. A connection counts as held once the server
// answered its login (a kernel-level connect says nothing about the server).
// It never outlives its parent.
import net from 'node:net';
import { FrameDecoder, encodeFrame } from '@loadfleet/protocol';
import { F, bodyField } from './wire.js';

const sockets = [];
const c = {
  attempted: 0,
  connected: 0,
  held: 0,
  kicked: 0,
  closed: 0,
  closedBeforeHeld: 0,
  errors: {},
  startedAt: 0,
  lastConnectAt: 0,
  lastHeldAt: 0,
};

class Conn {
  constructor(userId) {
    this.userId = userId;
    this.decoder = new FrameDecoder(1 << 16);
    this.held = false;
  }
  onFrame(p) {
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
function onConnect() {
  c.connected++;
  c.lastConnectAt = Date.now();
  if (this.login)
    this.write(encodeFrame({ seq: 1, sentAt: Date.now(), login: { userId: this.conn.userId, token: 's' } }));
}
function onData(chunk) {
  this.conn.decoder.feed(chunk, this.conn);
}
function onError(err) {
  const code = err.code ?? 'other';
  c.errors[code] = (c.errors[code] ?? 0) + 1;
}
function onClose() {
  c.closed++;
  if (!this.conn.held) c.closedBeforeHeld++;
}

/** Opens every connection in a few event-loop turns (so the IPC channel still answers meanwhile). */
function storm({ host, ports, count, addresses, login, userBase }) {
  c.startedAt = Date.now();
  let i = 0;
  const batch = () => {
    const end = Math.min(count, i + 2000);
    for (; i < end; i++) {
      const socket = net.connect({
        host,
        port: ports[i % ports.length],
        localAddress: addresses[i % addresses.length],
      });
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

process.on('message', (msg) => {
  if (msg.cmd === 'storm') storm(msg);
  else if (msg.cmd === 'report') process.send({ type: 'report', id: msg.id, ...c, now: Date.now() });
  else if (msg.cmd === 'close') {
    for (const s of sockets) s.destroy();
    process.send({ type: 'closed', id: msg.id });
    process.disconnect();
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
