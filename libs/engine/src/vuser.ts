import {
  FrameDecoder,
  ProtocolError,
  ROOM_EVENT_KINDS,
  decodeEnvelope,
  encodeFrame,
  type Envelope,
  type FrameSink,
  type RoomEvent,
  type RoomEventKind,
} from '@loadfleet/protocol';
import type { Plan } from '@loadfleet/scenario';
import { classifyConnectError, type Endpoints } from './connect.js';
import type { EngineMetrics, ConnectFailure } from './metrics.js';
import {
  PENDING_STRIDE,
  T_INTENDED,
  T_STARTED,
  T_WAIT_STARTED,
  coerceNumbers,
  requestKindIndex,
  type Op,
  type Program,
} from './program.js';
import { sampleMs, type Random } from './random.js';
import type { Recorder } from './recorder.js';
import { FIELD_HEARTBEAT_ACK, peekEvent, peekReply, peekedOriginSentAt, peekedSeq } from './frame-peek.js';
import { spliceRequestFrame } from './request-frame.js';
import { readPath, renderTemplate, type TemplateContext, type VarReader } from './template.js';
import type { IntervalQueue } from './interval-queue.js';
import type { TimerHeap, TimerOwner } from './timer-heap.js';
import { openSocket, type OwnedSocket, type SocketOwner } from './user-socket.js';

/** What a virtual user needs from its engine (shared by all users). */
export interface UserContext {
  readonly plan: Plan;
  readonly rec: Recorder;
  readonly m: EngineMetrics;
  readonly heap: TimerHeap;
  /** The heartbeat timers of one interval (every session with heartbeats has its queue). */
  heartbeats(intervalMs: number): IntervalQueue;
  readonly rng: Random;
  readonly endpoints: Endpoints;
  readonly allowTarget: ((host: string, port: number) => boolean) | null;
  readonly maxOutboundBytes: number;
  /** The decoder lent to whichever user is reading a chunk (see VUser.socketData). */
  readonly spareDecoder: FrameDecoder;
  /** Gives the spare decoder away (a user keeps it while a frame straddles its chunks) and makes a new spare. */
  adoptSpareDecoder(): FrameDecoder;
  now(): number;
  socketOpened(): void;
  socketClosed(): void;
  userEnded(user: VUser): void;
}

const enum Wait {
  None,
  Connect,
  Reply,
  Expect,
  Think,
  Yield,
}
const TIMER_WAKE = 0;
export const TIMER_HEARTBEAT = 1;
/** Synchronous ops one user may run before it yields the event loop (a loop of `set`s must not hang the process). */
const OPS_PER_TURN = 256;
/** Source-address retries when the kernel has no free port on an address. */
const ADDRESS_RETRIES = 3;
/** Requests sent without waiting that may be outstanding at once; older ones count as timed out. */
const MAX_PENDING = 32;
const HEARTBEAT_BODY = encodeFrame({ heartbeat: {} }).subarray(1);
const HEARTBEAT = requestKindIndex('heartbeat');

/**
 * One virtual user: a small state machine over one connection, stepping
 * through its session's flat program. No closure or promise per user: sockets
 * and timers call back into it through shared handlers. Its numbers live in one
 * array of doubles (`t`, laid out by the program), and it holds a frame decoder
 * only while a frame straddles two chunks: an idle user is this object, its
 * number array and its socket.
 */
export class VUser implements TimerOwner, FrameSink, TemplateContext, SocketOwner, VarReader {
  private pc = 0;
  private wait = Wait.None;
  private wakeGen = 0;
  private hbGen = 0;
  private seq = 0;
  private awaitSeq = 0;
  private retries = 0;
  /** Requests sent without waiting and not answered yet (entries in `t` from layout.pending). */
  private pendingCount = 0;
  private socket: OwnedSocket | null = null;
  private isConnected = false;
  private decoder: FrameDecoder | null = null;
  /** T_INTENDED, T_STARTED, T_WAIT_STARTED, then loops, transactions and pending requests (Program.layout). */
  private readonly t: number[];
  /** Variable values, by Program.varIndex (an array of the exact size, not a Map per user); null without variables. */
  private readonly varValues: unknown[] | null;
  feederRows: number[] | null = null;
  lastError: NodeJS.ErrnoException | null = null;
  done = false;

