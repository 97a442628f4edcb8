import type { Logger } from '@loadfleet/log';
import { RecordBuffer, RecordFlusher, type BufferedRecord } from '@loadfleet/worker';
import { Redis, type RedisOptions } from 'ioredis';

/** Stream trimming (docs/FARM.md, "Worker"): approximate, so Redis trims whole nodes cheaply. */
const STREAM_MAXLEN = '1000000';

/**
 * The worker's way to the stats stream: every record goes through a bounded
 * RecordBuffer and is XADDed in order by a RecordFlusher. The Redis client fails
 * commands at once while disconnected (no offline queue, no retries) and
 * reconnects on its own, so an outage fills the buffer instead of memory.
 */
export class StatsWriter {
  readonly buffer: RecordBuffer;
  readonly flusher: RecordFlusher;
  readonly redis: Redis;

  constructor(redisUrl: string, stream: string, bound: number, log: Logger, connection: RedisOptions = {}) {
    this.buffer = new RecordBuffer(bound);
    this.redis = new Redis(redisUrl, {
      ...connection,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      connectTimeout: 2000,
      // A Redis that stops answering without closing the socket must not hold the flusher forever.
      commandTimeout: 5000,
      retryStrategy: (times) => Math.min(100 * times, 1000),
    });
    let lastError = '';
    this.redis.on('error', (err: Error) => {
      // ioredis repeats the same error on every reconnect attempt: log changes only.
      if (err.message !== lastError) log.warn({ err: err.message }, 'redis connection error');
      lastError = err.message;
    });
    this.redis.on('ready', () => (lastError = ''));
    const write = async (batch: readonly BufferedRecord[]): Promise<number> => {
      const p = this.redis.pipeline();
      for (const r of batch) p.xadd(stream, 'MAXLEN', '~', STREAM_MAXLEN, '*', 'r', toBuffer(r.bytes));
      const results = (await p.exec()) ?? [];
      let n = 0;
      while (n < results.length && !results[n]![0]) n++;
      return n;
    };
    this.flusher = new RecordFlusher(this.buffer, write, {
      onDown: (err, waiting) =>
        log.warn(
          { err: (err as Error).message, waiting },
          'redis unreachable: stats records are buffered until it is back',
        ),
      onUp: (waiting) =>
        log.info({ waiting, dropped: this.buffer.dropped }, 'redis is back: buffered stats records flushed'),
    });
  }

  /** Flushes until no record of `runId` waits, or `timeoutMs` passed; true when flushed. */
  async flushRun(runId: string, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.flusher.flush();
      if (this.buffer.waitingFor(runId) === 0) return true;
      if (Date.now() >= until) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
