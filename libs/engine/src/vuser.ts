import { ProtocolError, type Decoded, type FrameHandler, type FrameSplitter } from '@loadfleet/protocol';
import type { Template } from '@loadfleet/scenario';
import { classifyConnectError } from './connect.js';
import type { Connection, ConnectionOwner } from './connection.js';
import { passes } from './conditions.js';
import type { ConnectFailure } from './metrics.js';
import {
  P_DEADLINE,
  P_INTENDED,
  P_KIND,
  P_SENT,
  P_SEQ,
  addPending,
  findBySeq,
  findInOrder,
  removePending,
} from './pending.js';
import { PENDING_STRIDE, T_INTENDED, T_LOST, T_STARTED, T_WAIT_STARTED, type Op, type Program } from './program.js';
import { sampleMs } from './random.js';
import { readPath, renderTemplate, type TemplateContext, type VarReader } from './template.js';
import type { TimerOwner } from './timer-heap.js';
import type { UserContext } from './user-context.js';
import { renderFields, type LeafRenderer } from './values.js';

export const enum Wait {
  None,
  Connect,
  Reply,
  Expect,
  Think,
  Yield,
  Rendezvous,
  Reconnect,
}
const TIMER_WAKE = 0;
export const TIMER_HEARTBEAT = 1;
/** Synchronous ops one user may run before it yields the event loop (a loop of `set`s must not hang the process). */
const OPS_PER_TURN = 256;
/** Source-address retries when the kernel has no free port on an address. */
const ADDRESS_RETRIES = 3;
/** Requests that may be outstanding at once; older ones count as timed out. */
const MAX_PENDING = 32;

type SendOp = Extract<Op, { op: 'send' }>;
type ExpectOp = Extract<Op, { op: 'expect' }>;

/**
 * One virtual user: the interpreter of its session's flat program over one
 * connection. No closure or promise per user: connections and timers call back
 * into it through shared handlers. Its numbers live in one array of doubles
 * (`t`, laid out by the program, with the pending-reply table of pending.ts at
 * its end), and it holds a frame splitter only while a frame straddles two
 * chunks: an idle user is this object, its number array and its connection.
 */
export class VUser implements TimerOwner, FrameHandler, TemplateContext, ConnectionOwner, VarReader, LeafRenderer {
  private pc = 0;
  wait = Wait.None;
  private wakeGen = 0;
  private hbGen = 0;
  private seq = 0;
  /** The seq of the request the program waits on (Wait.Reply), 0 when none. */
  private awaitSeq = 0;
  private retries = 0;
  /** Reconnects left after a lost connection (the session's reconnect.attempts, refilled once back). */
  private reconnectsLeft: number;
  /** Requests sent and not answered yet (pending.ts entries in `t` from layout.pending), in send order. */
  private pendingCount = 0;
  private conn: Connection | null = null;
  private isConnected = false;
  private splitter: FrameSplitter | null = null;
  /** T_INTENDED, T_STARTED, T_WAIT_STARTED, then loops, transactions, retries and pending requests (Program.layout). */
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
    this.reconnectsLeft = program.session.reconnect?.attempts ?? 0;
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