  constructor(
    private readonly ctx: UserContext,
    readonly userId: number,
    private readonly program: Program,
    intendedAt: number,
  ) {
    const t = new Array<number>(program.layout.size).fill(0);
    // When the current step should have begun had the generator never been late (epoch ms).
    t[T_INTENDED] = intendedAt;
    t[T_STARTED] = ctx.now();
    this.t = t;
    this.varValues = program.usesVars ? new Array<unknown>(program.varIndex.size) : null;
  }

  get sessionName(): string {
    return this.program.session.name;
  }

  /** Templates read variables through the user itself (VarReader), so it needs no store object. */
  get vars(): VarReader | null {
    return this.varValues === null ? null : this;
  }

  get(name: string): unknown {
    const i = this.program.varIndex.get(name);
    return i === undefined ? undefined : this.varValues![i];
  }

  private setVar(name: string, value: unknown): void {
    this.varValues![this.program.varIndex.get(name)!] = value;
  }

  /** Runs ops until the user has to wait for the network or a timer. */
  run(): void {
    const ops = this.program.ops;
    const ctx = this.ctx;
    const t = this.t;
    const layout = this.program.layout;
    for (let budget = OPS_PER_TURN; !this.done; budget--) {
      if (budget === 0) return this.sleep(ctx.now(), Wait.Yield);
      const op = ops[this.pc]!;
      switch (op.op) {
        case 'connect':
          return this.connect(op.target);
        case 'send':
          if (!this.send(op)) return;
          break;
        case 'expect':
          t[T_WAIT_STARTED] = ctx.now();
          return this.sleep(t[T_WAIT_STARTED] + op.timeoutMs, Wait.Expect);
        case 'think':
          t[T_INTENDED] += sampleMs(op.time, ctx.rng);
          return this.sleep(t[T_INTENDED]!, Wait.Think);
        case 'loopInit':
          t[layout.loopCount + op.slot] = 0;
          t[layout.loopStart + op.slot] = ctx.now();
          this.pc++;
          break;
        case 'loopNext': {
          const n = ++t[layout.loopCount + op.slot]!;
          const expired = op.durationMs > 0 && ctx.now() - t[layout.loopStart + op.slot]! >= op.durationMs;
          this.pc = (op.count > 0 && n >= op.count) || expired ? this.pc + 1 : op.body;
          break;
        }
        case 'choice':
          this.pc = op.targets[ctx.rng.pick(op.cumulative)]!;
          break;
        case 'jump':
          this.pc = op.to;
          break;
        case 'txBegin':
          t[layout.txStart + op.slot] = ctx.now();
          this.pc++;
          break;
        case 'txEnd':
          ctx.rec.record(ctx.m.transactions[op.index]!, (ctx.now() - t[layout.txStart + op.slot]!) * 1000);
          this.pc++;
          break;
        case 'set':
          for (const [name, tpl] of op.vars) this.setVar(name, renderTemplate(tpl, this, ctx.plan.feeders, ctx.rng));
          this.pc++;
          break;
        case 'close':
          this.closeSocket(false);
          this.pc++;
          break;
        case 'end':
          return this.finish(false);
      }
    }
  }

  /** Ends the user at the run's (or the schedule's) request: not a failure. */
  interrupt(): void {
    if (this.done) return;
    this.ctx.rec.add(this.ctx.m.usersInterrupted);
    this.end(false, 'run_end');
  }

