// The one plumbing of the bare reference clients (bench/worker/bare-client.ts for
// the bundled protocol over TCP, bench/worker/bare-imlite.ts, bench/worker/bare-ws.ts):
// counters, the latency histograms, paced connecting, memory and GC readings, and
// the IPC commands of generator.ts (prepare, warmup, start, status, mark, gc, stop),
// with the same counter names, so that bench/worker/phases.ts reads them alike.
// A wire module gives `open(userId, localAddress)`, which starts one connection
// and returns its Conn, and `destroy(conn)`; the module logs in, starts the
// connection's heartbeat timer with `loggedIn(conn, heartbeat)` and reports acks
// with `heartbeatAck(conn)` (and, with prepare's `chat`, `chatAck(conn)`).
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { nowMs } from '@loadfleet/protocol';
import { StatsRecorder, histogramSummary } from '@loadfleet/stats';
import type { GcCounts, Memory } from './ipc.js';

// Garbage collections since the last mark: the young generation's churn shows as scavenges.
const gcs = { minor: 0, major: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) gcs.minor++;
    else gcs.major++;
    gcs.ms += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
function takeGcs(): GcCounts {
  const out = { ...gcs };
  gcs.minor = gcs.major = gcs.ms = 0;
  return out;
}

const rec = new StatsRecorder();
const RTT = rec.histogram('response.heartbeat');
const CHAT_RTT = rec.histogram('response.chat');

/** The counters of a bare client (and of generator.ts's answers to phases.ts). */
export interface Counters {
  attempted: number;
  connected: number;
  loginAcks: number;
  heartbeatsSent: number;
  heartbeatAcks: number;
  chatsSent: number;
  chatAcks: number;
  /** Replies that are neither a login, heartbeat nor chat ack (the bundled wire does not count them). */
  otherFrames: number;
  closed: number;
  connectErrors: Record<string, number>;
}
type Count = Exclude<keyof Counters, 'connectErrors'>;

/** Counters since start. */
export const c: Counters = {
  attempted: 0,
  connected: 0,
  loginAcks: 0,
  heartbeatsSent: 0,
  heartbeatAcks: 0,
  chatsSent: 0,
  chatAcks: 0,
  otherFrames: 0,
  closed: 0,
  connectErrors: {},
};
const counts = Object.keys(c).filter((k): k is Count => k !== 'connectErrors');
let totals: Counters = { ...c };

/** prepare's settings: host, port, addresses (source addresses), hbMs, path (WebSocket), chat (bare-client.ts). */
export interface BareConfig {
  host: string;
  port: number;
  path: string;
  addresses: string[];
  hbMs: number;
  chat: boolean;
}
export let cfg: BareConfig;
const conns: Conn<unknown>[] = [];
let markCpu = process.cpuUsage();
let markAt = performance.now();

/** A connection's state; `S` is the net.Socket or WebSocket. */
export class Conn<S> {
  seq = 1;
  /** The seq of the heartbeat in flight (the bundled wires). */
  hbSeq = 0;
  /** Send time (nowMs) of the heartbeat in flight, 0 when none is. */
  sentAt = 0;
  connected = false;
  loggedIn = false;
  open = true;
  timer: NodeJS.Timeout | null = null;
  /** With `chat`: the chat timer, the user's room (bytes), the chat in flight. */
  chatTimer: NodeJS.Timeout | null = null;
  room: Buffer | null = null;
  chatSeq = 0;
  chatSentAt = 0;
  /** The start of a frame that straddles two chunks (stream transports). */
  carry: Buffer | null = null;
  constructor(
    readonly userId: number,
    readonly socket: S,
  ) {}
}

export function connected(conn: Conn<unknown>): void {
  conn.connected = true;
  c.connected++;
}

/** The heartbeat timer starts (setInterval: one timer list per duration). */
export function startBeating<S>(conn: Conn<S>, heartbeat: (conn: Conn<S>) => void): void {
  if (cfg.hbMs > 0) conn.timer = setInterval(heartbeat, cfg.hbMs, conn);
}

