import { decodeEnvelope, encodeFrame, nowMs, ErrorCode, KickReason, ProtocolError } from '@loadfleet/protocol';
import { CLOSE, Counters, REPLY, type ChatStats } from './counters.js';
import { DelayLine } from './delay.js';
import { dispatch } from './dispatch.js';
import { encodeEvent } from './events.js';
import { Fanout } from './fanout.js';
import { NO_RELAY, type RoomRelay } from './relay.js';
import type { Room } from './rooms.js';
import { ACTIVE, CLOSED, CLOSING, NEW, Session, type FrameHandler, type Transport } from './session.js';
import { sweepSessions } from './sweep.js';

export interface ChatCoreOptions {
  loginTimeout: number;
  heartbeatTimeout: number;
  /** Like batching interval (ms); 0 = one LikesEvent per like. */
  likeBatch: number;
  /** Bytes queued to one client (transport.writableLength) beyond which it is dropped as a slow consumer. */
  maxOutbound: number;
  maxFrame: number;
  /** How long a kicked connection may take to flush and close before it is destroyed (ms, default 2000). */
  closeGrace?: number;
  /** Most rooms one connection may be in (default 64). */
  maxRoomsPerSession?: number;
  /** Wall clock in ms (default nowMs); tests inject a fake. */
  clock?: () => number;
  /** Schedules the fan-out flush (default setImmediate). */
  defer?: (fn: () => void) => void;
  relay?: RoomRelay;
  /** --extra-latency: ms every chunk received waits before it is handled (0 = none). */
  extraLatency?: number;
  /** --drop-rate: fraction of requests other than login that are received, counted, and then ignored. */
  dropRate?: number;
  /** Seed of the drop decisions (default 1), so that a run can be repeated. */
  dropSeed?: number;
}

/**
 * The chat server's logic for one process, with no network in it: sessions,
 * dispatch, rooms, counters, deadlines and the slow-consumer policy. The
 * service feeds it sockets (anything shaped like a Transport) and their events.
 */
export class ChatCore implements FrameHandler {
  readonly counters = new Counters();
  readonly sessions = new Set<Session>();
  readonly fanout: Fanout;
  readonly clock: () => number;
  readonly maxRoomsPerSession: number;
  private nextId = 1;
  private shuttingDown = false;
  private timers: ReturnType<typeof setInterval>[] = [];
  private readonly delayLine: DelayLine<Session> | undefined;
  /** True when this request is to be dropped (--drop-rate); undefined when nothing is ever dropped. */
  readonly drop: (() => boolean) | undefined;

  constructor(readonly opts: ChatCoreOptions) {
    this.clock = opts.clock ?? nowMs;
    this.maxRoomsPerSession = opts.maxRoomsPerSession ?? 64;
    this.fanout = new Fanout(this, opts.relay ?? NO_RELAY, opts.defer ?? setImmediate, opts.likeBatch);
    if ((opts.extraLatency ?? 0) > 0) {
      const line = new DelayLine<Session>(opts.extraLatency!, this.clock, (s, chunk) => this.handleData(s, chunk));
      this.delayLine = line;
      this.data = (s, chunk) => {
        if (s.state < CLOSING) line.add(s, chunk);
      };
    }
    const rate = opts.dropRate ?? 0;
    if (rate > 0) {
      const random = mulberry32(opts.dropSeed ?? 1);
      this.drop = () => random() < rate;
    }
  }

  /** Starts the shared timers: one deadline sweep and one like flush per process, never one per connection. */
  startTimers(): void {
    const { loginTimeout, heartbeatTimeout, likeBatch } = this.opts;
    const every = Math.min(1000, Math.max(20, Math.min(loginTimeout, heartbeatTimeout) / 10));
    this.timers.push(setInterval(() => this.sweep(), every));
    if (likeBatch > 0) this.timers.push(setInterval(() => this.fanout.flushLikes(), likeBatch));
  }

  stopTimers(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.delayLine?.stop();
  }

  /** A new connection. */
  open(transport: Transport): Session {
    const s = new Session(this.nextId++, transport, this, this.opts.maxFrame, this.clock() + this.opts.loginTimeout);
    this.sessions.add(s);
    this.counters.accepted++;
    this.counters.open++;
    if (this.shuttingDown) this.kick(s, KickReason.SERVER_SHUTDOWN, CLOSE.shutdown);
    return s;
  }

  /** Bytes from a connection (held back first with --extra-latency). */
  data(s: Session, chunk: Uint8Array): void {
    this.handleData(s, chunk);
  }

  private handleData(s: Session, chunk: Uint8Array): void {
    if (s.state >= CLOSING) return;
    this.counters.bytesIn += chunk.length;
    s.now = this.clock();
    const err = s.decoder.feed(chunk, s);
    if (err !== undefined) this.protocolError(s, err);
  }