  onTimer(tag: number, kind: number, dueAt: number, lateMs: number): void {
    const ctx = this.ctx;
    if (kind === TIMER_HEARTBEAT) {
      if (tag !== this.hbGen || !this.isConnected || this.done) return;
      ctx.rec.record(ctx.m.latenessTimer, lateMs * 1000);
      if (!this.sendHeartbeat(dueAt)) return;
      const hb = this.program.session.heartbeatMs;
      ctx.heartbeats(hb).add(dueAt + hb, this, this.hbGen);
      return;
    }
    if (tag !== this.wakeGen || this.done) return;
    const wait = this.wait;
    this.wait = Wait.None;
    switch (wait) {
      case Wait.Think:
        ctx.rec.record(ctx.m.latenessTimer, lateMs * 1000);
        this.pc++;
        return this.run();
      case Wait.Yield:
        return this.run();
      case Wait.Connect:
        return this.connectFailed('timeout');
      case Wait.Reply:
        ctx.rec.add(ctx.m.errors.request_timeout!);
        return this.advance();
      case Wait.Expect: {
        ctx.rec.add(ctx.m.errors.expect_timeout!);
        const op = this.program.ops[this.pc] as Extract<Op, { op: 'expect' }>;
        return op.abort ? this.fail() : this.advance();
      }
    }
  }

  socketConnected(socket: OwnedSocket): void {
    if (socket !== this.socket) return;
    const ctx = this.ctx;
    const now = ctx.now();
    this.isConnected = true;
    this.retries = 0;
    ctx.rec.add(ctx.m.connEstablished);
    ctx.rec.record(ctx.m.connectTime, (now - this.t[T_WAIT_STARTED]!) * 1000);
    socket.setNoDelay(true);
    const hb = this.program.session.heartbeatMs;
    if (hb > 0) ctx.heartbeats(hb).add(now + hb, this, ++this.hbGen);
    this.wakeGen++;
    this.wait = Wait.None;
    this.t[T_INTENDED] = now;
    this.pc++;
    this.run();
  }

  socketData(socket: OwnedSocket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    const ctx = this.ctx;
    ctx.rec.add(ctx.m.bytesIn, chunk.length);
    // Most chunks hold whole frames: they are read with the engine's spare decoder,
    // and the user takes it over only when a frame is left unfinished.
    const own = this.decoder;
    const d = own ?? ctx.spareDecoder;
    const err = d.feed(chunk, this);
    if (err) return this.protocolError();
    if (own === null) {
      if (!d.idle) this.decoder = ctx.adoptSpareDecoder();
    } else if (d.idle && this.decoder === own) this.decoder = null;
  }

  socketError(socket: OwnedSocket, err: NodeJS.ErrnoException): void {
    if (socket === this.socket) this.lastError = err;
  }

  /** Every socket the user opened reports its close here, the current one and old ones. */
  socketClosed(socket: OwnedSocket): void {
    this.ctx.socketClosed();
    if (socket === this.socket) this.socketLost();
  }

  onFrame(payload: Uint8Array): boolean {
    const ctx = this.ctx;
    // heartbeatAck, ack and room events need no decoding (frame-peek.ts), unless an expect step may want to look at them.
    if (this.wait !== Wait.Expect) {
      const field = peekReply(payload);
      if (field !== 0) {
        const hb = field === FIELD_HEARTBEAT_ACK;
        ctx.rec.add(hb ? ctx.m.msgInHeartbeatAck : ctx.m.msgInAck);
        const seq = peekedSeq();
        if (seq !== 0) this.reply(seq, hb ? 'heartbeatAck' : 'ack', null, payload);
        return this.isConnected && !this.done;
      }
      const kind = peekEvent(payload);
      if (kind >= 0) {
        ctx.rec.add(ctx.m.msgInEvent);
        if (kind < ROOM_EVENT_KINDS.length) this.eventOf(kind, peekedOriginSentAt());
        return this.isConnected && !this.done;
      }
    }
    const env = decodeEnvelope(payload);
    if (env instanceof ProtocolError) {
      this.protocolError();
      return false;
    }
    const kind = env.body!;
    ctx.rec.add(ctx.m.msgIn[kind]!);
    if (kind === 'event') this.roomEvent(env);
    else if (kind === 'kick') ctx.rec.add(ctx.m.errors.kicked!);
    else if (env.seq !== 0) this.reply(env.seq, kind, env, payload);
    if (this.wait === Wait.Expect) this.checkExpect(env, kind);
    // Not `socket !== null`: a user that closed and reconnected while handling this
    // frame has a new socket, and the rest of the old socket's chunk is not for it.
    return this.isConnected && !this.done;
  }

