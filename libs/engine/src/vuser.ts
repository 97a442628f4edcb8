import net from 'node:net';
import tls from 'node:tls';
import {
  FrameDecoder,
  ProtocolError,
  decodeEnvelope,
  encodeFrame,
  type Envelope,
  type FrameSink,
  type RoomEvent,
} from '@loadfleet/protocol';
import type { Plan } from '@loadfleet/scenario';
import { classifyConnectError, type Endpoints } from './connect.js';
import type { EngineMetrics, ConnectFailure } from './metrics.js';
import { coerceNumbers, type Op, type Program } from './program.js';
import { sampleMs, type Random } from './random.js';
import type { Recorder } from './recorder.js';
import { spliceRequestFrame } from './request-frame.js';
import { readPath, renderTemplate, type TemplateContext } from './template.js';
import type { TimerHeap, TimerOwner } from './timer-heap.js';

/** What a virtual user needs from its engine (shared by all users). */
export interface UserContext {
  readonly plan: Plan;
  readonly rec: Recorder;
  readonly m: EngineMetrics;
  readonly heap: TimerHeap;
  readonly rng: Random;
  readonly endpoints: Endpoints;
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
const TIMER_HEARTBEAT = 1;
/** Synchronous ops one user may run before it yields the event loop (a loop of `set`s must not hang the process). */
const OPS_PER_TURN = 256;
/** Source-address retries when the kernel has no free port on an address. */
const ADDRESS_RETRIES = 3;
/** Requests sent without waiting that may be outstanding at once; older ones count as timed out. */
const MAX_PENDING = 32;
const HEARTBEAT_BODY = encodeFrame({ heartbeat: {} }).subarray(1);

const kUser = Symbol('loadfleet.vuser');
const kContext = Symbol('loadfleet.context');
type UserSocket = net.Socket & { [kUser]: VUser | null; [kContext]: UserContext };

// Socket handlers are shared by every socket: `this` is the socket, which points at its user.
function onConnect(this: UserSocket): void {
  this[kUser]?.connected();
}
function onData(this: UserSocket, chunk: Buffer): void {
  this[kUser]?.received(chunk);
}
function onError(this: UserSocket, err: NodeJS.ErrnoException): void {
  const user = this[kUser];
  if (user) user.lastError = err;
}
function onClose(this: UserSocket): void {
  this[kContext].socketClosed();
  this[kUser]?.socketLost();
}

/**
 * One virtual user: a small state machine over one connection, stepping
 * through its session's flat program. No closure or promise per user: sockets
 * and timers call back into it through shared handlers.
 */
export class VUser implements TimerOwner, FrameSink, TemplateContext {
  private pc = 0;
  private wait = Wait.None;
  private wakeGen = 0;
  private hbGen = 0;
  private seq = 0;
  private socket: UserSocket | null = null;
  private isConnected = false;
  private decoder: FrameDecoder | null = null;
  private retries = 0;
  private waitStartedAt = 0;
  private awaitSeq = 0;
  private awaitIntendedAt = 0;
  private awaitKind = '';
  /** When the current step should have begun had the generator never been late (epoch ms). */
  private intendedAt: number;
  private readonly startedAt: number;
  private readonly loopCount: number[] | null;
  private readonly loopStart: number[] | null;
  private readonly txStart: number[] | null;
  /** Outstanding requests sent without waiting: [seq, sentAt, intendedAt, deadline] each. */
  private pending: number[] | null = null;
  private pendingKinds: string[] | null = null;
  vars: Map<string, unknown> | null;
  feederRows: number[] | null = null;
  lastError: NodeJS.ErrnoException | null = null;
  done = false;

  constructor(
    private readonly ctx: UserContext,
    readonly userId: number,
    private readonly program: Program,
    intendedAt: number,
  ) {
    this.intendedAt = intendedAt;
    this.startedAt = ctx.now();
    this.loopCount = program.loopSlots ? new Array<number>(program.loopSlots).fill(0) : null;
    this.loopStart = program.loopSlots ? new Array<number>(program.loopSlots).fill(0) : null;
    this.txStart = program.txSlots ? new Array<number>(program.txSlots).fill(0) : null;
    this.vars = program.usesVars ? new Map() : null;
  }

  get sessionName(): string {
    return this.program.session.name;
  }

