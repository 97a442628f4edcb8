import type { Plan } from '@loadfleet/scenario';
import { scheduleOf, type Schedule } from '@loadfleet/schedule';
import { ArrivalQueue } from './arrival-queue.js';
import { closedStep } from './closed-step.js';
import type {
  AllocatorOptions,
  AllocatorStats,
  Grant,
  Handover,
  QuotaAsk,
  ResumeFrom,
  SchedulePosition,
  WorkerShareInfo,
} from './types.js';
import { WorkerShare } from './worker-share.js';

const NOTHING = { firstUserId: 0, count: 0, windowStart: 0, windowEnd: 0, phase: -1, stopUsers: 0 };

/**
 * The controller's arrival clock for one run (docs/FARM.md, "Pacing"). A cursor walks
 * the schedule's arrivals in intended order; a request at `now` may take
 * arrivals intended up to `now + lead`. Each arrival entering that horizon is
 * credited to the run's live workers by weight; a worker takes its credit (up
 * to its free capacity and the fleet's maxUsers), and anyone with capacity takes
 * arrivals that are nearly due and still unclaimed, so one saturated worker
 * does not starve the run. Grants are consecutive ranges of the queue, so their
 * windows tile the timeline; arrivals left behind for more than `stale` are
 * dropped and counted. Pure: time comes in as `now`.
 */
export class QuotaAllocator {
  readonly stats: AllocatorStats = {
    requests: 0,
    grants: 0,
    usersGranted: 0,
    dropped: 0,
    droppedByCap: 0,
    droppedByLoss: 0,
    droppedByHandover: 0,
    droppedInTransit: 0,
    writeOffsTakenBack: 0,
    usersStopped: 0,
  };
  private readonly queue: ArrivalQueue;
  private readonly shares = new Map<string, WorkerShare>();
  /** Workers forgotten for silence, kept with their grants until they ask again or are written off. */
  private readonly departed = new Map<string, WorkerShare>();
  /** Lost workers' unstarted arrivals, counted dropped, carried to a worker's stats once the loss is sure. */
  private readonly writtenOff = new Map<string, { count: number; at: number }>();
  private readonly confirmLossMs: number;
  private readonly startAt: number;
  private readonly leadMs: number;
  private readonly staleMs: number;
  private readonly liveMs: number;
  private readonly borrowAheadMs: number;
  private readonly warmupMs: number;
  private readonly replaceWindowMs: number;
  private readonly maxUsers: number;
  private readonly schedule: Schedule;
  /** The schedule holds users (closed model): ended users are replaced, surplus stopped. */
  private readonly holdsUsers: boolean;
  private readonly rampUpMs: number;
  /** Length of the whole schedule (ms). */
  readonly totalMs: number;
  private creditPerWeight = 0;
  private liveWeight = 0;
  private fleetCommitted = 0;
  private nextUserId = 1;
  private unreportedDrops = 0;
  private lastSweep = -Infinity;
  private shortSince: number | null = null;
  private stopped = false;
  /** Epoch ms of the last grant that started users. */
  private lastGrantAt = 0;
  /** Taking over: what the workers say they hold, until the listening time is over. */
  private resuming:
    | (ResumeFrom & {
        through: number;
        lastUserId: number;
        lastGrantAt: number;
        /** Worker id → its totals of users granted and drops received (from every leader). */
        told: Map<string, { users: number; drops: number }>;
      })
    | null = null;
  private handover_: Handover | null = null;

  constructor(plan: Plan, options: AllocatorOptions) {
    this.startAt = options.startAt;
    this.leadMs = options.leadMs ?? 1000;
    this.staleMs = options.staleMs ?? 1000;
    this.liveMs = options.liveMs ?? 3000;
    this.borrowAheadMs = options.borrowAheadMs ?? 500;
    this.warmupMs = options.warmupMs ?? 500;
    this.replaceWindowMs = options.replaceWindowMs ?? 100;
    this.confirmLossMs = options.confirmLossMs ?? 5000;
    this.schedule = scheduleOf(plan.load);
    this.queue = new ArrivalQueue(this.schedule, options.rng);
    this.maxUsers = this.schedule.maxUsers;
    this.holdsUsers = this.schedule.holdsUsers;
    this.rampUpMs = this.holdsUsers ? this.schedule.plannedUntilMs : 0;
    this.totalMs = this.schedule.lengthMs;
    if (options.resume) {
      const saved = options.resume.saved;
      this.resuming = {
        ...options.resume,
        through: saved?.grantedThrough ?? this.startAt,
        lastUserId: (saved?.nextUserId ?? 1) - 1,
        lastGrantAt: saved?.lastGrantAt ?? 0,
        told: new Map(),
      };
      if (saved) {
        this.stats.usersGranted = saved.usersGranted;
        this.stats.dropped = saved.dropped;
      }
    }
  }

