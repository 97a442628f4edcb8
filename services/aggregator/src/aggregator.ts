import {
  RollupScheduler,
  decodeEntries,
  rollupSecond,
  runReportJob,
  runEndedOf,
  type StreamEntry,
} from '@loadfleet/aggregator';
import { codecs, isSafeToken, type BusNames } from '@loadfleet/bus';
import type { Logger } from '@loadfleet/log';
import type { RunEndedInfo } from '@loadfleet/report';
import type { Redis } from 'ioredis';
import type { NatsConnection, Subscription } from 'nats';
import { drainedThrough, lastEntryId } from './drain.js';
import type { RedisWindowStore } from './redis-store.js';
import { StreamReader } from './stream-reader.js';

/** How long one aggregator holds a run's report job before another may take it. */
const REPORT_LOCK_MS = 10 * 60_000;
const ROLLUP_EVERY_MS = 250;
const HEALTH_LOG_EVERY_MS = 10_000;
/** A report that fails on Redis errors is tried again this often, for this long (the controller waits --report-timeout). */
const REPORT_RETRY_EVERY_MS = 1000;
const REPORT_RETRY_MS = 5 * 60_000;
const FLUSH_AFTER_OUTAGE_MS = 1000;

export interface AggregatorOptions {
  id: string;
  names: BusNames;
  nc: NatsConnection;
  /** Commands (store, acks, locks). */
  redis: Redis;
  /** A connection of its own for the blocking stream reads. */
  reader: Redis;
  store: RedisWindowStore;
  batch: number;
  claimIdleMs: number;
  rollupDelayMs: number;
  drainTimeoutMs: number;
  log: Logger;
}

/**
 * One aggregator: stores every stats record's window (idempotent by worker id),
 * acks it, publishes the live rollup of each second once it is due and this
 * aggregator wins its election, and writes a run's report when the run ends.
 */
export class Aggregator {
  private readonly reader: StreamReader;
  private readonly rollups: RollupScheduler;
  private readonly reports = new Map<string, { ended: Uint8Array; done: Promise<void> }>();
  private sub: Subscription | null = null;
  private timers: NodeJS.Timeout[] = [];
  private closing: Promise<void> | null = null;
  private rolling = false;
  private lastRollupError = '';
  /** When the command connection last (re)connected. */
  private redisBackAt = 0;
  private readonly counts = { records: 0, bad: 0, rollups: 0, reports: 0, badControl: 0 };

  constructor(private readonly o: AggregatorOptions) {
    // Workers flush what they buffered during a Redis outage within a second or two of its end.
    o.redis.on('ready', () => (this.redisBackAt = Date.now()));
    this.rollups = new RollupScheduler({ delayMs: o.rollupDelayMs });
    this.reader = new StreamReader(
      o.reader,
      {
        stream: o.names.redis.statsStream,
        group: o.names.redis.statsGroup,
        consumer: o.id,
        batch: o.batch,
        claimIdleMs: o.claimIdleMs,
      },
      (entries) => this.ingest(entries),
      o.log,
    );
  }

  get stats(): Readonly<typeof this.counts> {
    return this.counts;
  }

  /** Starts reading (the group is created by the reader, which retries while Redis is away) and listening. */
  start(): void {
    this.reader.start();
    this.sub = this.o.nc.subscribe(this.o.names.subjects.anyEnded, {
      queue: this.o.names.aggregatorQueue,
      callback: (_err, msg) => this.onEnded(msg.data),
    });
    this.timers.push(setInterval(() => void this.rollupDue(), ROLLUP_EVERY_MS));
    this.timers.push(
      setInterval(
        () => this.o.log.info({ ...this.counts, rollupsWaiting: this.rollups.size }, 'aggregator health'),
        HEALTH_LOG_EVERY_MS,
      ),
    );
    this.o.log.info({ id: this.o.id }, 'aggregator started');
  }

