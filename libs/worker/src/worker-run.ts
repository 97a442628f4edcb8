import { Fence, codecs } from '@loadfleet/bus';
import { Engine } from '@loadfleet/engine';
import { WindowPump } from '@loadfleet/runtime';
import type { Plan } from '@loadfleet/scenario';
import { Random } from '@loadfleet/schedule';
import { StatsRecorder, encodeWindow, names, type StatsWindow } from '@loadfleet/stats';
import type { CapacityUse } from './capacity.js';
import type { Grant } from '@loadfleet/bus';
import { GrantArrivalSource } from './grant-source.js';
import type { RecordBuffer } from './record-buffer.js';
import type { AllowTarget } from './target-check.js';

export interface WorkerRunOptions {
  runId: string;
  workerId: string;
  plan: Plan;
  /** Epoch ms the run's schedule starts (RunSpec.startAt). */
  startAt: number;
  /** Where the run's StatsRecords go (shared by the worker's runs). */
  buffer: RecordBuffer;
  /** Most users this run may hold on this worker; 0 = no limit but the plan's. */
  capacity?: number;
  /** The worker's allowlist: a connection to a target it refuses is never opened (conn.failed.forbidden). */
  allowTarget?: AllowTarget;
  /** Wall clock (epoch ms). */
  now?: () => number;
  rng?: Random;
}

export type WorkerRunState = 'running' | 'stopping' | 'stopped';

/** What a stopped run tells the controller (WorkerDone). */
export interface WorkerRunResult {
  /** The last second a record was written for (-1: none). */
  lastSecond: number;
  /** StatsRecords produced. */
  records: number;
}

/**
 * One run on this worker: the engine the local runner uses, driven by quota grants
 * instead of the local schedule, and the same recorder and window pump, whose sink
 * turns each closed window into a StatsRecord for the stats stream.
 */
export class WorkerRun implements CapacityUse {
  readonly runId: string;
  readonly workerId: string;
  readonly plan: Plan;
  readonly startAt: number;
  readonly engine: Engine;
  readonly source: GrantArrivalSource;
  readonly recorder = new StatsRecorder();
  /** The highest fencing token seen for this run (RunSpec, grants, StopRun): a replaced leader's messages are refused. */
  readonly fence = new Fence();
  private readonly pump: WindowPump;
  private readonly buffer: RecordBuffer;
  private readonly now: () => number;
  private readonly droppedId: number;
  private state_: WorkerRunState = 'running';
  private seq = 0;
  private lastSecond = -1;
  private stopping: Promise<WorkerRunResult> | null = null;

  constructor(options: WorkerRunOptions) {
    this.runId = options.runId;
    this.workerId = options.workerId;
    this.plan = options.plan;
    this.startAt = options.startAt;
    this.buffer = options.buffer;
    this.now = options.now ?? Date.now;
    const rng = options.rng ?? new Random();
    this.source = new GrantArrivalSource(this.plan, { now: this.now, rng });
    this.engine = new Engine({
      plan: this.plan,
      recorder: this.recorder,
      rng,
      capacity: options.capacity ?? 0,
      ...(options.allowTarget ? { allowTarget: options.allowTarget } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    this.droppedId = this.recorder.counter(names.USERS_DROPPED);
    this.pump = new WindowPump(this.recorder, { push: (w) => this.write(w) });
    this.pump.attach(this.engine, this.source);
    this.source.start(this.engine);
  }

  get state(): WorkerRunState {
    return this.state_;
  }

  get activeUsers(): number {
    return this.engine.activeUsers;
  }

  /** Users alive, or more while connections of users that ended are closing (Engine.usersHeld). */
  get usersHeld(): number {
    return this.engine.usersHeld;
  }

  get openSockets(): number {
    return this.engine.openSockets;
  }

  get pendingStarts(): number {
    return this.source.pendingStarts;
  }

  /** True while the run should keep asking the controller for quota. */
  get wantsQuota(): boolean {
    return this.state_ === 'running' && this.source.wantsQuota;
  }

  /** StatsRecords produced so far. */
  get records(): number {
    return this.seq;
  }

  /**
   * A grant from the controller that sent it under `fence` (its fencing token).
   * False when refused: it comes from a leader that has been replaced.
   */
  addGrant(grant: Grant, fence = 0): boolean {
    if (!this.fence.admit(fence)) return false;
    if (this.state_ !== 'running') return true;
    this.source.addGrant(grant);
    // Arrivals the controller could not place anywhere: counted once, by the worker told of them.
    if (grant.dropped) this.recorder.add(this.droppedId, grant.dropped);
    return true;
  }

  /** Closes the window of `second` (the worker's clock calls this once a second). */
  tick(second: number): void {
    if (this.state_ === 'stopped' || second <= this.lastSecond) return;
    // Seconds wholly before the schedule starts hold nothing: no records for them.
    if ((second + 1) * 1000 <= this.startAt) return;
    this.pump.pump(second);
  }

  /**
   * Stops the run: no new users, running ones get `graceMs` to finish and are then
   * closed; the second in flight is closed too, so nothing recorded is lost.
   * Idempotent: later calls get the first call's result.
   */
  stop(graceMs = 0): Promise<WorkerRunResult> {
    this.stopping ??= (async () => {
      this.state_ = 'stopping';
      this.source.stop();
      try {
        await this.engine.stop(graceMs);
      } finally {
        this.pump.pump(Math.max(this.lastSecond + 1, Math.floor(this.now() / 1000)));
        this.pump.close();
        this.state_ = 'stopped';
      }
      return { lastSecond: this.lastSecond, records: this.seq };
    })();
    return this.stopping;
  }

  private write(w: StatsWindow): void {
    this.lastSecond = w.second;
    const bytes = codecs.statsRecord.encode({
      runId: this.runId,
      workerId: this.workerId,
      second: w.second,
      window: encodeWindow(w),
      seq: ++this.seq,
    });
    this.buffer.push(this.runId, bytes);
  }
}