  /** Renders a template for this user (LeafRenderer: message fields are rendered through the user itself). */
  renderLeaf(tpl: Template): unknown {
    return renderTemplate(tpl, this, this.ctx.plan.feeders, this.ctx.rng);
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
          t[T_INTENDED]! += sampleMs(op.time, ctx.rng);
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
        case 'if':
          this.pc = op.conditions.every((c) => passes(c, this.get(c.path), c.value && this.renderLeaf(c.value)))
            ? this.pc + 1
            : op.otherwise;
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
          for (const [name, tpl] of op.vars) this.setVar(name, this.renderLeaf(tpl));
          this.pc++;
          break;
        case 'rendezvous':
          if (ctx.rendezvous.arrive(op.index, op.users, this)) {
            this.pc++;
            break;
          }
          return this.sleep(ctx.now() + op.timeoutMs, Wait.Rendezvous);
        case 'close':
          this.closeConnection(false);
          this.pc++;
          break;
        case 'end':
          return this.finish(false);
        default:
          return unreachable(op);
      }
    }
  }

  /** Ends the user at the run's (or the schedule's) request: not a failure. */
  interrupt(): void {
    if (this.done) return;
    this.ctx.rec.add(this.ctx.m.usersInterrupted);
    this.end(false, 'run_end');
  }

  /** Its rendezvous group is complete: the user goes on. */
  released(): void {
    if (this.done || this.wait !== Wait.Rendezvous) return;
    this.advance();
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
      case Wait.Reply: {
        const i = findBySeq(this.t, this.program.layout.pending, this.pendingCount, this.awaitSeq);
        if (i >= 0) this.timedOut(i);
        else ctx.rec.add(ctx.m.errors.request_timeout!);
        this.awaitSeq = 0;
        return this.advance();
      }
      case Wait.Expect:
        return this.expectTimedOut(this.program.ops[this.pc] as ExpectOp);
      case Wait.Rendezvous:
        ctx.rendezvous.leave((this.program.ops[this.pc] as Extract<Op, { op: 'rendezvous' }>).index, this);
        ctx.rec.add(ctx.m.rendezvousTimeouts);
        return this.advance();
      case Wait.Reconnect:
        // The session starts over: connect, log in, join again.
        ctx.rec.add(ctx.m.reconnects);
        this.pc = 0;
        this.t[T_INTENDED] = ctx.now();
        return this.run();
      case Wait.None:
        return;
    }
  }

  // --- the connection --------------------------------------------------------------

  connConnected(conn: Connection): void {
    if (conn !== this.conn) return;
    const ctx = this.ctx;
    const now = ctx.now();
    this.isConnected = true;
    this.retries = 0;
    ctx.rec.add(ctx.m.connEstablished);
    ctx.rec.record(ctx.m.connectTime, (now - this.t[T_WAIT_STARTED]!) * 1000);
    if (conn.stream) (conn as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    const hb = this.program.session.heartbeatMs;
    if (hb > 0 && ctx.heartbeatKind !== null) ctx.heartbeats(hb).add(now + hb, this, ++this.hbGen);
    if (this.t[T_LOST] !== 0 && ctx.protocol.loginKind < 0) this.backAfterLoss(now);
    this.wakeGen++;
    this.wait = Wait.None;
    this.t[T_INTENDED] = now;
    this.pc++;
    this.run();
  }

  connData(conn: Connection, chunk: Buffer): void {
    if (conn !== this.conn) return;
    const ctx = this.ctx;
    ctx.rec.add(ctx.m.bytesIn, chunk.length);
    // Most chunks hold whole frames: they are read with the engine's spare splitter,
    // and the user takes it over only when a frame is left unfinished.
    const own = this.splitter;
    const s = own ?? ctx.spareSplitter;
    const err = s.feed(chunk, this);
    if (err) return this.protocolError();
    if (own === null) {
      if (!s.idle) this.splitter = ctx.adoptSpareSplitter();
    } else if (s.idle && this.splitter === own) this.splitter = null;
  }

  connMessage(conn: Connection, message: Buffer, binary: boolean): void {
    if (conn !== this.conn) return;
    const ctx = this.ctx;
    ctx.rec.add(ctx.m.bytesIn, message.length);
    const hv = ctx.headerValues;
    const payload = binary ? ctx.protocol.messagePayload(message, hv) : null;
    if (payload === null || payload instanceof ProtocolError) return this.protocolError();
    this.onFrame(payload, hv.typeId, hv.seq);
  }

  connError(conn: Connection, err: NodeJS.ErrnoException): void {
    if (conn !== this.conn) return;
    this.lastError = err;
    // A WebSocket message over the limit is the target's protocol error, not a network one.
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.protocolError();
  }

  /** Every connection the user opened reports its close here, the current one and old ones. */
  connClosed(conn: Connection): void {
    this.ctx.socketClosed();
    if (conn === this.conn) this.connectionLost();
  }

  // --- receiving --------------------------------------------------------------------

  onFrame(payload: Uint8Array, typeId: number, headerSeq: number): boolean {
    const ctx = this.ctx;
    const protocol = ctx.protocol;
    // An expect only sees what arrives once it waits, not the reply that got it there.
    const expecting = this.wait === Wait.Expect;
    let decoded: Decoded | null = null;
    let k = protocol.peek(payload, typeId, headerSeq);
    let seq: number;
    let event: number;
    let originMs: number;
    if (k >= 0) {
      const p = protocol.peeker;
      seq = p.seq;
      event = p.event;
      originMs = p.originMs;
    } else {
      const d = protocol.decode(payload, typeId, headerSeq);
      if (d instanceof ProtocolError) {
        this.protocolError();
        return false;
      }
      decoded = d;
      k = d.kind.index;
      seq = d.seq;
      event = d.event;
      originMs = d.originMs;
    }
    ctx.rec.add(ctx.m.msgIn[k]!);
    const kind = protocol.kinds[k]!;
    switch (kind.role) {
      case 'reply':
      case 'error':
        this.reply(k, kind.role === 'error', seq, decoded, payload, typeId, headerSeq);
        break;
      case 'event':
        if (event >= 0) this.eventOf(event, originMs);
        break;
      case 'disconnect':
        ctx.rec.add(ctx.m.errors.kicked!);
        break;
      case 'request':
      case 'message':
        break;
    }
    if (expecting && this.wait === Wait.Expect) this.checkExpect(k, event, decoded, payload, typeId, headerSeq);
    // Not `conn !== null`: a user that closed and reconnected while handling this
    // frame has a new connection, and the rest of the old one's chunk is not for it.
    return this.isConnected && !this.done;
  }

  /** A reply (or error reply) of kind `k`: the request it answers is timed and, if awaited, the program goes on. */
  private reply(
    k: number,
    isError: boolean,
    seq: number,
    decoded: Decoded | null,
    payload: Uint8Array,
    typeId: number,
    headerSeq: number,
  ): void {
    const ctx = this.ctx;
    const t = this.t;
    const base = this.program.layout.pending;
    const match = ctx.protocol.match;
    const i =
      match === 'echo'
        ? seq > 0
          ? findBySeq(t, base, this.pendingCount, seq)
          : -1
        : match === 'fifo'
          ? findInOrder(t, base, this.pendingCount, k, ctx.replyOf, isError)
          : -1;
    if (i < 0) return; // a reply after its timeout, or unsolicited: counted in msg.in only
    const at = base + i * PENDING_STRIDE;
    const requestSeq = t[at + P_SEQ]!;
    const request = t[at + P_KIND]!;
    const now = ctx.now();
    ctx.rec.record(ctx.m.response[request]!, (now - t[at + P_SENT]!) * 1000);
    ctx.rec.record(ctx.m.responseIntended[request]!, (now - t[at + P_INTENDED]!) * 1000);
    ctx.rec.add(ctx.m.requestAnswered[request]!);
    removePending(t, base, this.pendingCount--, i);
    if (isError) ctx.rec.add(ctx.m.errors.error_reply!);
    else if (request === ctx.protocol.loginKind) {
      ctx.rec.add(ctx.m.usersLoggedIn);
      if (t[T_LOST] !== 0) this.backAfterLoss(now);
    }
    if (this.wait !== Wait.Reply || requestSeq !== this.awaitSeq) return;
    this.awaitSeq = 0;
    const op = this.program.ops[this.pc] as SendOp;
    if (op.extract.length > 0) {
      const full = decoded ?? ctx.protocol.decode(payload, typeId, headerSeq);
      if (full instanceof ProtocolError) return this.protocolError();
      this.extract(op.extract, ctx.protocol.toPlain(full));
    }
    this.advance();
  }

  /** An event (index into the protocol's event names) sent by its origin at `originMs` (0 = unknown). */
  private eventOf(event: number, originMs: number): void {
    const ctx = this.ctx;
    ctx.rec.add(ctx.m.eventIn[event]!);
    if (originMs > 0) {
      const us = (ctx.now() - originMs) * 1000;
      ctx.rec.record(ctx.m.delivery[event]!, us);
      ctx.rec.record(ctx.m.deliveryAll, us);
    }
  }

  private checkExpect(
    k: number,
    event: number,
    decoded: Decoded | null,
    payload: Uint8Array,
    typeId: number,
    headerSeq: number,
  ): void {
    const op = this.program.ops[this.pc] as ExpectOp;
    if (k !== op.kind.index || (op.event >= 0 && event !== op.event)) return;
    const protocol = this.ctx.protocol;
    const full = decoded ?? protocol.decode(payload, typeId, headerSeq);
    if (full instanceof ProtocolError) return this.protocolError();
    const body = protocol.toPlain(full);
    for (const c of op.match) {
      if (!passes(c, readPath(body, c.path), c.value && this.renderLeaf(c.value))) return;
    }
    this.extract(op.extract, body);
    if (op.retrySlot >= 0) this.t[this.program.layout.retries + op.retrySlot] = 0;
    this.advance();
  }

  private expectTimedOut(op: ExpectOp): void {
    const ctx = this.ctx;
    const slot = op.retrySlot >= 0 ? this.program.layout.retries + op.retrySlot : -1;
    switch (op.onTimeout) {
      case 'continue':
        return this.advance();
      case 'error':
        ctx.rec.add(ctx.m.errors.expect_timeout!);
        return this.advance();
      case 'abort':
        ctx.rec.add(ctx.m.errors.expect_timeout!);
        return this.fail();
      case 'retry':
        if (++this.t[slot]! <= op.retries) {
          this.wakeGen++;
          this.t[T_INTENDED] = ctx.now();
          this.pc = op.retryPc;
          return this.run();
        }
        this.t[slot] = 0;
        ctx.rec.add(ctx.m.errors.expect_timeout!);
        return this.fail();
    }
  }

  private extract(pairs: [string, string][], body: unknown): void {
    for (const [name, path] of pairs) this.setVar(name, readPath(body, path));
  }

  // --- sending ----------------------------------------------------------------------

  /** Sends a message; returns true when the program goes on at once. */
  private send(op: SendOp): boolean {
    const ctx = this.ctx;
    if (!this.isConnected) {
      ctx.rec.add(ctx.m.errors.closed_by_peer!);
      this.fail();
      return false;
    }
    let body: Uint8Array;
    try {
      body = op.staticBody ?? ctx.protocol.encodeBody(op.kind, renderFields(op.fields, this));
    } catch {
      // A rendered value protobufjs cannot encode (a number out of range for its field).
      ctx.rec.add(ctx.m.errors.encode!);
      this.fail();
      return false;
    }
    const now = ctx.now();
    const seq = this.nextSeq();
    if (!this.write(ctx.protocol.frame(op.kind, body, seq, now, this.conn!.stream), op.kind.index)) return false;
    if (op.kind.reply >= 0) this.track(seq, op.kind.index, now, this.t[T_INTENDED]!, now + op.timeoutMs);
    if (this.targetTooSlow()) return false;
    if (op.wait) {
      // While it waits, pc stays on this op and T_INTENDED keeps the step's intended start.
      this.awaitSeq = seq;
      this.t[T_WAIT_STARTED] = now;
      this.sleep(now + op.timeoutMs, Wait.Reply);
      return false;
    }
    this.pc++;
    return true;
  }

  /** `dueAt` may be a little ahead of now: a busy process sends heartbeats due soon together (EngineOptions.heartbeatBatchMs). */
  private sendHeartbeat(dueAt: number): boolean {
    const ctx = this.ctx;
    const kind = ctx.heartbeatKind!;
    const now = ctx.now();
    const seq = this.nextSeq();
    if (!this.write(ctx.protocol.frame(kind, ctx.heartbeatBody, seq, now, this.conn!.stream), kind.index)) return false;
    if (kind.reply >= 0) this.track(seq, kind.index, now, dueAt < now ? dueAt : now, now + ctx.plan.timeouts.requestMs);
    return !this.targetTooSlow();
  }

  /**
   * Writes a frame (msg.out). A connection already closing — the peer closed it or it
   * failed, and its close event has not reached the user yet — is not written to: the
   * message counts as msg.notSent, and the user handles the loss at once (reconnects
   * or fails), as its close event would have had it do. False then.
   */
  private write(frame: Uint8Array, kind: number): boolean {
    const ctx = this.ctx;
    const conn = this.conn!;
    if (!conn.open) {
      ctx.rec.add(ctx.m.msgNotSent[kind]!);
      this.connectionLost();
      conn.destroy();
      return false;
    }
    conn.write(frame);
    ctx.rec.add(ctx.m.bytesOut, frame.length);
    ctx.rec.add(ctx.m.msgOut[kind]!);
    return true;
  }

  /**
   * Node queues whatever the kernel will not take: without a bound, a target that never
   * reads grows us without limit. True when it has left too much unread and the user
   * failed (errors.slow_target); what it had in flight counts as unanswered at close.
   */
  private targetTooSlow(): boolean {
    const ctx = this.ctx;
    if (this.conn === null || this.conn.queuedBytes <= ctx.maxOutboundBytes) return false;
    ctx.rec.add(ctx.m.errors.slow_target!);
    this.fail();
    return true;
  }

  private track(seq: number, kind: number, sentAt: number, intendedAt: number, deadline: number): void {
    if (this.pendingCount >= MAX_PENDING) this.expirePending(Infinity);
    addPending(this.t, this.program.layout.pending, this.pendingCount++, seq, kind, sentAt, intendedAt, deadline);
  }

  /** Requests past their deadline count as timed out (the one the program waits on has a timer of its own). */
  expirePending(now: number): void {
    if (this.pendingCount === 0) return;
    const t = this.t;
    const base = this.program.layout.pending;
    for (let i = 0; i < this.pendingCount;) {
      const at = base + i * PENDING_STRIDE;
      const awaited = this.wait === Wait.Reply && t[at + P_SEQ] === this.awaitSeq;
      if (t[at + P_DEADLINE]! <= now && !awaited) this.timedOut(i);
      else i++;
    }
  }

  /** Pending entry i is given up on: a timeout (errors.request_timeout, requests.timedOut.<kind>). */
  private timedOut(i: number): void {
    const ctx = this.ctx;
    const base = this.program.layout.pending;
    ctx.rec.add(ctx.m.errors.request_timeout!);
    ctx.rec.add(ctx.m.requestTimedOut[this.t[base + i * PENDING_STRIDE + P_KIND]!]!);
    removePending(this.t, base, this.pendingCount--, i);
  }

  private nextSeq(): number {
    this.seq = this.seq >= this.ctx.protocol.maxSeq ? 1 : this.seq + 1;
    return this.seq;
  }

  // --- connecting and ending ----------------------------------------------------------

  private connect(fixedTarget: number): void {
    const ctx = this.ctx;
    if (this.conn) this.closeConnection(false);
    const target = ctx.endpoints.target(fixedTarget);
    const localAddress = ctx.endpoints.source();
    ctx.rec.add(ctx.m.connAttempted);
    if (ctx.allowTarget !== null && !ctx.allowTarget(target.host, target.port)) return this.connectFailed('forbidden');
    this.lastError = null;
    const now = ctx.now();
    this.t[T_WAIT_STARTED] = now;
    this.sleep(now + ctx.plan.timeouts.connectMs, Wait.Connect);
    let conn: Connection;
    try {
      conn = ctx.openConnection(target, localAddress, this, ctx.maxMessageBytes);
    } catch (err) {
      return this.connectFailed(classifyConnectError(err as NodeJS.ErrnoException));
    }
    ctx.socketOpened();
    this.conn = conn;
    this.isConnected = false;
  }

  private connectFailed(reason: ConnectFailure): void {
    const ctx = this.ctx;
    ctx.rec.add(ctx.m.connFailed[reason]!);
    if (this.conn) this.closeConnection(true);
    // The kernel found no free port on that source address: the next address may have one.
    if ((reason === 'addrnotavail' || reason === 'addrinuse') && this.retries++ < ADDRESS_RETRIES) {
      return this.connect((this.program.ops[this.pc] as Extract<Op, { op: 'connect' }>).target);
    }
    // Reconnecting after a loss: a target still down is worth another try.
    if (this.t[T_LOST] !== 0 && this.reconnectLater()) return;
    ctx.rec.add(ctx.m.errors.connect!);
    this.fail();
  }

  /** Waits the session's reconnect delay before starting over; false when no reconnect is left. */
  private reconnectLater(): boolean {
    const reconnect = this.program.session.reconnect;
    if (reconnect === null || this.reconnectsLeft === 0 || this.done) return false;
    if (this.wait === Wait.Rendezvous) {
      this.ctx.rendezvous.leave((this.program.ops[this.pc] as Extract<Op, { op: 'rendezvous' }>).index, this);
    }
    this.reconnectsLeft--;
    const now = this.ctx.now();
    if (this.t[T_LOST] === 0) this.t[T_LOST] = now;
    this.sleep(now + sampleMs(reconnect.delay, this.ctx.rng), Wait.Reconnect);
    return true;
  }

  /** Logged in (or connected) again after a loss: the time it took, and a full set of reconnects again. */
  private backAfterLoss(now: number): void {
    this.ctx.rec.record(this.ctx.m.reconnectTime, (now - this.t[T_LOST]!) * 1000);
    this.t[T_LOST] = 0;
    this.reconnectsLeft = this.program.session.reconnect!.attempts;
  }

  /** The current connection closed (peer, error, or us). */
  private connectionLost(): void {
    this.conn = null;
    this.splitter = null;
    if (!this.isConnected)
      return this.connectFailed(
        classifyConnectError(this.lastError ?? { name: 'Error', message: 'closed', code: 'ECONNRESET' }),
      );
    this.isConnected = false;
    const ctx = this.ctx;
    this.countUnanswered();
    ctx.rec.add(this.lastError ? ctx.m.connClosed.error! : ctx.m.connClosed.by_peer!);
    ctx.rec.add(ctx.m.errors.closed_by_peer!);
    this.hbGen++;
    if (!this.reconnectLater()) this.fail();
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
    if (this.wait === Wait.Rendezvous) {
      ctx.rendezvous.leave((this.program.ops[this.pc] as Extract<Op, { op: 'rendezvous' }>).index, this);
    }
    this.done = true;
    this.wakeGen++;
    this.hbGen++;
    if (this.conn) {
      ctx.rec.add(ctx.m.connClosed[closeReason]!);
      this.closeConnection(failed);
    }
    ctx.rec.record(ctx.m.sessionTime, (ctx.now() - this.t[T_STARTED]!) * 1000);
    if (closeReason !== 'run_end') ctx.rec.add(failed ? ctx.m.usersFailed : ctx.m.usersFinished);
    ctx.userEnded(this);
  }

  /** Requests in flight when the connection goes: neither answered nor timed out. */
  private countUnanswered(): void {
    const n = this.pendingCount;
    if (n > 0) {
      const ctx = this.ctx;
      const base = this.program.layout.pending;
      ctx.rec.add(ctx.m.unansweredAtClose, n);
      for (let i = 0; i < n; i++)
        ctx.rec.add(ctx.m.requestUnansweredAtClose[this.t[base + i * PENDING_STRIDE + P_KIND]!]!);
    }
    this.pendingCount = 0;
    this.awaitSeq = 0;
  }

  private closeConnection(destroy: boolean): void {
    const conn = this.conn;
    if (!conn) return;
    if (!this.done && this.isConnected) this.ctx.rec.add(this.ctx.m.connClosed.by_user!);
    this.countUnanswered();
    // Its close event still comes here (connClosed), and is then only counted.
    this.conn = null;
    this.isConnected = false;
    this.hbGen++;
    this.splitter = null;
    if (destroy) conn.destroy();
    else conn.end();
  }
}

function unreachable(op: never): never {
  throw new Error(`unhandled op ${(op as Op).op}`);
}
