import type { LiveRollupInit } from '@loadfleet/protocol';
import { encodeWindow } from '@loadfleet/stats';
import { mergeStored } from './merge.js';
import type { WindowStore } from './window-store.js';

/** A second is rolled up once it is this much older than its end (late windows have arrived). */
export const ROLLUP_DELAY_MS = 2000;
/** Seconds older than this when their first window arrives are left to the report (the live feed has moved on). */
export const ROLLUP_HORIZON_MS = 30_000;
/** How long a rollup's election lock lives: longer than the horizon, so no second is published twice. */
export const ROLLUP_LOCK_MS = 60_000;

export interface RollupSchedulerOptions {
  delayMs?: number;
  horizonMs?: number;
  now?: () => number;
}

export interface RunSecond {
  runId: string;
  second: number;
}

/**
 * Which (run, second) pairs this aggregator stored windows for and has not rolled
 * up yet, and which of them are due. Every aggregator that stored a window of a
 * second competes for its rollup; the lock elects one (rollupSecond).
 */
export class RollupScheduler {
  private readonly waiting = new Map<string, RunSecond>();
  private readonly delayMs: number;
  private readonly horizonMs: number;
  private readonly now: () => number;

  constructor(options: RollupSchedulerOptions = {}) {
    this.delayMs = options.delayMs ?? ROLLUP_DELAY_MS;
    this.horizonMs = options.horizonMs ?? ROLLUP_HORIZON_MS;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.waiting.size;
  }

  /** A window of (runId, second) was stored. Returns false when it is too old for the live feed. */
  note(runId: string, second: number): boolean {
    if (this.now() > (second + 1) * 1000 + this.horizonMs) return false;
    const key = `${runId}:${second}`;
    if (!this.waiting.has(key)) this.waiting.set(key, { runId, second });
    return true;
  }

  /** The pairs whose second ended at least the delay ago, oldest first; they leave the schedule. */
  due(): RunSecond[] {
    const limit = this.now() - this.delayMs;
    const out: RunSecond[] = [];
    for (const [key, rs] of this.waiting) {
      if ((rs.second + 1) * 1000 > limit) continue;
      out.push(rs);
      this.waiting.delete(key);
    }
    return out.sort((a, b) => a.second - b.second);
  }

  /** Forgets a run (it ended). */
  dropRun(runId: string): void {
    for (const [key, rs] of this.waiting) if (rs.runId === runId) this.waiting.delete(key);
  }
}

/**
 * Elects this aggregator for one second's rollup (SET NX lock) and, when elected,
 * merges every worker's stored window of that second. Null when another
 * aggregator has it or nothing is stored.
 */
export async function rollupSecond(
  store: WindowStore,
  runId: string,
  second: number,
  lockMs = ROLLUP_LOCK_MS,
): Promise<(LiveRollupInit & { bad: string[] }) | null> {
  if (!(await store.tryLock(`roll:${runId}:${second}`, lockMs))) return null;
  const [windows] = await store.windowsOf(runId, [second]);
  if (!windows || windows.size === 0) return null;
  const merged = mergeStored(second, windows);
  return { runId, second, window: encodeWindow(merged.window), sources: merged.sources, bad: merged.bad };
}
