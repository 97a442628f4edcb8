// The reference: a bare Node `net` client doing what the generator does in the
// CPU/latency test, and nothing else. Each connection logs in, then sends a
// heartbeat every hbMs from its own setInterval (Node keeps timers of one duration
// in one list, so that is the natural and cheap way) and times the ack. Frames are
// spliced by hand and replies are read by peeking at their tags: no protobuf
// decode, no per-user state machine, no stats beyond one histogram. Same IPC
// commands as generator.js (prepare, warmup, start, status, mark, gc, stop).
import net from 'node:net';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { encodeFrame, nowMs } from '@loadfleet/protocol';
import { StatsRecorder, histogramSummary } from '@loadfleet/stats';

const TAG_LOGIN_ACK = (11 << 3) | 2;
const TAG_JOINED = (13 << 3) | 2;
const TAG_ACK_0 = 0xb2; // (22 << 3) | 2 = 178: 0xb2 0x01
const CHAT_TAG = [0x82, 0x01]; // (16 << 3) | 2 = 130: the chat body's tag
const CHAT_TEXT = Buffer.from('hello');
const TAG_HEARTBEAT_ACK_0 = 0xaa; // (21 << 3) | 2 = 170, as a two-byte varint: 0xaa 0x01
const HEARTBEAT_BODY = Buffer.from([0xa2, 0x01, 0x00]); // field 20 (heartbeat), length 0

// Garbage collections since the last mark: the young generation's churn shows as scavenges.
const gcs = { minor: 0, major: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) gcs.minor++;
    else gcs.major++;
    gcs.ms += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
function takeGcs() {
  const out = { ...gcs };
  gcs.minor = gcs.major = gcs.ms = 0;
  return out;
}

const rec = new StatsRecorder();
const RTT = rec.histogram('response.heartbeat');
const CHAT_RTT = rec.histogram('response.chat');
const c = {
  attempted: 0,
  connected: 0,
  loginAcks: 0,
  heartbeatsSent: 0,
  heartbeatAcks: 0,
  chatsSent: 0,
  chatAcks: 0,
  closed: 0,
  connectErrors: {},
};
let totals = { ...c };
let cfg;
const conns = [];
let markCpu = process.cpuUsage();
let markAt = performance.now();

class Conn {
  constructor(socket, userId) {
    this.socket = socket;
    this.userId = userId;
    this.seq = 1;
    this.hbSeq = 0;
    this.sentAt = 0;
    this.connected = false;
    this.loggedIn = false;
    this.open = true;
    this.timer = null;
    this.chatTimer = null;
    this.room = null;
    this.chatSeq = 0;
    this.chatSentAt = 0;
    /** The start of a frame that straddles two chunks (rare: replies are ~20 bytes). */
    this.carry = null;
  }
}

