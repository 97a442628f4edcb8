import { WireProtocol, nowMs, type FrameSplitter, type HeaderValues, type Kind } from '@loadfleet/protocol';
import type { Arrival, ArrivalSink } from '@loadfleet/schedule';
import type { Plan } from '@loadfleet/scenario';
import { Endpoints } from './connect.js';
import { openConnection } from './connection.js';
import { EngineError } from './errors.js';
import { EngineMetrics } from './metrics.js';
import { IntervalQueue } from './interval-queue.js';
import { compileProgram, rendezvousNames, type Program } from './program.js';
import { Random } from './random.js';
import type { Recorder } from './recorder.js';
import { Rendezvous } from './rendezvous.js';
import { TimerHeap } from './timer-heap.js';
import type { UserContext } from './user-context.js';
import { TIMER_HEARTBEAT, VUser } from './vuser.js';

/**
 * Heartbeats are sent early, never late, so that many users' heartbeats cost few
 * wake-ups (interval-queue.ts): a wake-up on time sends what is due and at most
 * HEARTBEAT_EARLY_MAX more that come due within this many ms; a wake-up that came
 * L ms late (the loop was busy) sends all that come due in the next L − 1 ms, up to
 * this. What delays a heartbeat's ack is the writes sent before the loop reads
 * again, so the batch of a quiet process is kept to a few writes. A fixed 10 ms
 * batch (~30 heartbeats at 3,000/s) cost a quiet process ~0.4 ms at the median and
 * ~1 ms at p99 of heartbeat response time (docs/BENCHMARKS.md, "Worker (generator)").
 */
export const DEFAULT_HEARTBEAT_BATCH_MS = 10;
/** Heartbeats not yet due that a wake-up on time sends with the due ones. */
export const HEARTBEAT_EARLY_MAX = 8;

export interface EngineOptions {
  plan: Plan;
  recorder: Recorder;
  /** The plan's protocol, compiled (loadProtocol: with its plugin); compiled here from the plan when absent. */
  protocol?: WireProtocol;
  rng?: Random;
  /** Wall clock, epoch ms with a fraction. */
  now?: () => number;
  /** Most users this engine may hold at once (the worker's capacity); 0 = no limit. */
  capacity?: number;
  /** Told whenever a user ends or a connection closes (a schedule that holds users replaces it). */
  onSlotFreed?: () => void;
  /** How often requests sent without waiting are checked for timeouts (ms). */
  sweepMs?: number;
  /** The worker's allowlist: a target it refuses is never connected to (conn.failed.forbidden). */
  allowTarget?: (host: string, port: number) => boolean;
  /**
   * Bytes one connection may have waiting to be sent (a target that does not read);
   * beyond, the user fails with errors.slow_target and its socket is destroyed.
   */
  maxOutboundBytes?: number;
  /** The most heartbeats are sent ahead of time, ms (DEFAULT_HEARTBEAT_BATCH_MS); 0 never early. */
  heartbeatBatchMs?: number;
  /** Opens users' connections: openConnection (TCP, TLS, WebSocket) unless a test scripts them. */
  openConnection?: typeof openConnection;
}

/** Outbound bytes one connection may queue by default: far above what a reading target leaves. */
export const DEFAULT_MAX_OUTBOUND_BYTES = 64 * 1024;

/**
 * Runs virtual users: takes arrivals, holds their connections, records
 * into the recorder. Knows nothing of where arrivals come from or where stats go.
 */
