// The bare WebSocket reference client (bench/worker.ts --wire ws): what
// bench/worker/bare-client.ts is for the bundled protocol over TCP, over the chat
// server's WebSocket port: the `ws` package's WebSocket (options as the engine
// opens it: no per-message deflate), one bundled Envelope per binary message (no
// length prefix), the heartbeat envelope spliced by hand and replies read by
// peeking at their tags (no protobuf decode, no engine).
import { WebSocket } from 'ws';
import { encodeFrame, nowMs, type Envelope } from '@loadfleet/protocol';
import {
  Conn,
  c,
  cfg,
  closed,
  connectError,
  connected,
  heartbeatAck,
  loggedIn,
  serveBareClient,
} from './bare-common.js';

const TAG_LOGIN_ACK = (11 << 3) | 2;
const TAG_HEARTBEAT_ACK_0 = 0xaa; // (21 << 3) | 2 = 170, as a two-byte varint: 0xaa 0x01
const HEARTBEAT_BODY = Buffer.from([0xa2, 0x01, 0x00]); // field 20 (heartbeat), length 0

type WsConn = Conn<WebSocket>;
type ConnWebSocket = WebSocket & { conn: WsConn };

/** encodeFrame's envelope without its varint length prefix: a WebSocket message is its own frame. */
function envelope(msg: Envelope) {
  const f = encodeFrame(msg);
  let p = 0;
  while (f[p]! >= 0x80) p++;
  return f.subarray(p + 1);
}

function heartbeat(conn: WsConn) {
  if (!conn.open) return;
  const seq = (conn.seq = conn.seq >= 0x3fff ? 2 : conn.seq + 1); // keep seq to 2 varint bytes
  const f = Buffer.allocUnsafe(1 + (seq < 0x80 ? 1 : 2) + 9 + HEARTBEAT_BODY.length);
  f[0] = 0x08;
  let p = 1;
  if (seq < 0x80) f[p++] = seq;
  else {
    f[p++] = (seq & 0x7f) | 0x80;
    f[p++] = seq >>> 7;
  }
  f[p++] = 0x11;
  conn.sentAt = nowMs();
  f.writeDoubleLE(conn.sentAt, p);
  HEARTBEAT_BODY.copy(f, p + 8);
  conn.socket.send(f);
  c.heartbeatsSent++;
}

function onMessage(this: WebSocket, buf: Buffer) {
  const conn = (this as ConnWebSocket).conn;
  // Envelope: [0x08 seq varint]? [0x11 sent_at f64]? [body tag ...]
  let pos = 0;
  if (buf[pos] === 0x08) {
    pos++;
    while (buf[pos++]! >= 0x80);
  }
  if (buf[pos] === 0x11) pos += 9;
  if (pos >= buf.length) return;
  const tag = buf[pos];
  if (tag === TAG_HEARTBEAT_ACK_0 && buf[pos + 1] === 0x01) heartbeatAck(conn);
  else if (tag === TAG_LOGIN_ACK) loggedIn(conn, heartbeat);
  else c.otherFrames++;
}

function onOpen(this: WebSocket) {
  const conn = (this as ConnWebSocket).conn;
  connected(conn);
  this.send(envelope({ seq: 1, sentAt: nowMs(), login: { userId: conn.userId, token: 'bench' } }));
}
function onError(this: WebSocket, err: NodeJS.ErrnoException) {
  connectError((this as ConnWebSocket).conn, err);
}
function onClose(this: WebSocket) {
  closed((this as ConnWebSocket).conn);
}

serveBareClient({
  open(userId, localAddress) {
    const ws = new WebSocket(`ws://${cfg.host}:${cfg.port}${cfg.path}`, {
      localAddress,
      perMessageDeflate: false,
    }) as ConnWebSocket;
    const conn = new Conn(userId, ws);
    ws.conn = conn;
    ws.on('open', onOpen);
    ws.on('message', onMessage);
    ws.on('error', onError);
    ws.on('close', onClose);
    return conn;
  },
  destroy(conn) {
    conn.socket.terminate();
  },
});
