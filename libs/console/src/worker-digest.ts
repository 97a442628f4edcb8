import type { WorkerEntry } from '@loadfleet/controller';
import { SATURATION_LOOP_DELAY_P99_MS } from '@loadfleet/stats';
import type { WorkerDigest, WorkerRow } from './wire.js';

/** Worker rows per second on the live stream: the stream's size does not grow with the fleet. */
export const WORKER_ROWS_PER_FRAME = 20;

/**
 * The workers of one run (those whose heartbeat names it, and those that took
 * part and were lost): totals, and page number `second` of their rows, turning
 * over the whole fleet every count / pageSize seconds.
 */
export function workerDigest(
  fleet: readonly WorkerEntry[],
  runId: string,
  second: number,
  participants: ReadonlySet<string> = new Set(),
  pageSize = WORKER_ROWS_PER_FRAME,
): WorkerDigest {
  const rows: WorkerRow[] = [];
  for (const w of fleet) {
    const mine = w.runs.find((r) => r.runId === runId);
    if (!mine && !participants.has(w.id)) continue;
    rows.push({
      id: w.id,
      host: w.host,
      users: mine?.activeUsers ?? 0,
      capacity: w.capacity,
      limit: w.capacityLimit,
      cpu: Math.round(w.health.cpuPct),
      loopP99: Math.round(w.health.loopDelayP99Ms * 10) / 10,
      saturated: !w.lost && w.health.loopDelayP99Ms > SATURATION_LOOP_DELAY_P99_MS,
      lost: w.lost,
    });
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const offset = (((second % pages) + pages) % pages) * pageSize;
  let users = 0;
  let capacity = 0;
  let lost = 0;
  let saturated = 0;
  for (const r of rows) {
    users += r.users;
    if (r.lost) lost++;
    else capacity += r.capacity;
    if (r.saturated) saturated++;
  }
  return { count: rows.length, lost, saturated, users, capacity, offset, rows: rows.slice(offset, offset + pageSize) };
}
