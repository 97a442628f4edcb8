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
  const now = o.now ?? Date.now;
  const until = now() + o.forMs;
  let failures = 0;
  for (;;) {
    try {
      const result = await write();
      if (failures > 0) o.log.info({ what: o.what, attempts: failures + 1 }, 'store write succeeded after failures');
      return result;
    } catch (err) {
      failures++;
      if (now() >= until || o.cancelled?.()) {
        o.log.error({ err, what: o.what, attempts: failures }, 'store write failed; giving up');
        return undefined;
      }
      if (failures === 1) o.log.warn({ err, what: o.what }, 'store write failed; retrying until the store is back');
      await new Promise((r) => setTimeout(r, o.everyMs ?? 500));
    }
  }
}
