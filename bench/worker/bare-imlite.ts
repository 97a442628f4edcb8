// The bare im-lite reference client (bench/worker.ts --wire im-lite): what
// bench/worker/bare-client.ts is for the bundled protocol, for im-lite
// (examples/protocols/im-lite/im_lite.proto): Node `net` sockets, frames
// [u32 BE length][u16 BE type id][protobuf payload] spliced by hand, replies read
// by their type id alone (no protobuf decode). Each connection sends LoginReq
// {uid, ticket, client_time_us}, then a Ping {client_time_us} every hbMs from its
// own setInterval, and times the Pong (im-lite has no seq: replies come in order).
// Like the engine, it stamps client_time_us (µs since the epoch) on every request.
import net from 'node:net';
import { nowMs } from '@loadfleet/protocol';
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

const HEADER = 6;
const T_LOGIN_REQ = 1;
const T_LOGIN_RESP = 2;
const T_PING = 12;
const T_PONG = 13;
const TICKET = Buffer.from('bench');

type TcpConn = Conn<net.Socket>;
type ConnSocket = net.Socket & { conn: TcpConn };

const varintSize = (v: number) => {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
};
/** Writes a non-negative integer below 2^53 as a varint; returns the position after it. */
function writeVarint(buf: Buffer, p: number, v: number) {
  while (v >= 128) {
    buf[p++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[p++] = v;
  return p;
}
const nowUs = () => Math.round(nowMs() * 1000);

function header(buf: Buffer, payloadLength: number, type: number) {
  buf.writeUInt32BE(2 + payloadLength, 0);
  buf.writeUInt16BE(type, 4);
}

function loginFrame(uid: number) {
  const t = nowUs();
  // uid = 1 (varint), ticket = 2 (bytes), client_time_us = 15 (varint, tag 0x78)
  const len = 1 + varintSize(uid) + 1 + 1 + TICKET.length + 1 + varintSize(t);
  const f = Buffer.allocUnsafe(HEADER + len);
  header(f, len, T_LOGIN_REQ);
  let p = HEADER;
  f[p++] = 0x08;
  p = writeVarint(f, p, uid);
  f[p++] = 0x12;
  f[p++] = TICKET.length;
  p += TICKET.copy(f, p);
  f[p++] = 0x78;
  writeVarint(f, p, t);
  return f;
}

function heartbeat(conn: TcpConn) {
  if (!conn.open) return;
  conn.sentAt = nowMs();
  const t = Math.round(conn.sentAt * 1000);
  // Ping: client_time_us = 1 (varint)
  const len = 1 + varintSize(t);
  const f = Buffer.allocUnsafe(HEADER + len);
  header(f, len, T_PING);
  f[HEADER] = 0x08;
  writeVarint(f, HEADER + 1, t);
  conn.socket.write(f);
  c.heartbeatsSent++;
}

function onFrame(conn: TcpConn, type: number) {
  if (type === T_PONG) heartbeatAck(conn);
  else if (type === T_LOGIN_RESP) loggedIn(conn, heartbeat);
  else c.otherFrames++;
}

function onData(this: ConnSocket, chunk: Buffer) {
  const conn = this.conn;
  let buf = chunk;
  if (conn.carry) {
    buf = Buffer.concat([conn.carry, chunk]);
    conn.carry = null;
  }
  let pos = 0;
  while (pos + HEADER <= buf.length) {
    const len = buf.readUInt32BE(pos);
    if (pos + 4 + len > buf.length) break;
    onFrame(conn, buf.readUInt16BE(pos + 4));
    pos += 4 + len;
  }
  if (pos < buf.length) conn.carry = Buffer.from(buf.subarray(pos));
}

function onConnect(this: ConnSocket) {
  connected(this.conn);
  this.write(loginFrame(this.conn.userId));
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