  /** The current connection closed (peer, error, or us). */
  private socketLost(): void {
    this.socket = null;
    this.decoder = null;
    if (!this.isConnected)
      return this.connectFailed(
        classifyConnectError(this.lastError ?? { name: 'Error', message: 'closed', code: 'ECONNRESET' }),
      );
    this.isConnected = false;
    const ctx = this.ctx;
    ctx.rec.add(this.lastError ? ctx.m.connClosed.error! : ctx.m.connClosed.by_peer!);
    ctx.rec.add(ctx.m.errors.closed_by_peer!);
    this.fail();
  }

  /** Requests sent without waiting that are past their deadline count as timed out. */
  expirePending(now: number): void {
    if (this.pendingCount === 0) return;
    const t = this.t;
    const base = this.program.layout.pending;
    for (let i = 0; i < this.pendingCount;) {
      if (t[base + i * PENDING_STRIDE + 4]! <= now) {
        this.ctx.rec.add(this.ctx.m.errors.request_timeout!);
        this.removePending(i);
      } else i++;
    }
  }

  private sleep(until: number, wait: Wait): void {
    this.wait = wait;
    this.ctx.heap.add(until, this, ++this.wakeGen, TIMER_WAKE);
  }

  /** Moves past a step that waited, counting from now. */
  private advance(): void {
    this.wakeGen++;
    this.wait = Wait.None;
    this.t[T_INTENDED] = this.ctx.now();
    this.pc++;
    this.run();
  }

  private connect(fixedTarget: number): void {
    const ctx = this.ctx;
    if (this.socket) this.closeSocket(false);
    const target = ctx.endpoints.target(fixedTarget);
    const localAddress = ctx.endpoints.source();
    ctx.rec.add(ctx.m.connAttempted);
    if (ctx.allowTarget !== null && !ctx.allowTarget(target.host, target.port)) return this.connectFailed('forbidden');
    this.lastError = null;
    const now = ctx.now();
    this.t[T_WAIT_STARTED] = now;
    this.sleep(now + ctx.plan.timeouts.connectMs, Wait.Connect);
    let socket: OwnedSocket;
    try {
      socket = openSocket(target, localAddress, this);
    } catch (err) {
      return this.connectFailed(classifyConnectError(err as NodeJS.ErrnoException));
    }
    ctx.socketOpened();
    this.socket = socket;
    this.isConnected = false;
  }

  private connectFailed(reason: ConnectFailure): void {
    const ctx = this.ctx;
    ctx.rec.add(ctx.m.connFailed[reason]!);
    if (this.socket) this.closeSocket(true);
    // The kernel found no free port on that source address: the next address may have one.
    if ((reason === 'addrnotavail' || reason === 'addrinuse') && this.retries++ < ADDRESS_RETRIES) {
      return this.connect((this.program.ops[this.pc] as Extract<Op, { op: 'connect' }>).target);
    }
    ctx.rec.add(ctx.m.errors.connect!);
    this.fail();
  }

  /** Sends a request; returns true when the program goes on at once. */
  private send(op: Extract<Op, { op: 'send' }>): boolean {
    const ctx = this.ctx;
    if (!this.isConnected) {
      ctx.rec.add(ctx.m.errors.closed_by_peer!);
      this.fail();
      return false;
    }
    const now = ctx.now();
    const seq = this.nextSeq();
    let frame: Uint8Array;
    if (op.staticBody) frame = spliceRequestFrame(seq, now, op.staticBody);
    else {
      const body: Record<string, unknown> = {};
      for (const k in op.fields) body[k] = renderTemplate(op.fields[k]!, this, ctx.plan.feeders, ctx.rng);
      frame = encodeFrame({ seq, sentAt: now, [op.request]: coerceNumbers(op.request, body) });
    }
    if (!this.write(frame, op.kind)) return false;
    if (op.wait) {
      // While it waits, pc stays on this op and T_INTENDED keeps the step's intended start.
      this.awaitSeq = seq;
      this.t[T_WAIT_STARTED] = now;
      this.sleep(now + op.timeoutMs, Wait.Reply);
      return false;
    }
    this.track(seq, op.kind, now, this.t[T_INTENDED]!, now + op.timeoutMs);
    this.pc++;
    return true;
  }

