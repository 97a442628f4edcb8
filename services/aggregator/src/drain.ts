import { compareStreamIds } from '@loadfleet/aggregator';
import type { Redis } from 'ioredis';

/** The id of the newest entry in the stream ("0-0" when empty). */
export async function lastEntryId(redis: Redis, stream: string): Promise<string> {
  const last = await redis.xrevrange(stream, '+', '-', 'COUNT', 1);
  return last[0]?.[0] ?? '0-0';
}

/**
 * True once the group has delivered every entry up to `upTo` and none of them
 * is still pending: every record written before that point is stored.
 */
export async function drainedThrough(redis: Redis, stream: string, group: string, upTo: string): Promise<boolean> {
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  const info = groups.map(pairs).find((g) => g.name === group);
  if (!info) return false;
  if (compareStreamIds(String(info['last-delivered-id']), upTo) < 0) return false;
  if (Number(info.pending) === 0) return true;
  const [count, minId] = (await redis.xpending(stream, group)) as [number, string | null];
  return count === 0 || minId === null || compareStreamIds(minId, upTo) > 0;
}

function pairs(flat: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}