  /** What a take-over cost, once this allocator (taking over) has granted again; null before, or when not taking over. */
  get handover(): Handover | null {
    return this.handover_;
  }

  /** Where the schedule stands, to be saved for a controller that may take over. */
  position(now: number, fence: number, controllerId: string): SchedulePosition {
    return {
      savedAt: now,
      fence,
      controllerId,
      nextUserId: this.nextUserId,
      grantedThrough: this.resuming ? this.resuming.through : this.startAt + this.queue.frontMs,
      lastGrantAt: this.resuming ? this.resuming.lastGrantAt : this.lastGrantAt,
      usersGranted: this.stats.usersGranted,
      dropped: this.stats.dropped,
    };
  }

  /** Answers one worker's request. */
  request(ask: QuotaAsk, now: number): Grant {
    this.stats.requests++;
    this.sweep(now);
    const w = this.join(ask, now);
    if (this.stopped) return this.reply(w, { ...NOTHING }, true);
    if (this.resuming) {
      this.listen(ask);
      if (now - this.resuming.at < (this.resuming.listenMs ?? 750)) return this.reply(w, { ...NOTHING }, false);
      this.resumeNow(now);
    }
    this.advance(now);
    const elapsed = now - this.startAt;
    if (this.holdsUsers && elapsed >= this.totalMs) {
      // The closed schedule is over: the worker lets its users go, as the local source does.
      const stop = w.committed;
      this.uncommit(w, stop);
      return this.reply(w, { ...NOTHING, stopUsers: stop }, true);
    }
    // Closed model: a replacement for a user that ended is due now, ahead of ramp starts still
    // comfortably in the lead — but not ahead of ramp starts about to be due.
    const urgent = this.queue.countUntil(elapsed + this.borrowAheadMs, 1) > 0;
    let grant = this.holdsUsers && elapsed >= 0 && !urgent ? this.closedGrant(w, now) : null;
    if (grant === null || (grant.count === 0 && grant.stopUsers === 0)) grant = this.fromQueue(w, now);
    this.capCredit(w);
    if (grant.count > 0) this.lastGrantAt = now;
    return this.reply(w, grant, this.isDone(now));
  }

  /** Time passes without requests: queue what is due and drop what went stale (call about once a second). */
  settle(now: number): void {
    this.sweep(now);
    if (this.resuming && now - this.resuming.at >= (this.resuming.listenMs ?? 750) + 1000) this.resumeNow(now);
    if (!this.stopped && !this.resuming) this.advance(now);
  }

  /** The schedule is over: every arrival was granted or dropped (open), or its time passed (closed). */
  isDone(now: number): boolean {
    if (this.stopped) return true;
    return this.holdsUsers ? now - this.startAt >= this.totalMs : this.queue.exhausted;
  }

  /** No more grants (the run is stopping); later requests are told `done`. */
  stop(): void {
    this.stopped = true;
  }

  /** Forgets a worker (lost): its weight no longer takes a share, its users no longer count toward maxUsers. */
  forget(workerId: string): void {
    const w = this.shares.get(workerId);
    if (!w) return;
    this.shares.delete(workerId);
    this.departed.set(workerId, w);
    this.liveWeight -= w.weight;
    this.fleetCommitted -= w.committed;
  }

