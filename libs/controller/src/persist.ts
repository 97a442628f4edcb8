import { retry } from '@loadfleet/lifecycle';
import type { RunLog } from './run-bus.js';

export interface PersistOptions {
  /** Give up after this long (0: one attempt). */
  forMs: number;
  /** Wait between attempts. */
  everyMs?: number;
  log: RunLog;
  what: string;
  now?: () => number;
  /** Stops retrying (the controller is shutting down). */
  cancelled?: () => boolean;
}

/**
 * Runs a store write until it succeeds: a Redis outage at the end of a run must not
 * leave its record "running" for ever (the final state can only follow "stopping").
 * The failure is logged once, the recovery once; after `forMs` it gives up (logged),
 * and resolves with undefined. Never rejects.
 */
export async function persist<T>(write: () => Promise<T>, o: PersistOptions): Promise<T | undefined> {
  let failures = 0;
  try {
    const result = await retry(write, {
      forMs: o.forMs,
      everyMs: o.everyMs ?? 500,
      ...(o.now ? { now: o.now } : {}),
      ...(o.cancelled ? { cancelled: o.cancelled } : {}),
      onRetry: (err) => {
        if (++failures === 1) o.log.warn({ err, what: o.what }, 'store write failed; retrying until the store is back');
      },
    });
    if (failures > 0) o.log.info({ what: o.what, attempts: failures + 1 }, 'store write succeeded after failures');
    return result;
  } catch (err) {
    o.log.error(
      { err: (err as Error).cause ?? err, what: o.what, attempts: failures + 1 },
      'store write failed; giving up',
    );
    return undefined;
  }
}