export class Engine implements ArrivalSink, UserContext {
  readonly plan: Plan;
  readonly protocol: WireProtocol;
  readonly replyOf: Int32Array;
  readonly heartbeatKind: Kind | null;
  readonly heartbeatBody: Uint8Array;
  readonly maxMessageBytes: number;
  readonly headerValues: HeaderValues = { typeId: -1, seq: -1 };
  readonly rendezvous: Rendezvous;
  readonly rec: Recorder;
  readonly m: EngineMetrics;
  readonly heap: TimerHeap;
  readonly rng: Random;
  readonly endpoints: Endpoints;
  readonly now: () => number;
  readonly allowTarget: ((host: string, port: number) => boolean) | null;
  readonly maxOutboundBytes: number;
  readonly openConnection: typeof openConnection;
  private spare: FrameSplitter;
  /** Heartbeat timers, one FIFO per heartbeat interval in use. */
  private readonly heartbeatQueues = new Map<number, IntervalQueue>();
  private readonly programs: Program[];
  private readonly users = new Set<VUser>();
  /** Feeder row arrays shared by the users of a one-feeder plan, by row. */
  private readonly sharedRows: number[][] = [];
  private readonly capacity: number;
  private readonly onSlotFreed: (() => void) | undefined;
  private readonly sweep: NodeJS.Timeout;
  private idleWaiters: (() => void)[] = [];
  private socketsWaiters: (() => void)[] = [];
  private sockets = 0;
  private stopped = false;

  constructor(options: EngineOptions) {
    this.plan = options.plan;
    if (!options.protocol && this.plan.protocol.plugin) {
      throw new EngineError(
        'LF_ERR_PLUGIN_NOT_LOADED',
        `protocol ${this.plan.protocol.name} has a plugin: compile it with loadProtocol() (local runs only)`,
      );
    }
    this.protocol = options.protocol ?? new WireProtocol(this.plan.protocol);
    const kinds = this.protocol.kinds;
    this.replyOf = Int32Array.from(kinds, (k) => k.reply);
    this.heartbeatKind = this.protocol.heartbeatKind >= 0 ? kinds[this.protocol.heartbeatKind]! : null;
    this.heartbeatBody = this.heartbeatKind ? this.protocol.encodeBody(this.heartbeatKind, {}) : new Uint8Array(0);
    this.maxMessageBytes = this.plan.maxFrameBytes + 64;
    this.rec = options.recorder;
    this.rng = options.rng ?? new Random();
    this.now = options.now ?? nowMs;
    this.allowTarget = options.allowTarget ?? null;
    this.maxOutboundBytes = options.maxOutboundBytes ?? DEFAULT_MAX_OUTBOUND_BYTES;
    this.openConnection = options.openConnection ?? openConnection;
    this.m = new EngineMetrics(this.rec, this.plan, this.protocol);
    this.heap = new TimerHeap(this.now);
    this.endpoints = new Endpoints(this.plan.targets, this.plan.sourceAddresses, this.rng);
    const points = rendezvousNames(this.plan);
    this.rendezvous = new Rendezvous(points.length);
    this.programs = this.plan.sessions.map((s) => compileProgram(this.plan, s, this.protocol, points));
    this.spare = this.newSplitter();
    const batchMs = options.heartbeatBatchMs ?? DEFAULT_HEARTBEAT_BATCH_MS;
    for (const s of this.plan.sessions) {
      if (s.heartbeatMs > 0 && !this.heartbeatQueues.has(s.heartbeatMs)) {
        this.heartbeatQueues.set(
          s.heartbeatMs,
          new IntervalQueue(TIMER_HEARTBEAT, this.now, { maxSlackMs: batchMs, maxEarly: HEARTBEAT_EARLY_MAX }),
        );
      }
    }
    const cap = this.plan.load.maxUsers;
    this.capacity = Math.min(cap > 0 ? cap : Infinity, options.capacity ? options.capacity : Infinity);
    this.onSlotFreed = options.onSlotFreed;
    this.sweep = setInterval(() => this.expirePending(), options.sweepMs ?? 500);
    this.sweep.unref();
  }

  get activeUsers(): number {
    return this.users.size;
  }

  /**
   * Users the target may still see: users alive, or more while sockets of users
   * that ended are still closing (a user alive holds at most one open socket at
   * a time but the one it is closing).
   */
  get usersHeld(): number {
    return Math.max(this.users.size, this.sockets);
  }

  /** Sockets not yet closed (including ones closing). */
  get openSockets(): number {
    return this.sockets;
  }