function heartbeat(conn) {
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
function chat(conn) {
  if (!conn.open) return;
  const seq = (conn.seq = conn.seq >= 0x3fff ? 2 : conn.seq + 1);
  const room = conn.room;
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
 * bench:scale --floor: as bench/scale/scenario.yaml's loop, think (exponential, mean
 * actEveryMs, 5 s to 1 h), then a like (3 in 4, Envelope{seq, sent_at, like{room, count 1}}) or a chat.
 */
function scaleAction(conn, act) {
  if (!conn.open) return;
  if (act && Math.random() < 0.75) {
    const seq = (conn.seq = conn.seq >= 0x3fff ? 2 : conn.seq + 1);
    const room = conn.room;
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
    f[p++] = 0x8a; // (17 << 3) | 2: like
    f[p++] = 0x01;
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

function startBeating(conn) {
  if (cfg.hbMs > 0) conn.timer = setInterval(heartbeat, cfg.hbMs, conn);
}

function onFrame(conn, buf, pos, end) {
  // Envelope: [0x08 seq varint] [0x11 sent_at f64]? [body tag ...]
  let seq = 0;
  if (buf[pos] === 0x08) {
    pos++;
    for (let shift = 0; ; shift += 7) {
      const b = buf[pos++];
      seq += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
  }
  if (buf[pos] === 0x11) pos += 9;
  if (pos >= end) return;
  const tag = buf[pos];
  if (tag === TAG_HEARTBEAT_ACK_0 && buf[pos + 1] === 0x01) {
    c.heartbeatAcks++;
    if (seq === conn.hbSeq) rec.record(RTT, (nowMs() - conn.sentAt) * 1000);
  } else if (tag === TAG_ACK_0 && buf[pos + 1] === 0x01) {
    c.chatAcks++;
    if (seq === conn.chatSeq) rec.record(CHAT_RTT, (nowMs() - conn.chatSentAt) * 1000);
  } else if (tag === TAG_LOGIN_ACK && !conn.loggedIn) {
    conn.loggedIn = true;
    c.loginAcks++;
    if (!cfg.chat && !cfg.rooms) return startBeating(conn);
    // bench:scale --floor (`rooms`): one of `rooms` rooms at random, as bench/scale/scenario.yaml.
    const room = cfg.rooms ? `room-${1 + Math.floor(Math.random() * cfg.rooms)}` : `u${conn.userId}`;
    conn.room = Buffer.from(room);
    conn.socket.write(encodeFrame({ seq: 2, sentAt: nowMs(), joinRoom: { room } }));
  } else if (tag === TAG_JOINED && cfg.rooms && conn.chatTimer === null) {
    startBeating(conn);
    scaleAction(conn, false);
  } else if (tag === TAG_JOINED && cfg.chat && conn.chatTimer === null) {
    startBeating(conn);
    // As chat.yaml: the first chat 2.5 s after joining, then one every 5 s.
    conn.chatTimer = setTimeout(() => {
      if (!conn.open) return;
      chat(conn);
      conn.chatTimer = setInterval(chat, cfg.hbMs, conn);
    }, cfg.hbMs / 2);
  }
}

function onData(chunk) {
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
      const b = buf[p++];
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

function onConnect() {
  const conn = this.conn;
  conn.connected = true;
  c.connected++;
  this.write(encodeFrame({ seq: 1, sentAt: nowMs(), login: { userId: conn.userId, token: 'bench' } }));
}
function onError(err) {
  if (!this.conn.connected) c.connectErrors[err.code ?? 'other'] = (c.connectErrors[err.code ?? 'other'] ?? 0) + 1;
}
function onClose() {
  const conn = this.conn;
  conn.open = false;
  c.closed++;
  if (conn.timer) clearInterval(conn.timer);
  if (conn.chatTimer) clearInterval(conn.chatTimer);
}

let nextAddress = 0;
function connect(userId) {
  const socket = net.connect({
    host: cfg.host,
    port: cfg.port,
    localAddress: cfg.addresses[nextAddress++ % cfg.addresses.length],
  });
  c.attempted++;
  const conn = new Conn(socket, userId);
  socket.conn = conn;
  socket.setNoDelay(true);
  socket.on('connect', onConnect);
  socket.on('data', onData);
  socket.on('error', onError);
  socket.on('close', onClose);
  conns.push(conn);
  return conn;
}

/** Connects `users` at `rate` per second, paced from the absolute start (no drift). */
function connectPaced(users, rate, firstUserId) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let started = 0;
    const tick = setInterval(() => {
      const due = Math.min(users, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
      while (started < due) connect(firstUserId + started++);
      if (started >= users) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function gc() {
  globalThis.gc?.();
  globalThis.gc?.();
}
function memory() {
  const m = process.memoryUsage();
  // The young generation's resident pages: up to ~32 MiB that V8 keeps once it has grown it.
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    youngResident: young?.physical_space_size ?? 0,
  };
}

function delta() {
  const d = {};
  for (const k of Object.keys(c)) if (typeof c[k] === 'number') d[k] = c[k] - totals[k];
  totals = { ...c, connectErrors: { ...c.connectErrors } };
  return d;
}

const handlers = {
  prepare(m) {
    cfg = {
      host: m.host,
      port: m.port,
      addresses: m.addresses,
      hbMs: m.hbMs,
      chat: m.chat === true,
      rooms: m.rooms ?? 0,
      actEveryMs: m.actEveryMs ?? 0,
    };
    return {};
  },
  async warmup({ users, overMs, dwellMs }) {
    await connectPaced(users, (users * 1000) / overMs, 10_000_001);
    await sleep(dwellMs);
    const loggedIn = c.loginAcks;
    for (const x of conns.splice(0)) x.socket.destroy();
    await sleep(1000);
    rec.rotate(0);
    gc();
    await sleep(500);
    return { loggedIn, memory: memory() };
  },
  start({ users, rate, firstUserId }) {
    for (const k of Object.keys(c)) if (typeof c[k] === 'number') c[k] = 0;
    c.connectErrors = {};
    totals = { ...c, connectErrors: {} };
    markCpu = process.cpuUsage();
    markAt = performance.now();
    void connectPaced(users, rate, firstUserId);
    return {};
  },
  status() {
    return {
      active: conns.filter((x) => x.open && x.loggedIn).length,
      open: conns.filter((x) => x.open).length,
      counters: { ...c },
      memory: memory(),
    };
  },
  mark({ keepLatency = false }) {
    const cpu = process.cpuUsage(markCpu);
    const at = performance.now();
    const hs = keepLatency ? undefined : rec.rotate(0).histograms;
    const h = hs?.['response.heartbeat'];
    const hc = hs?.['response.chat'];
    const out = {
      wallMs: at - markAt,
      cpuUserS: cpu.user / 1e6,
      cpuSystemS: cpu.system / 1e6,
      counters: delta(),
      latency: {
        ...(h ? { 'response.heartbeat': histogramSummary(h) } : {}),
        ...(hc && hc.totalCount > 0 ? { 'response.chat': histogramSummary(hc) } : {}),
      },
      active: conns.filter((x) => x.open && x.loggedIn).length,
      open: conns.filter((x) => x.open).length,
      memory: memory(),
      gc: takeGcs(),
    };
    markCpu = process.cpuUsage();
    markAt = performance.now();
    return out;
  },
  async gc() {
    gc();
    await sleep(300);
    return { memory: memory() };
  },
  async stop() {
    for (const x of conns) {
      if (x.timer) clearInterval(x.timer);
      if (x.chatTimer) clearInterval(x.chatTimer);
      x.socket.destroy();
    }
    await sleep(200);
    return {};
  },
};

process.on('message', async (m) => {
  try {
    const out = await handlers[m.cmd](m);
    process.send({ id: m.id, ...out });
    if (m.cmd === 'stop') setTimeout(() => process.exit(0), 50);
  } catch (err) {
    process.send({ id: m.id, error: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) });
  }
});
process.on('disconnect', () => process.exit(0));