  /** `dueAt` may be a little ahead of now: heartbeats due together are sent together (EngineOptions.heartbeatBatchMs). */
  private sendHeartbeat(dueAt: number): boolean {
    const now = this.ctx.now();
    const seq = this.nextSeq();
    if (!this.write(spliceRequestFrame(seq, now, HEARTBEAT_BODY), HEARTBEAT)) return false;
    this.track(seq, HEARTBEAT, now, dueAt < now ? dueAt : now, now + this.ctx.plan.timeouts.requestMs);
    return true;
  }

  /** Writes a frame; false when the target has left too much unread and the user failed (errors.slow_target). */
  private write(frame: Uint8Array, kind: number): boolean {
    const ctx = this.ctx;
    const socket = this.socket!;
    socket.write(frame);
    ctx.rec.add(ctx.m.bytesOut, frame.length);
    ctx.rec.add(ctx.m.msgOutByKind[kind]!);
    // Node queues whatever the kernel will not take: without a bound, a target that never reads grows us without limit.
    if (socket.writableLength <= ctx.maxOutboundBytes) return true;
    ctx.rec.add(ctx.m.errors.slow_target!);
    this.fail();
    return false;
  }

  /** Adds a pending request in place; the number array grows only past the room the layout gave it. */
  private track(seq: number, kind: number, sentAt: number, intendedAt: number, deadline: number): void {
    if (this.pendingCount >= MAX_PENDING) this.expirePending(Infinity);
    const t = this.t;
    const at = this.program.layout.pending + this.pendingCount * PENDING_STRIDE;
    if (at === t.length) t.push(seq, kind, sentAt, intendedAt, deadline);
    else {
      t[at] = seq;
      t[at + 1] = kind;
      t[at + 2] = sentAt;
      t[at + 3] = intendedAt;
      t[at + 4] = deadline;
    }
    this.pendingCount++;
  }

  /** Index of the pending request with this seq, or -1. */
  private findPending(seq: number): number {
    const t = this.t;
    const base = this.program.layout.pending;
    for (let i = 0; i < this.pendingCount; i++) if (t[base + i * PENDING_STRIDE] === seq) return i;
    return -1;
  }

  /** Removes pending entry i by moving the last one into its place (their order does not matter). */
  private removePending(i: number): void {
    const last = --this.pendingCount;
    if (i === last) return;
    const t = this.t;
    const base = this.program.layout.pending;
    const to = base + i * PENDING_STRIDE;
    const from = base + last * PENDING_STRIDE;
    for (let k = 0; k < PENDING_STRIDE; k++) t[to + k] = t[from + k]!;
  }

  private nextSeq(): number {
    this.seq = this.seq >= 0xfffffffe ? 1 : this.seq + 1;
    return this.seq;
  }

  /** A reply to request `seq`; `env` is null when it came by the fast path (decoded from `payload` only if needed). */
  private reply(seq: number, kind: string, env: Envelope | null, payload: Uint8Array): void {
    const ctx = this.ctx;
    const now = ctx.now();
    const t = this.t;
    let request: number;
    let sentAt: number;
    let intendedAt: number;
    const waited = this.wait === Wait.Reply && seq === this.awaitSeq;
    if (waited) {
      request = (this.program.ops[this.pc] as Extract<Op, { op: 'send' }>).kind;
      sentAt = t[T_WAIT_STARTED]!;
      intendedAt = t[T_INTENDED]!;
    } else {
      const i = this.findPending(seq);
      if (i < 0) return; // a reply after its timeout: counted in msg.in only
      const at = this.program.layout.pending + i * PENDING_STRIDE;
      request = t[at + 1]!;
      sentAt = t[at + 2]!;
      intendedAt = t[at + 3]!;
      this.removePending(i);
    }
    ctx.rec.record(ctx.m.responseByKind[request]!, (now - sentAt) * 1000);
    ctx.rec.record(ctx.m.responseIntendedByKind[request]!, (now - intendedAt) * 1000);
    if (kind === 'error') ctx.rec.add(ctx.m.errors.error_reply!);
    else if (kind === 'loginAck') ctx.rec.add(ctx.m.usersLoggedIn);
    if (!waited) return;
    const op = this.program.ops[this.pc] as Extract<Op, { op: 'send' }>;
    if (op.extract.length > 0) {
      const full = env ?? decodeEnvelope(payload);
      if (full instanceof ProtocolError) return this.protocolError();
      this.extract(op.extract, (full as unknown as Record<string, unknown>)[kind]);
    }
    this.advance();
  }