  /**
   * A worker is lost for good (it died): the starts granted to it and intended after
   * `deadBy` were never made. They are too late to grant again (loss is noticed after
   * seconds of silence, arrivals go stale after `staleMs`), so they are counted as
   * dropped and carried to the next grant like any drop. Returns how many.
   */
  writeOff(workerId: string, deadBy: number, now = deadBy): number {
    this.forget(workerId);
    const w = this.departed.get(workerId);
    if (!w) return 0;
    this.departed.delete(workerId);
    const unstarted = w.abandon(deadBy);
    if (unstarted > 0) {
      this.stats.dropped += unstarted;
      this.stats.droppedByLoss += unstarted;
      // Carried only once the loss is sure: a worker only silent for a while (a busy box) comes back
      // and starts them, and drops already in some worker's stats could not be taken back.
      this.writtenOff.set(workerId, { count: unstarted, at: now });
    }
    return unstarted;
  }

  /** Drops that no grant has carried to a worker yet (they are noted in RunEnded at the end). */
  get unreportedDropped(): number {
    let n = this.unreportedDrops;
    for (const w of this.writtenOff.values()) n += w.count;
    return n;
  }

  /** Write-offs older than `confirmLossMs` at `now` are sure: carried to the next grant. */
  private confirmWriteOffs(now: number): void {
    for (const [id, w] of this.writtenOff)
      if (now - w.at >= this.confirmLossMs) {
        this.writtenOff.delete(id);
        this.unreportedDrops += w.count;
      }
  }

  /** Arrivals written off for a worker that then asked again: it was alive, and starts them. */
  private takeBackWriteOff(workerId: string): void {
    const w = this.writtenOff.get(workerId);
    if (!w) return;
    this.writtenOff.delete(workerId);
    this.stats.dropped -= w.count;
    this.stats.droppedByLoss -= w.count;
    this.stats.writeOffsTakenBack += w.count;
  }

  /** Users alive or about to start across the fleet (at most maxUsers when it is set). */
  get committedUsers(): number {
    return this.fleetCommitted;
  }

  /** Workers that asked within the last `liveMs`, with what they hold. */
  workers(): WorkerShareInfo[] {
    return [...this.shares.values()].map((w) => ({
      workerId: w.id,
      weight: w.weight,
      activeUsers: w.active,
      committedUsers: w.committed,
      freeCapacity: w.freeCapacity,
      usersGranted: w.granted,
      lastSeen: w.lastSeen,
    }));
  }

  private join(ask: QuotaAsk, now: number): WorkerShare {
    const weight = ask.weight > 0 ? ask.weight : 1;
    let w = this.shares.get(ask.workerId);
    // A worker silent for a while that asks again was alive: its grants were made.
    this.departed.delete(ask.workerId);
    this.takeBackWriteOff(ask.workerId);
    if (w === undefined) {
      w = new WorkerShare(ask.workerId, weight, this.creditPerWeight, now);
      w.expectedUsers = ask.usersGranted ?? 0;
      w.expectedDrops = ask.dropsReceived ?? 0;
      this.shares.set(ask.workerId, w);
      this.liveWeight += weight;
    } else {
      this.reconcile(w, ask);
      w.sync(this.creditPerWeight);
      this.liveWeight += weight - w.weight;
      w.weight = weight;
      w.lastSeen = now;
    }
    // The worker's own count of starts not made yet is exact (a start whose time passed may
    // still wait for a late timer); the grants' windows are only an estimate.
    const pendingByWindow = w.pendingAfter(now);
    const committed = ask.activeUsers + (ask.pendingStarts ?? pendingByWindow);
    this.fleetCommitted += committed - w.committed;
    w.committed = committed;
    w.active = ask.activeUsers;
    w.freeCapacity = ask.freeCapacity;
    return w;
  }

  /**
   * A worker has at most one request in flight per run, so when it asks again every
   * earlier reply has arrived or never will (its request timed out, the answer was
   * dropped). Users of grants that never arrived were not started: open model, they
   * are dropped arrivals like a lost worker's; closed model, the shortfall refills
   * them. Drops that never arrived are carried again.
   */
  private reconcile(w: WorkerShare, ask: QuotaAsk): void {
    if (ask.usersGranted === undefined || ask.dropsReceived === undefined) return;
    const lostUsers = Math.max(0, w.expectedUsers - ask.usersGranted);
    const lostDrops = Math.max(0, w.expectedDrops - ask.dropsReceived);
    w.expectedUsers = ask.usersGranted;
    w.expectedDrops = ask.dropsReceived;
    const dropped = this.holdsUsers ? 0 : lostUsers;
    this.stats.dropped += dropped;
    this.stats.droppedInTransit += dropped;
    this.unreportedDrops += dropped + lostDrops;
  }

