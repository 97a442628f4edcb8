import type { BusNames } from '@loadfleet/bus';
import type { RunLog } from '@loadfleet/controller';
import { Queue, WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { OutageLog } from './outage-log.js';

/** KEYS: line, ticket; ARGV: run id -> its place in line, 1-based. */
const JOIN_LINE = `
local ticket = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], ticket, ARGV[1])
return redis.call('ZRANK', KEYS[1], ARGV[1]) + 1
`;

interface RunJob {
  runId: string;
}

/**
 * The BullMQ queue of runs (`names.runQueue`, prefix `names.redis.bullPrefix`).
 * Job id = run id. A BullMQ Worker in this process executes up to
 * `concurrency` runs at once; the rest wait in order. Jobs are removed when
 * done: history lives in the run records, not in BullMQ.
 */
export class RunQueue {
  private readonly queue: Queue<RunJob>;
  private worker: Worker<RunJob> | null = null;
  private workerConnection: Redis | null = null;
  /** BullMQ reports every failed reconnect: one line per outage. */
  private readonly outage: OutageLog;
  /** Submits in this process join the line and the BullMQ queue one after the other. */
  private adding: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: Redis,
    private readonly names: BusNames,
    private readonly log: RunLog,
  ) {
    this.outage = new OutageLog(log, 'run queue');
    this.queue = new Queue<RunJob>(names.runQueue, { connection, prefix: names.redis.bullPrefix });
    this.queue.on('error', (err) => this.outage.error(err));
  }

  /**
   * Queues a run and resolves with its place in line at that instant (1 = next to run).
   * The place is taken in one Lua script (a ticket from INCR, the run into the line
   * scored by it, its rank), so runs submitted at once get distinct places; the BullMQ
   * jobs are added in ticket order (one at a time per controller), so they start in it.
   */
  add(runId: string): Promise<number> {
    const joined = this.adding.then(async () => {
      const position = Number(
        await this.connection.eval(JOIN_LINE, 2, this.names.redis.line, this.names.redis.lineTicket, runId),
      );
      await this.queue.add('run', { runId }, { jobId: runId, attempts: 1, removeOnComplete: true, removeOnFail: true });
      return position;
    });
    this.adding = joined.then(
      () => undefined,
      () => undefined,
    );
    return joined;
  }

  /** 1 = next to run; null when the run is not waiting. */
  async position(runId: string): Promise<number | null> {
    const rank = await this.connection.zrank(this.names.redis.line, runId);
    return rank === null ? null : rank + 1;
  }

  /** Removes a waiting run's job (best effort: a job a worker already took is left to it). */
  async remove(runId: string): Promise<void> {
    await this.leaveLine(runId);
    try {
      await this.queue.remove(runId);
    } catch (err) {
      this.log.warn({ err, runId }, 'could not remove the job of a cancelled run');
    }
  }

  /**
   * Drops from the line the runs no longer queued (ended while queued by a controller
   * that then died, before they left the line): they would make every later place too
   * high. A run's record says `queued` from before it joins the line until it leaves.
   */
  async prune(): Promise<number> {
    const ids = await this.connection.zrange(this.names.redis.line, 0, -1);
    let pruned = 0;
    for (const id of ids) {
      const state = await this.connection.hget(this.names.redis.run(id), 'state');
      if (state !== 'queued') pruned += await this.leaveLine(id);
    }
    return pruned;
  }

  private async leaveLine(runId: string): Promise<number> {
    return this.connection.zrem(this.names.redis.line, runId);
  }

  waitingCount(): Promise<number> {
    return this.queue.getWaitingCount();
  }

  /**
   * Starts executing runs: `execute(runId)` resolves when the run has ended, or with
   * 'requeue' when this controller may not start it after all (it no longer leads):
   * the job goes back to the queue for the next leader, not lost.
   */
  start(concurrency: number, execute: (runId: string) => Promise<void | 'requeue'>): void {
    if (this.worker) return;
    this.prune().catch((err: unknown) => this.log.warn({ err }, 'could not prune the run line'));
    const workerConnection = this.connection.duplicate({ maxRetriesPerRequest: null });
    workerConnection.on('error', () => {}); // reported through the worker's 'error' event
    this.workerConnection = workerConnection;
    const process = async (job: Job<RunJob>, token?: string) => {
      await this.leaveLine(job.data.runId);
      if ((await execute(job.data.runId)) !== 'requeue') return;
      await job.moveToWait(token);
      throw new WaitingError();
    };
    this.worker = new Worker<RunJob>(this.names.runQueue, process, {
      connection: workerConnection,
      prefix: this.names.redis.bullPrefix,
      concurrency,
      // A run lasts minutes to hours; the lock is renewed while it runs.
      lockDuration: 30_000,
    });
    this.worker.on('error', (err) => this.outage.error(err));
    workerConnection.on('ready', () => this.outage.back());
    this.worker.on('failed', (job, err) => this.log.error({ err, runId: job?.id }, 'run job failed'));
  }

  /** Takes no more runs; resolves once the runs in progress have returned (end or hand them over first). */
  async stopTaking(): Promise<void> {
    const worker = this.worker;
    const connection = this.workerConnection;
    this.worker = null;
    this.workerConnection = null;
    try {
      await worker?.close();
    } finally {
      await connection?.quit().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const errors: unknown[] = [];
    const steps = [() => this.stopTaking(), () => this.queue.close()];
    for (const step of steps) {
      try {
        await step();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'closing the run queue failed');
  }
}