  /** Runs ops until the user has to wait for the network or a timer. */
  run(): void {
    const ops = this.program.ops;
    const ctx = this.ctx;
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
          this.waitStartedAt = ctx.now();
          return this.sleep(this.waitStartedAt + op.timeoutMs, Wait.Expect);
        case 'think':
          this.intendedAt += sampleMs(op.time, ctx.rng);
          return this.sleep(this.intendedAt, Wait.Think);
        case 'loopInit':
          this.loopCount![op.slot] = 0;
          this.loopStart![op.slot] = ctx.now();
          this.pc++;
          break;
        case 'loopNext': {
          const n = ++this.loopCount![op.slot]!;
          const expired = op.durationMs > 0 && ctx.now() - this.loopStart![op.slot]! >= op.durationMs;
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
          this.txStart![op.slot] = ctx.now();
          this.pc++;
          break;
        case 'txEnd':
          ctx.rec.record(ctx.m.transactions[op.index]!, (ctx.now() - this.txStart![op.slot]!) * 1000);
          this.pc++;
          break;
        case 'set':
          for (const [name, t] of op.vars) this.vars!.set(name, renderTemplate(t, this, ctx.plan.feeders, ctx.rng));
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
      this.sendHeartbeat(dueAt);
      ctx.heap.add(dueAt + this.program.session.heartbeatMs, this, this.hbGen, TIMER_HEARTBEAT);
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

  connected(): void {
    const ctx = this.ctx;
    const now = ctx.now();
    this.isConnected = true;
    this.retries = 0;
    ctx.rec.add(ctx.m.connEstablished);
    ctx.rec.record(ctx.m.connectTime, (now - this.waitStartedAt) * 1000);
    this.socket!.setNoDelay(true);
    this.decoder = new FrameDecoder(ctx.plan.maxFrameBytes);
    const hb = this.program.session.heartbeatMs;
    if (hb > 0) ctx.heap.add(now + hb, this, ++this.hbGen, TIMER_HEARTBEAT);
    this.wakeGen++;
    this.wait = Wait.None;
    this.intendedAt = now;
    this.pc++;
    this.run();
  }

  received(chunk: Buffer): void {
    this.ctx.rec.add(this.ctx.m.bytesIn, chunk.length);
    const err = this.decoder!.feed(chunk, this);
    if (err) this.protocolError();
  }

  onFrame(payload: Uint8Array): boolean {
    const env = decodeEnvelope(payload);
    if (env instanceof ProtocolError) {
      this.protocolError();
      return false;
    }
    const ctx = this.ctx;
    const kind = env.body!;
    ctx.rec.add(ctx.m.msgIn[kind]!);
    if (kind === 'event') this.roomEvent(env);
    else if (kind === 'kick') ctx.rec.add(ctx.m.errors.kicked!);
    else if (env.seq !== 0) this.reply(env, kind);
    if (this.wait === Wait.Expect) this.checkExpect(env, kind);
    return this.socket !== null && !this.done;
  }

  /** The connection closed (peer, error, or us). */
  socketLost(): void {
    const socket = this.socket;
    if (!socket) return;
    socket[kUser] = null;
    this.socket = null;
    if (!this.isConnected) return this.connectFailed(classifyConnectError(this.lastError ?? { name: 'Error', message: 'closed', code: 'ECONNRESET' }));
    this.isConnected = false;
    const ctx = this.ctx;
    ctx.rec.add(this.lastError ? ctx.m.connClosed.error! : ctx.m.connClosed.by_peer!);
    ctx.rec.add(ctx.m.errors.closed_by_peer!);
    this.fail();
  }

  /** Requests sent without waiting that are past their deadline count as timed out. */
  expirePending(now: number): void {
    const p = this.pending;
    if (!p || p.length === 0) return;
    let w = 0;
    for (let r = 0; r < p.length; r += 4) {
      if (p[r + 3]! <= now) {
        this.ctx.rec.add(this.ctx.m.errors.request_timeout!);
        continue;
      }
      for (let k = 0; k < 4; k++) p[w + k] = p[r + k]!;
      this.pendingKinds![w / 4] = this.pendingKinds![r / 4]!;
      w += 4;
    }
    p.length = w;
    this.pendingKinds!.length = w / 4;
  }

  private sleep(until: number, wait: Wait): void {
    this.wait = wait;
    this.ctx.heap.add(until, this, ++this.wakeGen, TIMER_WAKE);
  }

  /** Moves past a step that waited, counting from now. */
  private advance(): void {
    this.wakeGen++;
    this.wait = Wait.None;
    this.intendedAt = this.ctx.now();
    this.pc++;
    this.run();
  }

  private connect(fixedTarget: number): void {
    const ctx = this.ctx;
    if (this.socket) this.closeSocket(false);
    const target = ctx.endpoints.target(fixedTarget);
    const localAddress = ctx.endpoints.source();
    ctx.rec.add(ctx.m.connAttempted);
    this.lastError = null;
    this.waitStartedAt = ctx.now();
    this.sleep(this.waitStartedAt + ctx.plan.timeouts.connectMs, Wait.Connect);
    let socket: UserSocket;
    try {
      socket = (
        target.tls
          ? tls.connect({
              host: target.host,
              port: target.port,
              servername: target.tls.servername ?? target.host,
              rejectUnauthorized: target.tls.rejectUnauthorized,
              ca: target.tls.ca,
              // Passed through to the TCP connect; missing from tls's typings.
              ...({ localAddress } as object),
            })
          : net.connect({ host: target.host, port: target.port, localAddress })
      ) as UserSocket;
    } catch (err) {
      return this.connectFailed(classifyConnectError(err as NodeJS.ErrnoException));
    }
    socket[kUser] = this;
    socket[kContext] = ctx;
    socket.on(target.tls ? 'secureConnect' : 'connect', onConnect);
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
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
    this.write(frame, op.request);
    if (op.wait) {
      this.awaitSeq = seq;
      this.waitStartedAt = now;
      this.awaitIntendedAt = this.intendedAt;
      this.awaitKind = op.request;
      this.sleep(now + op.timeoutMs, Wait.Reply);
      return false;
    }
    this.track(seq, now, op.timeoutMs, op.request);
    this.pc++;
    return true;
  }

  private sendHeartbeat(intendedAt: number): void {
    const now = this.ctx.now();
    const seq = this.nextSeq();
    this.write(spliceRequestFrame(seq, now, HEARTBEAT_BODY), 'heartbeat');
    this.track(seq, now, this.ctx.plan.timeouts.requestMs, 'heartbeat', intendedAt);
  }

  private write(frame: Uint8Array, kind: string): void {
    const ctx = this.ctx;
    this.socket!.write(frame);
    ctx.rec.add(ctx.m.bytesOut, frame.length);
    ctx.rec.add(ctx.m.msgOut[kind]!);
  }

  private track(seq: number, sentAt: number, timeoutMs: number, kind: string, intendedAt = this.intendedAt): void {
    if (!this.pending) {
      this.pending = [];
      this.pendingKinds = [];
    }
    if (this.pendingKinds!.length >= MAX_PENDING) this.expirePending(Infinity);
    this.pending.push(seq, sentAt, intendedAt, sentAt + timeoutMs);
    this.pendingKinds!.push(kind);
  }

  private nextSeq(): number {
    this.seq = this.seq >= 0xfffffffe ? 1 : this.seq + 1;
    return this.seq;
  }

  private reply(env: Envelope, kind: string): void {
    const ctx = this.ctx;
    const now = ctx.now();
    let request: string;
    let sentAt: number;
    let intendedAt: number;
    const waited = this.wait === Wait.Reply && env.seq === this.awaitSeq;
    if (waited) {
      request = this.awaitKind;
      sentAt = this.waitStartedAt;
      intendedAt = this.awaitIntendedAt;
    } else {
      const p = this.pending;
      let i = -1;
      if (p) for (let r = 0; r < p.length; r += 4) if (p[r] === env.seq) i = r;
      if (i < 0) return; // a reply after its timeout: counted in msg.in only
      request = this.pendingKinds![i / 4]!;
      sentAt = p![i + 1]!;
      intendedAt = p![i + 2]!;
      p!.splice(i, 4);
      this.pendingKinds!.splice(i / 4, 1);
    }
    ctx.rec.record(ctx.m.response[request]!, (now - sentAt) * 1000);
    ctx.rec.record(ctx.m.responseIntended[request]!, (now - intendedAt) * 1000);
    if (kind === 'error') ctx.rec.add(ctx.m.errors.error_reply!);
    else if (kind === 'loginAck') ctx.rec.add(ctx.m.usersLoggedIn);
    if (!waited) return;
    const op = this.program.ops[this.pc] as Extract<Op, { op: 'send' }>;
    this.extract(op.extract, (env as unknown as Record<string, unknown>)[kind]);
    this.advance();
  }

  private roomEvent(env: Envelope): void {
    const ctx = this.ctx;
    const ev = env.event as RoomEvent;
    const kind = ev.kind;
    if (!kind) return;
    ctx.rec.add(ctx.m.eventIn[kind]!);
    if (ev.originSentAt > 0) {
      const us = (ctx.now() - ev.originSentAt) * 1000;
      ctx.rec.record(ctx.m.delivery[kind]!, us);
      ctx.rec.record(ctx.m.deliveryAll, us);
    }
  }

  private checkExpect(env: Envelope, kind: string): void {
    const op = this.program.ops[this.pc] as Extract<Op, { op: 'expect' }>;
    let body: unknown;
    if (op.type === kind) body = (env as unknown as Record<string, unknown>)[kind];
    else if (kind === 'event' && op.type.startsWith('event') && (op.type === 'event' || op.type === `event.${(env.event as RoomEvent).kind}`)) body = env.event;
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
    for (const [name, path] of pairs) this.vars!.set(name, lookup(body, path));
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
    ctx.rec.record(ctx.m.sessionTime, (ctx.now() - this.startedAt) * 1000);
    if (closeReason !== 'run_end') ctx.rec.add(failed ? ctx.m.usersFailed : ctx.m.usersFinished);
    ctx.userEnded(this);
  }

  private closeSocket(destroy: boolean): void {
    const socket = this.socket;
    if (!socket) return;
    if (!this.done && this.isConnected) this.ctx.rec.add(this.ctx.m.connClosed.by_user!);
    socket[kUser] = null;
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
