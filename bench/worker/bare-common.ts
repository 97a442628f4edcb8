// The plumbing the bare reference clients of the non-default wires share
// (bench/worker/bare-imlite.js, bench/worker/bare-ws.js): counters, one latency
// histogram, paced connecting, memory and GC readings, and the IPC commands of
// bench/worker/bare-client.js (prepare, warmup, start, status, mark, gc, stop),
// with the same counter names, so that bench/worker/phases.js reads them alike.
// A wire module gives `open(userId, localAddress)`, which starts one connection
// and returns its Conn; the module logs in, starts the connection's heartbeat
// timer with `loggedIn(conn)` and reports acks with `heartbeatAck(conn)`.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { nowMs } from '@loadfleet/protocol';
import { StatsRecorder, histogramSummary } from '@loadfleet/stats';

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
/** Counters since start (the names of bench/worker/bare-client.js, plus the replies that are neither). */
export const c = {
  attempted: 0,
  connected: 0,
  loginAcks: 0,
  heartbeatsSent: 0,
  heartbeatAcks: 0,
  otherFrames: 0,
  closed: 0,
  connectErrors: {},
};
let totals = { ...c };
/** prepare's settings: host, port, addresses (source addresses), hbMs, path (WebSocket). */
export let cfg;
const conns = [];
let markCpu = process.cpuUsage();
let markAt = performance.now();

export class Conn {
  constructor(userId) {
    this.userId = userId;
    /** The net.Socket or WebSocket. */
    this.socket = null;
    this.seq = 1;
    /** Send time (nowMs) of the heartbeat in flight, 0 when none is. */
    this.sentAt = 0;
    this.connected = false;
    this.loggedIn = false;
    this.open = true;
    this.timer = null;
    /** The start of a frame that straddles two chunks (stream transports). */
    this.carry = null;
  }
}

export function connected(conn) {
  conn.connected = true;
  c.connected++;
}

/** The login reply arrived: the heartbeat timer starts (setInterval: one timer list per duration, as in bare-client.js). */
export function loggedIn(conn, heartbeat) {
  if (conn.loggedIn) return;
  conn.loggedIn = true;
  c.loginAcks++;
  if (cfg.hbMs > 0) conn.timer = setInterval(heartbeat, cfg.hbMs, conn);
}

/** A heartbeat reply arrived; replies come in order, so it answers the one in flight. */
export function heartbeatAck(conn) {
  c.heartbeatAcks++;
  if (conn.sentAt > 0) {
    rec.record(RTT, (nowMs() - conn.sentAt) * 1000);
    conn.sentAt = 0;
  }
}

export function connectError(conn, err) {
  if (!conn.connected) c.connectErrors[err.code ?? 'other'] = (c.connectErrors[err.code ?? 'other'] ?? 0) + 1;
}

export function closed(conn) {
  if (!conn.open) return;
  conn.open = false;
  c.closed++;
  if (conn.timer) clearInterval(conn.timer);
}

let nextAddress = 0;

/** Connects `users` at `rate` per second, paced from the absolute start (no drift). */
function connectPaced(open, users, rate, firstUserId) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let started = 0;
    const tick = setInterval(() => {
      const due = Math.min(users, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
      while (started < due) {
        c.attempted++;
        conns.push(open(firstUserId + started++, cfg.addresses[nextAddress++ % cfg.addresses.length]));
      }
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

/** Runs the IPC loop of a bare client whose connections `open(userId, localAddress)` makes and `destroy(conn)` ends. */
export function serveBareClient({ open, destroy }) {
  const handlers = {
    prepare(m) {
      cfg = { host: m.host, port: m.port, path: m.path ?? '/', addresses: m.addresses, hbMs: m.hbMs };
      return {};
    },
    async warmup({ users, overMs, dwellMs }) {
      await connectPaced(open, users, (users * 1000) / overMs, 10_000_001);
      await sleep(dwellMs);
      const loginAcks = c.loginAcks;
      for (const x of conns.splice(0)) {
        if (x.timer) clearInterval(x.timer);
        destroy(x);
      }
      await sleep(1000);
      rec.rotate(0);
      gc();
      await sleep(500);
      return { loggedIn: loginAcks, memory: memory() };
    },
    start({ users, rate, firstUserId }) {
      for (const k of Object.keys(c)) if (typeof c[k] === 'number') c[k] = 0;
      c.connectErrors = {};
      totals = { ...c, connectErrors: {} };
      markCpu = process.cpuUsage();
      markAt = performance.now();
      void connectPaced(open, users, rate, firstUserId);
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
      const h = keepLatency ? undefined : rec.rotate(0).histograms['response.heartbeat'];
      const out = {
        wallMs: at - markAt,
        cpuUserS: cpu.user / 1e6,
        cpuSystemS: cpu.system / 1e6,
        counters: delta(),
        latency: h ? { 'response.heartbeat': histogramSummary(h) } : {},
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
        destroy(x);
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
}