  private roomEvent(env: Envelope): void {
    const ev = env.event as RoomEvent;
    if (ev.kind) this.eventOf(ROOM_EVENT_KINDS.indexOf(ev.kind as RoomEventKind), ev.originSentAt);
  }

  /** A room event of kind `kind` (index in ROOM_EVENT_KINDS) sent by its origin at `originSentAt` (0 = unknown). */
  private eventOf(kind: number, originSentAt: number): void {
    const ctx = this.ctx;
    ctx.rec.add(ctx.m.eventInByKind[kind]!);
    if (originSentAt > 0) {
      const us = (ctx.now() - originSentAt) * 1000;
      ctx.rec.record(ctx.m.deliveryByKind[kind]!, us);
      ctx.rec.record(ctx.m.deliveryAll, us);
    }
  }

  private checkExpect(env: Envelope, kind: string): void {
    const op = this.program.ops[this.pc] as Extract<Op, { op: 'expect' }>;
    let body: unknown;
    if (op.type === kind) body = (env as unknown as Record<string, unknown>)[kind];
    else if (
      kind === 'event' &&
      op.type.startsWith('event') &&
      (op.type === 'event' || op.type === `event.${(env.event as RoomEvent).kind}`)
    )
      body = env.event;
    else return;
    for (const [path, t] of op.match) {
      const expected = renderTemplate(t, this, this.ctx.plan.feeders, this.ctx.rng);
      if (String(lookup(body, path)) !== String(expected)) {
        this.ctx.rec.add(this.ctx.m.errors.expect_mismatch!);
        if (op.abort) return this.fail();
        return this.advance();
      }
    }
    this.extract(op.extract, body);
    this.advance();
  }

  private extract(pairs: [string, string][], body: unknown): void {
    for (const [name, path] of pairs) this.setVar(name, lookup(body, path));
  }

  private protocolError(): void {
    this.ctx.rec.add(this.ctx.m.errors.protocol!);
    this.fail();
  }

  private fail(): void {
    this.end(true, 'error');
  }

  private finish(failed: boolean): void {
    this.end(failed, 'by_user');
  }

  private end(failed: boolean, closeReason: 'by_user' | 'error' | 'run_end'): void {
    if (this.done) return;
    const ctx = this.ctx;
    this.done = true;
    this.wakeGen++;
    this.hbGen++;
    if (this.socket) {
      ctx.rec.add(ctx.m.connClosed[closeReason]!);
      this.closeSocket(failed);
    }
    ctx.rec.record(ctx.m.sessionTime, (ctx.now() - this.t[T_STARTED]!) * 1000);
    if (closeReason !== 'run_end') ctx.rec.add(failed ? ctx.m.usersFailed : ctx.m.usersFinished);
    ctx.userEnded(this);
  }

  private closeSocket(destroy: boolean): void {
    const socket = this.socket;
    if (!socket) return;
    if (!this.done && this.isConnected) this.ctx.rec.add(this.ctx.m.connClosed.by_user!);
    // Its close event still comes here (socketClosed), and is then only counted.
    this.socket = null;
    this.isConnected = false;
    this.hbGen++;
    this.decoder = null;
    if (destroy) socket.destroy();
    else socket.end();
  }
}

/** A field of a reply or event: a path into the body, or (for events) into the event's kind payload. */
function lookup(body: unknown, path: string): unknown {
  const direct = readPath(body, path);
  if (direct !== undefined) return direct;
  const ev = body as { kind?: string } | null;
  return ev && typeof ev.kind === 'string' ? readPath((ev as Record<string, unknown>)[ev.kind], path) : undefined;
}