  /** Taking over: a worker's account of what it was granted (the previous leader may have granted after its last save). */
  private listen(ask: QuotaAsk): void {
    const r = this.resuming!;
    if (ask.grantedThrough && ask.grantedThrough > r.through) r.through = ask.grantedThrough;
    if (ask.lastUserId && ask.lastUserId > r.lastUserId) r.lastUserId = ask.lastUserId;
    if (ask.lastGrantAt && ask.lastGrantAt > r.lastGrantAt) r.lastGrantAt = ask.lastGrantAt;
    if (ask.usersGranted !== undefined && ask.dropsReceived !== undefined)
      r.told.set(ask.workerId, { users: ask.usersGranted, drops: ask.dropsReceived });
  }

  /**
   * Takes over from where the previous leader stopped granting: the arrivals it
   * granted are skipped, and those intended between then and now are not granted
   * late in a burst (an open model's arrivals are due at their time or not at all):
   * they are dropped and counted. User ids go on above every id granted before.
   */
  private resumeNow(now: number): void {
    const r = this.resuming!;
    this.resuming = null;
    const skipped = this.queue.skipBefore(r.through - this.startAt);
    this.nextUserId = Math.max(this.nextUserId + skipped, r.lastUserId + 1);
    const recovered = this.holdsUsers ? 0 : this.recountBefore(skipped, r);
    const resumeAt = Math.max(r.through, now);
    // Closed model: ramp starts of the gap are not counted as dropped, the shortfall against the target refills them.
    const skippedNow = this.queue.skipBefore(now - this.startAt);
    const missed = this.holdsUsers ? 0 : skippedNow;
    this.nextUserId += skippedNow - missed;
    if (missed > 0) {
      this.nextUserId += missed;
      this.stats.dropped += missed;
      this.stats.droppedByHandover += missed;
      this.unreportedDrops += missed;
    }
    this.handover_ = {
      lastGrantAt: r.lastGrantAt || (r.saved?.savedAt ?? r.at),
      resumedAt: now,
      grantedThrough: Math.min(r.through, resumeAt),
      missed,
      recovered,
    };
  }

