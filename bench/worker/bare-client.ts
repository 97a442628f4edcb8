// The reference: a bare Node `net` client doing what the generator does in the
// CPU/latency test, and nothing else. Each connection logs in, then sends a
// heartbeat every hbMs from its own setInterval (Node keeps timers of one duration
// in one list, so that is the natural and cheap way) and times the ack; with
// prepare's `chat` it also joins a room of its own and sends a chat message every
// hbMs (as chat.yaml); with prepare's `rooms` (bench:scale --floor) it joins one of
// that many rooms at random and acts as bench/scale/scenario.yaml (a like or a chat
// every ~actEveryMs, exponential). Frames are spliced by hand and replies are read by peeking
// at their tags: no protobuf decode, no per-user state machine, no stats beyond
// the histograms. Counters, pacing and the IPC commands (those of generator.ts)
// are bare-common.ts's.
import net from 'node:net';
import { splitFrames } from '../lib/varint-frames.js';
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
const LIKE_TAG = [0x8a, 0x01] as const; // (17 << 3) | 2 = 138: the like body's tag
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

/**
 * bench:scale --floor (`rooms`): as bench/scale/scenario.yaml's loop, think (exponential, mean
 * actEveryMs, 5 s to 1 h), then a like (3 in 4, Envelope{seq, sent_at, like{room, count 1}}) or a chat.
 */
function scaleAction(conn: TcpConn, act: boolean) {
  if (!conn.open) return;
  if (act && Math.random() < 0.75) {
    const seq = (conn.seq = conn.seq >= 0x3fff ? 2 : conn.seq + 1);
    const room = conn.room!;
    const body = 2 + room.length + 2;
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
    f.writeDoubleLE(nowMs(), p);
    p += 8;
    f[p++] = LIKE_TAG[0];
    f[p++] = LIKE_TAG[1];
    f[p++] = body;
    f[p++] = 0x0a;
    f[p++] = room.length;
    p += room.copy(f, p);
    f[p++] = 0x10;
    f[p++] = 0x01;
    conn.socket.write(f);
    c.chatsSent++;
  } else if (act) chat(conn);
  const ms = Math.min(3_600_000, Math.max(5000, -Math.log(1 - Math.random()) * cfg.actEveryMs));
  conn.chatTimer = setTimeout(scaleAction, ms, conn, true);
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
    if (!cfg.chat && !cfg.rooms) return loggedIn(conn, heartbeat);
    loggedIn(conn);
    // bench:scale --floor (`rooms`): one of `rooms` rooms at random, as bench/scale/scenario.yaml.
    const room = cfg.rooms ? `room-${1 + Math.floor(Math.random() * cfg.rooms)}` : `u${conn.userId}`;
    conn.room = Buffer.from(room);
    conn.socket.write(encodeFrame({ seq: 2, sentAt: nowMs(), joinRoom: { room } }));
  } else if (tag === TAG_JOINED && cfg.rooms && conn.chatTimer === null) {
    startBeating(conn, heartbeat);
    scaleAction(conn, false);
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
  conn.carry = splitFrames(conn.carry, chunk, conn, onFrame);
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