  admit(arrival: Arrival): void {
    const now = this.now();
    // Sockets of users that ended hold their file until they have closed: a backlog of
    // closes must not let new users push the process past its open-files limit (EMFILE).
    if (this.stopped || this.usersHeld >= this.capacity) {
      this.rec.add(this.m.usersDropped);
      return;
    }
    this.rec.record(this.m.latenessStart, Math.max(0, now - arrival.intendedAt) * 1000);
    this.rec.add(this.m.usersStarted);
    const user = new VUser(
      this,
      arrival.userId,
      this.programs[arrival.session] ?? this.programs[0]!,
      arrival.intendedAt,
    );
    if (this.plan.feeders.length > 0 && !this.assignFeederRows(user)) {
      this.rec.add(this.m.errors.feeder_exhausted!);
      this.rec.add(this.m.usersFailed);
      return;
    }
    this.users.add(user);
    user.run();
  }

  stopUsers(count: number): void {
    for (const user of this.users) {
      if (count-- <= 0) break;
      user.interrupt();
    }
  }

  /** Resolves when no user is alive. */
  whenIdle(): Promise<void> {
    if (this.users.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops the engine: no new users; running users get `graceMs` to finish, then
   * are interrupted; resolves when their sockets are closed (or `closeWaitMs` passed).
   */
  async stop(graceMs = 0, closeWaitMs = 2000): Promise<void> {
    this.stopped = true;
    if (graceMs > 0 && this.users.size > 0) await withTimeout(this.whenIdle(), graceMs);
    this.stopUsers(this.users.size);
    if (this.sockets > 0) await withTimeout(new Promise<void>((r) => this.socketsWaiters.push(r)), closeWaitMs);
    clearInterval(this.sweep);
    this.heap.stop();
    for (const q of this.heartbeatQueues.values()) q.stop();
  }

  /**
   * One splitter serves every user's reads: a chunk is fed and done with before the
   * next is read. Only a user left with half a frame takes the splitter away.
   */
  get spareSplitter(): FrameSplitter {
    return this.spare;
  }

  heartbeats(intervalMs: number): IntervalQueue {
    return this.heartbeatQueues.get(intervalMs)!;
  }

  adoptSpareSplitter(): FrameSplitter {
    const d = this.spare;
    this.spare = this.newSplitter();
    return d;
  }

  private newSplitter(): FrameSplitter {
    return this.protocol.newSplitter(this.plan.maxFrameBytes);
  }

  socketOpened(): void {
    this.sockets++;
  }

  socketClosed(): void {
    if (--this.sockets === 0 && this.socketsWaiters.length > 0) {
      for (const w of this.socketsWaiters.splice(0)) w();
    }
    this.onSlotFreed?.();
  }

  userEnded(user: VUser): void {
    this.users.delete(user);
    this.onSlotFreed?.();
    if (this.users.size === 0 && this.idleWaiters.length > 0) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private expirePending(): void {
    const now = this.now();
    for (const user of this.users) user.expirePending(now);
  }

  /** Picks each feeder's row for a new user; false when a `unique` feeder has run out. */
  private assignFeederRows(user: VUser): boolean {
    const feeders = this.plan.feeders;
    if (feeders.length === 1) return this.assignOneFeederRow(user, feeders[0]!);
    // Sized once: push() would give each user's array room for 16.
    const rows = new Array<number>(feeders.length);
    for (let i = 0; i < feeders.length; i++) {
      const f = feeders[i]!;
      const n = f.rows.length;
      if (f.order === 'unique') {
        if (user.userId > n) return false;
        rows[i] = user.userId - 1;
      } else rows[i] = f.order === 'random' ? this.rng.int(0, n - 1) : (user.userId - 1) % n;
    }
    user.feederRows = rows;
    return true;
  }

  /**
   * With one feeder (the usual case) a user's rows are one index, and users on the
   * same row share one array (users never change their rows): a feeder of n rows
   * costs n small arrays, not one per user.
   */
  private assignOneFeederRow(user: VUser, f: Plan['feeders'][number]): boolean {
    const n = f.rows.length;
    let row: number;
    if (f.order === 'unique') {
      if (user.userId > n) return false;
      row = user.userId - 1;
    } else row = f.order === 'random' ? this.rng.int(0, n - 1) : (user.userId - 1) % n;
    user.feederRows = this.sharedRows[row] ??= [row];
    return true;
  }
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    void p.then(() => {
      clearTimeout(t);
      resolve();
    });
  });
}