  /**
   * Open model: each of the `skipped` arrivals before the resume point was granted
   * or dropped by the previous leaders, and the workers' totals say how many were
   * granted and how many drops reached them. The rest of the drops died with the
   * previous leader before it carried them to a worker: carried now, so the report
   * accounts for every arrival. Without a word from the workers the saved figures stand.
   */
  private recountBefore(skipped: number, r: NonNullable<typeof this.resuming>): number {
    if (r.told.size === 0) return 0;
    let granted = 0;
    let carried = 0;
    for (const t of r.told.values()) {
      granted += t.users;
      carried += t.drops;
    }
    // A worker lost before the take-over tells nothing: what the last save counted stands for it.
    granted = Math.max(granted, r.saved?.usersGranted ?? 0);
    const dropped = Math.max(0, skipped - granted);
    this.stats.usersGranted = granted;
    this.stats.dropped = dropped;
    const uncarried = Math.max(0, dropped - carried);
    this.unreportedDrops += uncarried;
    return uncarried;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 250) return;
    this.lastSweep = now;
    this.confirmWriteOffs(now);
    for (const w of this.shares.values()) if (now - w.lastSeen > this.liveMs) this.forget(w.id);
  }

  /** Queues arrivals up to the lead horizon, credits them to the live workers, drops the stale. */
  private advance(now: number): void {
    const elapsed = now - this.startAt;
    if (elapsed < -this.warmupMs) return;
    const entered = this.queue.fillTo(elapsed + this.leadMs);
    if (entered > 0 && this.liveWeight > 0) this.creditPerWeight += entered / this.liveWeight;
    const stale = this.queue.countUntil(elapsed - this.staleMs);
    if (stale > 0) this.drop(stale, false);
  }

  private fromQueue(w: WorkerShare, now: number): Grant {
    const q = this.queue;
    if (q.length === 0) return { ...NOTHING, done: false, dropped: 0 };
    const elapsed = now - this.startAt;
    const room = this.maxUsers > 0 ? this.maxUsers - this.fleetCommitted : Infinity;
    if (room <= 0) {
      // The fleet is at maxUsers: arrivals due now cannot start anywhere, as a local engine at its cap drops them.
      const due = q.countUntil(elapsed);
      if (due > 0) this.drop(due, true);
      return { ...NOTHING, done: false, dropped: 0 };
    }
    const own = Math.max(0, Math.floor(w.credit + 0.5));
    const unclaimed = q.countUntil(elapsed + this.borrowAheadMs);
    const n = q.samePhaseRun(Math.min(Math.max(own, unclaimed), w.freeCapacity, room));
    if (n <= 0) return { ...NOTHING, done: false, dropped: 0 };
    const grant = {
      firstUserId: this.nextUserId,
      count: n,
      windowStart: this.startAt + q.timeAt(0),
      windowEnd: this.startAt + q.slotEnd(n - 1),
      phase: q.phaseAt(0),
      stopUsers: 0,
      done: false,
      dropped: 0,
    };
    q.shift(n);
    this.commit(w, grant);
    w.credit = Math.max(-1, w.credit - n);
    return grant;
  }

  /**
   * Closed model: a grant replacing users that ended (the shortfall against the
   * target), spread over a short window from now; in ramp-down, users to stop.
   */
  private closedGrant(w: WorkerShare, now: number): Grant {
    const elapsed = now - this.startAt;
    const rampingUp = elapsed < this.rampUpMs;
    // During ramp-up the fleet holds ramp starts granted up to the lead horizon and
    // more queued: compare against the target there, so only users that ended are replaced.
    const step = closedStep({
      target: this.schedule.usersAt(rampingUp ? Math.min(elapsed + this.leadMs, this.rampUpMs) : elapsed) ?? 0,
      fleetCommitted: this.fleetCommitted + this.queue.length,
      mayStop: !rampingUp,
      workerCommitted: w.committed,
      weightShare: w.weight / this.liveWeight,
      freeCapacity: w.freeCapacity,
      room: this.maxUsers > 0 ? this.maxUsers - this.fleetCommitted : Infinity,
      shortForMs: this.shortSince === null ? 0 : now - this.shortSince,
      borrowAfterMs: this.borrowAheadMs,
    });
    this.shortSince = step.short ? (this.shortSince ?? now) : null;
    if (step.stop > 0) this.uncommit(w, step.stop);
    if (step.start === 0) return { ...NOTHING, stopUsers: step.stop, done: false, dropped: 0 };
    const grant = {
      ...NOTHING,
      firstUserId: this.nextUserId,
      count: step.start,
      windowStart: now,
      windowEnd: now + this.replaceWindowMs,
      done: false,
      dropped: 0,
    };
    this.commit(w, grant);
    return grant;
  }

  private commit(w: WorkerShare, g: Grant): void {
    w.addGrant(g.windowStart, g.windowEnd, g.count);
    w.expectedUsers += g.count;
    this.fleetCommitted += g.count;
    this.nextUserId += g.count;
    this.stats.grants++;
    this.stats.usersGranted += g.count;
  }

  private uncommit(w: WorkerShare, stop: number): void {
    w.committed -= stop;
    this.fleetCommitted -= stop;
    this.stats.usersStopped += stop;
  }

  /** A worker that could not use its credit (no capacity) must not later take more than its share of the queue. */
  private capCredit(w: WorkerShare): void {
    const fair = (w.weight / this.liveWeight) * this.queue.length + 1;
    if (w.credit > fair) w.credit = fair;
  }

  private drop(n: number, byCap: boolean): void {
    this.queue.shift(n);
    // Dropped arrivals keep their ids, so a user id still names one intended arrival.
    this.nextUserId += n;
    this.stats.dropped += n;
    if (byCap) this.stats.droppedByCap += n;
    this.unreportedDrops += n;
  }

  private reply(w: WorkerShare, g: Omit<Grant, 'done' | 'dropped'>, done: boolean): Grant {
    // The last answers of the run are the last chance to reach a worker's stats: no more waiting for sure losses.
    if (done) this.confirmWriteOffs(Infinity);
    const dropped = this.unreportedDrops;
    this.unreportedDrops = 0;
    w.expectedDrops += dropped;
    return { ...g, done, dropped };
  }
}
