import type { WindowStore, StoredWindow } from '@loadfleet/aggregator';
import type { BusNames } from '@loadfleet/bus';
import type { Redis } from 'ioredis';

const TRY_LOCK_REENTRANT = `if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;

/** The aggregator's WindowStore in Redis, keys from busNames (docs/FARM.md, "Aggregator"). */
export class RedisWindowStore implements WindowStore {
  constructor(
    private readonly redis: Redis,
    private readonly names: BusNames,
    private readonly ttlMs: number,
    private readonly owner: string,
  ) {}

  async putWindows(items: readonly StoredWindow[]): Promise<void> {
    if (items.length === 0) return;
    const k = this.names.redis;
    const p = this.redis.pipeline();
    const expire = new Set<string>();
    for (const it of items) {
      const key = k.windows(it.runId, it.second);
      p.hset(key, it.workerId, toBuffer(it.window));
      p.zadd(k.seconds(it.runId), it.second, String(it.second));
      expire.add(key).add(k.seconds(it.runId));
    }
    for (const key of expire) p.pexpire(key, this.ttlMs);
    check(await p.exec());
  }

  async seconds(runId: string): Promise<number[]> {
    return (await this.redis.zrange(this.names.redis.seconds(runId), 0, -1)).map(Number);
  }

  async windowsOf(runId: string, seconds: readonly number[]): Promise<Map<string, Uint8Array>[]> {
    if (seconds.length === 0) return [];
    const p = this.redis.pipeline();
    for (const s of seconds) p.hgetallBuffer(this.names.redis.windows(runId, s));
    return check(await p.exec()).map((h) => new Map(Object.entries(h as Record<string, Buffer>)));
  }

  async tryLock(what: string, ttlMs: number, reentrant = false): Promise<boolean> {
    const key = this.names.redis.lock(what);
    if (reentrant) return (await this.redis.eval(TRY_LOCK_REENTRANT, 1, key, this.owner, ttlMs)) === 1;
    return (await this.redis.set(key, this.owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** The controller writes the compiled plan as JSON into the run record's "plan" field. */
  async planJson(runId: string): Promise<string | null> {
    return this.redis.hget(this.names.redis.run(runId), 'plan');
  }

  async putReport(runId: string, json: string, html: string): Promise<void> {
    const k = this.names.redis;
    check(await this.redis.pipeline().set(k.reportJson(runId), json).set(k.reportHtml(runId), html).exec());
  }

  async monitorJson(runId: string): Promise<string | null> {
    return this.redis.get(this.names.redis.monitor(runId));
  }

  async baselineReport(scenario: string): Promise<string | null> {
    const id = await this.redis.get(this.names.redis.baseline(scenario));
    return id === null ? null : this.redis.get(this.names.redis.reportJson(id));
  }

  async hasReport(runId: string): Promise<boolean> {
    return (await this.redis.exists(this.names.redis.reportJson(runId))) === 1;
  }

  /** Gives up a lock this aggregator holds (a report it cannot finish), so another may take the job. */
  async unlock(what: string): Promise<void> {
    const key = this.names.redis.lock(what);
    if ((await this.redis.get(key)) === this.owner) await this.redis.del(key);
  }
}

function check(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('redis pipeline was not executed');
  for (const [err] of results) if (err) throw err;
  return results.map(([, v]) => v);
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
