// The reference: a bare Node `net` client doing what the generator does in the
// CPU/latency test, and nothing else. Each connection logs in, then sends a
// heartbeat every hbMs from its own setInterval (Node keeps timers of one duration
// in one list, so that is the natural and cheap way) and times the ack; with
// prepare's `chat` it also joins a room of its own and sends a chat message every
// hbMs (as chat.yaml). Frames are spliced by hand and replies are read by peeking
// at their tags: no protobuf decode, no per-user state machine, no stats beyond
// the histograms. Counters, pacing and the IPC commands (those of generator.ts)
// are bare-common.ts's.
import net from 'node:net';
import { encodeFrame, nowMs } from '@loadfleet/protocol';
import {
  Conn,
  c,
  cfg,
  chatAck,
  closed,
  connectError,
  connected,
  heartbeatAck,
  loggedIn,
  serveBareClient,
  startBeating,
} from './bare-common.js';

const TAG_LOGIN_ACK = (11 << 3) | 2;
const TAG_JOINED = (13 << 3) | 2;
const TAG_ACK_0 = 0xb2; // (22 << 3) | 2 = 178: 0xb2 0x01
const CHAT_TAG = [0x82, 0x01] as const; // (16 << 3) | 2 = 130: the chat body's tag
const CHAT_TEXT = Buffer.from('hello');
const TAG_HEARTBEAT_ACK_0 = 0xaa; // (21 << 3) | 2 = 170, as a two-byte varint: 0xaa 0x01
const HEARTBEAT_BODY = Buffer.from([0xa2, 0x01, 0x00]); // field 20 (heartbeat), length 0

type TcpConn = Conn<net.Socket>;
type ConnSocket = net.Socket & { conn: TcpConn };

function heartbeat(conn: TcpConn) {
  if (!conn.open) return;
  const seq = (conn.seq = conn.seq >= 0x3fff ? 2 : conn.seq + 1); // keep seq to 2 varint bytes
  const inner = 1 + (seq < 0x80 ? 1 : 2) + 9 + HEARTBEAT_BODY.length;
  const f = Buffer.allocUnsafe(1 + inner);
  f[0] = inner;
  f[1] = 0x08;
  let p = 2;
  if (seq < 0x80) f[p++] = seq;
  else {
    f[p++] = (seq & 0x7f) | 0x80;
    f[p++] = seq >>> 7;
  }
  f[p++] = 0x11;
  conn.sentAt = nowMs();
  f.writeDoubleLE(conn.sentAt, p);
  HEARTBEAT_BODY.copy(f, p + 8);
  conn.hbSeq = seq;
  conn.socket.write(f);
  c.heartbeatsSent++;
}

/** With `chat`: a chat message to the user's own room (Envelope{seq, sent_at, chat{room, text}}), spliced by hand. */
function chat(conn: TcpConn) {
  if (!conn.open) return;
  const seq = (conn.seq = conn.seq >= 0x3fff ? 2 : conn.seq + 1);
  const room = conn.room!;
  const body = 2 + room.length + 2 + CHAT_TEXT.length;
  const inner = 1 + (seq < 0x80 ? 1 : 2) + 9 + 2 + 1 + body;
  const f = Buffer.allocUnsafe(1 + inner);
  f[0] = inner;
  f[1] = 0x08;
  let p = 2;
  if (seq < 0x80) f[p++] = seq;
  else {
    f[p++] = (seq & 0x7f) | 0x80;
    f[p++] = seq >>> 7;
  }
  f[p++] = 0x11;
  conn.chatSentAt = nowMs();
  f.writeDoubleLE(conn.chatSentAt, p);
  p += 8;
  f[p++] = CHAT_TAG[0];
  f[p++] = CHAT_TAG[1];
  f[p++] = body;
  f[p++] = 0x0a;
  f[p++] = room.length;
  p += room.copy(f, p);
  f[p++] = 0x12;
  f[p++] = CHAT_TEXT.length;
  CHAT_TEXT.copy(f, p);
  conn.chatSeq = seq;
  conn.socket.write(f);
  c.chatsSent++;
}

function onFrame(conn: TcpConn, buf: Buffer, pos: number, end: number) {
  // Envelope: [0x08 seq varint] [0x11 sent_at f64]? [body tag ...]
  let seq = 0;
  if (buf[pos] === 0x08) {
    pos++;
    for (let shift = 0; ; shift += 7) {
      const b = buf[pos++]!;
      seq += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
  }
  if (buf[pos] === 0x11) pos += 9;
  if (pos >= end) return;
  const tag = buf[pos];
  if (tag === TAG_HEARTBEAT_ACK_0 && buf[pos + 1] === 0x01) heartbeatAck(conn, seq === conn.hbSeq);
  else if (tag === TAG_ACK_0 && buf[pos + 1] === 0x01) chatAck(conn, seq === conn.chatSeq);
  else if (tag === TAG_LOGIN_ACK && !conn.loggedIn) {
    if (!cfg.chat) return loggedIn(conn, heartbeat);
    loggedIn(conn);
    conn.room = Buffer.from(`u${conn.userId}`);
    conn.socket.write(encodeFrame({ seq: 2, sentAt: nowMs(), joinRoom: { room: `u${conn.userId}` } }));
  } else if (tag === TAG_JOINED && cfg.chat && conn.chatTimer === null) {
    startBeating(conn, heartbeat);
    // As chat.yaml: the first chat 2.5 s after joining, then one every 5 s.
    conn.chatTimer = setTimeout(() => {
      if (!conn.open) return;
      chat(conn);
      conn.chatTimer = setInterval(chat, cfg.hbMs, conn);
    }, cfg.hbMs / 2);
  }
}

function onData(this: ConnSocket, chunk: Buffer) {
  const conn = this.conn;
  let buf = chunk;
  if (conn.carry) {
    buf = Buffer.concat([conn.carry, chunk]);
    conn.carry = null;
  }
  let pos = 0;
  while (pos < buf.length) {
    let len = 0;
    let shift = 0;
    let p = pos;
    let whole = false;
    while (p < buf.length) {
      const b = buf[p++]!;
      len += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        whole = true;
        break;
      }
      shift += 7;
    }
    if (!whole || p + len > buf.length) break;
    onFrame(conn, buf, p, p + len);
    pos = p + len;
  }
  if (pos < buf.length) conn.carry = Buffer.from(buf.subarray(pos));
}

function onConnect(this: ConnSocket) {
  const conn = this.conn;
  connected(conn);
  this.write(encodeFrame({ seq: 1, sentAt: nowMs(), login: { userId: conn.userId, token: 'bench' } }));
}
function onError(this: ConnSocket, err: NodeJS.ErrnoException) {
  connectError(this.conn, err);
}
function onClose(this: ConnSocket) {
  closed(this.conn);
}

serveBareClient({
  open(userId, localAddress) {
    const socket = net.connect({ host: cfg.host, port: cfg.port, localAddress }) as ConnSocket;
    const conn = new Conn(userId, socket);
    socket.conn = conn;
    socket.setNoDelay(true);
    socket.on('connect', onConnect);
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    return conn;
  },
  destroy(conn) {
    conn.socket.destroy();
  },
});