/** The login reply arrived: the heartbeat timer starts, unless `heartbeat` is left out (it starts later). */
export function loggedIn<S>(conn: Conn<S>, heartbeat?: (conn: Conn<S>) => void): void {
  if (conn.loggedIn) return;
  conn.loggedIn = true;
  c.loginAcks++;
  if (heartbeat) startBeating(conn, heartbeat);
}

/** A heartbeat reply arrived; replies come in order, so it answers the one in flight (`timed`: its seq says so). */
export function heartbeatAck(conn: Conn<unknown>, timed = true): void {
  c.heartbeatAcks++;
  if (timed && conn.sentAt > 0) {
    rec.record(RTT, (nowMs() - conn.sentAt) * 1000);
    conn.sentAt = 0;
  }
}

/** A chat ack arrived (`timed`: it answers the chat in flight). */
export function chatAck(conn: Conn<unknown>, timed: boolean): void {
  c.chatAcks++;
  if (timed) rec.record(CHAT_RTT, (nowMs() - conn.chatSentAt) * 1000);
}

export function connectError(conn: Conn<unknown>, err: NodeJS.ErrnoException): void {
  if (!conn.connected) c.connectErrors[err.code ?? 'other'] = (c.connectErrors[err.code ?? 'other'] ?? 0) + 1;
}

function stopTimers(conn: Conn<unknown>): void {
  if (conn.timer) clearInterval(conn.timer);
  if (conn.chatTimer) clearInterval(conn.chatTimer);
}

export function closed(conn: Conn<unknown>): void {
  if (!conn.open) return;
  conn.open = false;
  c.closed++;
  stopTimers(conn);
}

let nextAddress = 0;
type Open = (userId: number, localAddress: string | undefined) => Conn<unknown>;

/** Connects `users` at `rate` per second, paced from the absolute start (no drift). */
function connectPaced(open: Open, users: number, rate: number, firstUserId: number): Promise<void> {
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function gc() {
  globalThis.gc?.();
  globalThis.gc?.();
}

function memory(): Memory {
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

function delta(): Partial<Counters> {
  const d: Partial<Record<Count, number>> = {};
  for (const k of counts) d[k] = c[k] - totals[k];
  totals = { ...c, connectErrors: { ...c.connectErrors } };
  return d;
}

interface Command {
  id: number;
  cmd: 'prepare' | 'warmup' | 'start' | 'status' | 'mark' | 'gc' | 'stop';
  [k: string]: unknown;
}

/** Runs the IPC loop of a bare client whose connections `open(userId, localAddress)` makes and `destroy(conn)` ends. */
export function serveBareClient<S>(wire: {
  open: (userId: number, localAddress: string | undefined) => Conn<S>;
  destroy: (conn: Conn<S>) => void;
}): void {
  const open = wire.open as Open;
  const destroy = wire.destroy as (conn: Conn<unknown>) => void;
  const handlers = {
    prepare(m: Command) {
      cfg = {
        host: m.host as string,
        port: m.port as number,
        path: (m.path as string | undefined) ?? '/',
        addresses: m.addresses as string[],
        hbMs: m.hbMs as number,
        chat: m.chat === true,
      };
      return {};
    },
    async warmup(m: Command) {
      const { users, overMs, dwellMs } = m as unknown as { users: number; overMs: number; dwellMs: number };
      await connectPaced(open, users, (users * 1000) / overMs, 10_000_001);
      await sleep(dwellMs);
      const loginAcks = c.loginAcks;
      for (const x of conns.splice(0)) {
        stopTimers(x);
        destroy(x);
      }
      await sleep(1000);
      rec.rotate(0);
      gc();
      await sleep(500);
      return { loggedIn: loginAcks, memory: memory() };
    },
    start(m: Command) {
      const { users, rate, firstUserId } = m as unknown as { users: number; rate: number; firstUserId: number };
      for (const k of counts) c[k] = 0;
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
    mark(m: Command) {
      const keepLatency = m.keepLatency === true;
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
        stopTimers(x);
        destroy(x);
      }
      await sleep(200);
      return {};
    },
  };

  process.on('message', async (message) => {
    const m = message as Command;
    try {
      const out = await handlers[m.cmd](m);
      process.send!({ id: m.id, ...out });
      if (m.cmd === 'stop') setTimeout(() => process.exit(0), 50);
    } catch (err) {
      process.send!({ id: m.id, error: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