  /**
   * Stops reading (the batch in hand is stored and acked). Reports not finished
   * are handed back: their lock released and their RunEnded published again, for
   * another aggregator of the queue group. Every step runs even when one fails.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const t of this.timers) clearInterval(t);
      this.sub?.unsubscribe();
      // Bounded: a reader blocked on an unreachable Redis must not hold the shutdown.
      await Promise.race([this.reader.stop(), sleep(5000)]);
      for (const [runId, job] of this.reports) {
        this.o.log.warn({ runId }, 'report not finished at shutdown: handing it to another aggregator');
        await this.o.store.unlock(`report:${runId}`).catch(() => {});
        try {
          this.o.nc.publish(this.o.names.subjects.ended(runId), job.ended);
        } catch {
          // NATS already closed: the controller's report timeout will tell.
        }
      }
    })();
    return this.closing;
  }

  private async ingest(entries: StreamEntry[]): Promise<void> {
    const batch = decodeEntries(entries);
    await this.o.store.putWindows(batch.windows);
    for (const w of batch.windows) this.rollups.note(w.runId, w.second);
    await this.o.redis.xack(this.o.names.redis.statsStream, this.o.names.redis.statsGroup, ...batch.ack);
    this.counts.records += batch.windows.length;
    if (batch.bad.length > 0) {
      this.counts.bad += batch.bad.length;
      this.o.log.warn(
        { bad: batch.bad.slice(0, 5), total: this.counts.bad },
        'unreadable stats records acknowledged and skipped',
      );
    }
  }

  private async rollupDue(): Promise<void> {
    if (this.rolling) return;
    this.rolling = true;
    try {
      for (const { runId, second } of this.rollups.due()) {
        const r = await rollupSecond(this.o.store, runId, second);
        if (r === null) continue;
        this.o.nc.publish(this.o.names.subjects.live(runId), codecs.liveRollup.encode(r));
        this.counts.rollups++;
        if (r.bad.length > 0)
          this.o.log.warn({ runId, second, workers: r.bad }, 'undecodable stored windows left out of a rollup');
      }
      this.lastRollupError = '';
    } catch (err) {
      // Redis away: every tick would fail the same way; say it once per outage.
      const message = (err as Error).message;
      if (message !== this.lastRollupError) this.o.log.warn({ err: message }, 'rollup failed');
      this.lastRollupError = message;
    } finally {
      this.rolling = false;
    }
  }

  private onEnded(data: Uint8Array): void {
    const ended = codecs.runEnded.decode(data);
    if (ended === null || !isSafeToken(ended.runId)) {
      this.counts.badControl++;
      this.o.log.warn({ badControl: this.counts.badControl }, 'unreadable RunEnded: ignored');
      return;
    }
    if (this.closing || this.reports.has(ended.runId)) return;
    const info = runEndedOf(ended);
    const done = this.fromLeader(ended.runId, ended.fence)
      .then((ok) => (ok ? this.report(info, ended.graceMs) : undefined))
      .finally(() => this.reports.delete(ended.runId));
    this.reports.set(ended.runId, { ended: data, done });
  }

  /**
   * False for a RunEnded from a controller that has been replaced as leader: its
   * fencing token is below the one the run record carries (docs/FARM.md, "Several
   * controllers"). Without a token, or with the record unreadable, it is taken.
   */
  private async fromLeader(runId: string, fence: number): Promise<boolean> {
    if (!(fence > 0)) return true;
    let theirs = 0;
    try {
      theirs = Number((await this.o.redis.hget(this.o.names.redis.run(runId), 'fence')) ?? 0);
    } catch {
      return true;
    }
    if (fence >= theirs) return true;
    this.counts.badControl++;
    this.o.log.warn({ runId, fence, highest: theirs }, 'RunEnded from a replaced leader refused');
    return false;
  }

  private async report(ended: RunEndedInfo, graceMs: number): Promise<void> {
    const report = await runReportJob(ended, {
      store: this.o.store,
      ready: (runId) => this.publishReady(runId),
      waitDrained: (runId) => this.waitDrained(runId),
      storeBackAt: () => this.redisBackAt,
      closing: () => this.closing !== null,
      log: this.o.log,
      lockMs: REPORT_LOCK_MS,
      graceMs,
      flushAfterOutageMs: FLUSH_AFTER_OUTAGE_MS,
      retryEveryMs: REPORT_RETRY_EVERY_MS,
      retryForMs: REPORT_RETRY_MS,
    });
    if (report === null) return;
    this.rollups.dropRun(ended.runId);
    this.counts.reports++;
  }

  /** reportReady's payload is the run id (UTF-8). */
  private publishReady(runId: string): void {
    this.o.nc.publish(this.o.names.subjects.reportReady(runId), new TextEncoder().encode(runId));
  }

  /** Waits until every record written before now is stored (bounded); false when the bound passed. */
  private async waitDrained(runId: string): Promise<boolean> {
    const { statsStream, statsGroup } = this.o.names.redis;
    const upTo = await lastEntryId(this.o.redis, statsStream);
    const until = Date.now() + this.o.drainTimeoutMs;
    while (!this.closing) {
      if (await drainedThrough(this.o.redis, statsStream, statsGroup, upTo)) return true;
      if (Date.now() >= until) {
        this.o.log.warn({ runId, upTo }, 'stats stream not drained in time: building the report from what is stored');
        return false;
      }
      await sleep(100);
    }
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