  onFrame(s: Session, payload: Uint8Array): boolean {
    const env = decodeEnvelope(payload);
    if (env instanceof ProtocolError) {
      this.protocolError(s, env);
      return false;
    }
    if (s.state === ACTIVE) s.deadline = s.now + this.opts.heartbeatTimeout;
    dispatch(this, s, env);
    return s.state < CLOSING;
  }

  /** A socket error (ECONNRESET, EPIPE, …): the close that follows is counted as `error`. */
  error(s: Session): void {
    s.errored = true;
  }

  /** The connection is gone (socket 'close'): leave its rooms and count it. */
  closed(s: Session): void {
    if (s.state === CLOSED) return;
    if (s.delayed !== null) this.delayLine?.drain(s);
    s.state = CLOSED;
    this.sessions.delete(s);
    const c = this.counters;
    c.open--;
    c.closed[s.closeReason >= 0 ? s.closeReason : s.errored ? CLOSE.error : CLOSE.peer]!++;
    // Leave events on a mass shutdown would cost members² frames for nothing.
    const sentAt = this.clock();
    while (s.rooms.length > 0) this.leaveRoom(s, s.rooms[s.rooms.length - 1]!, sentAt, !this.shuttingDown);
  }

  /** Takes a member out of a room; `announce` publishes a leave event to the members left, in every process. */
  leaveRoom(s: Session, name: string, sentAt: number, announce: boolean): void {
    const user = s.userId;
    const event = (r: Room) => encodeEvent(name, user, sentAt, { leave: { memberCount: r.memberCount } });
    this.fanout.leave(s, name, announce ? event : undefined);
  }

  /** Writes a reply frame (one that answers a request); counted only when it was written. */
  reply(s: Session, kind: number, frame: Uint8Array): boolean {
    if (!this.push(s, frame)) return false;
    this.counters.repliesOut[kind]!++;
    return true;
  }

  replyError(s: Session, seq: number, code: number, reason: string): void {
    if (this.reply(s, REPLY.error, encodeFrame({ seq, error: { code, reason } }))) this.counters.errorsOut[code - 1]!++;
  }

  /** Writes bytes to a client and applies the slow-consumer policy; false when the client was dropped. */
  push(s: Session, data: Uint8Array): boolean {
    // A peer that already closed its side: a write would only raise 'write after end'.
    if (s.transport.writable === false) return false;
    s.transport.write(data);
    if (s.transport.writableLength > this.opts.maxOutbound) {
      // A kick could not get through a full queue: count the drop and close at once, freeing the queue.
      this.counters.slowConsumerDrops++;
      s.state = CLOSING;
      s.closeReason = CLOSE.slowConsumer;
      s.transport.destroy();
      return false;
    }
    this.counters.bytesOut += data.length;
    return true;
  }

  /** Sends a kick, then closes gracefully; the sweep destroys it if it has not closed within closeGrace. */
  kick(s: Session, reason: number, closeReason: number, detail = ''): void {
    if (s.state >= CLOSING) return;
    this.push(s, encodeFrame({ kick: { reason, detail } }));
    if (s.state >= CLOSING) return;
    s.state = CLOSING;
    s.closeReason = closeReason;
    s.deadline = this.clock() + (this.opts.closeGrace ?? 2000);
    s.transport.end();
  }

  /** Bad bytes: counted; only this connection is closed, after an error frame and a kick. */
  protocolError(s: Session, err: ProtocolError): void {
    this.counters.protocolErrors++;
    this.replyError(s, 0, ErrorCode.PROTOCOL_ERROR, err.code);
    this.kick(s, KickReason.PROTOCOL_VIOLATION, CLOSE.protocolError, err.code);
  }

  /** Checks every session's deadline (login, heartbeat, forced close). */
  sweep(now = this.clock()): void {
    sweepSessions(this, now);
  }

  /** Graceful stop: kick everyone with SERVER_SHUTDOWN; resolves when all are closed (or destroyed after `grace` ms). */
  async shutdown(grace = 2000): Promise<void> {
    this.shuttingDown = true;
    for (const s of this.sessions) this.kick(s, KickReason.SERVER_SHUTDOWN, CLOSE.shutdown);
    const until = Date.now() + grace;
    while (this.sessions.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    for (const s of this.sessions) s.transport.destroy();
    this.stopTimers();
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  stats(): ChatStats {
    return this.counters.snapshot({ count: this.fanout.rooms.size, members: this.fanout.memberships });
  }

  /** Sessions not logged in yet (for tests and health). */
  get pendingLogins(): number {
    let n = 0;
    for (const s of this.sessions) if (s.state === NEW) n++;
    return n;
  }
}

/** A small seeded PRNG (mulberry32): the same seed drops the same requests. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
