import type { Schedule } from '@loadfleet/schedule';
import type { TimelineRow } from './types.js';

/** Below this share of the users a schedule holds, on average over the hold, the report warns. */
const HOLD_WARNING_RATIO = 0.95;

/**
 * A schedule that holds users (closed model) and held fewer on average over the
 * seconds it wanted its peak: the warning that says so, or null. Users that end
 * faster than they are replaced leave the target with less load than asked for.
 */
export function holdShortfall(schedule: Schedule, rows: readonly TimelineRow[], startedAt: number): string | null {
  if (!schedule.holdsUsers) return null;
  const peak = schedule.peakUsers(0).users;
  if (peak <= 0) return null;
  let sum = 0;
  let n = 0;
  let min = Infinity;
  for (const r of rows) {
    const fromMs = r.second * 1000 - startedAt;
    // Whole seconds of the hold only: the users gauge is read as each second ends.
    if (fromMs < 0 || schedule.usersAt(fromMs) !== peak || schedule.usersAt(fromMs + 1000) !== peak) continue;
    if (r.users.active === null) continue;
    sum += r.users.active;
    min = Math.min(min, r.users.active);
    n++;
  }
  if (n === 0 || sum / n >= HOLD_WARNING_RATIO * peak) return null;
  const mean = sum / n;
  return (
    `The closed model held ${mean.toFixed(1)} of ${peak} users on average during the hold ` +
    `(${((mean / peak) * 100).toFixed(1)}%, at least ${min}): users ended faster than they were replaced.`
  );
}
