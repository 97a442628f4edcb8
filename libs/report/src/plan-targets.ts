import { closedUsersAt, cumulativeArrivals, type LoadModel } from '@loadfleet/scenario';

/**
 * What the schedule asked for, from the plan: the report compares it with what
 * happened when the engine did not record its own target gauges.
 */

/** Arrivals the open model schedules in [fromMs, toMs) from the start; null for the closed model. */
export function scheduledArrivals(load: LoadModel, fromMs: number, toMs: number): number | null {
  if (load.model !== 'open') return null;
  return cumulativeArrivals(load, toMs) - cumulativeArrivals(load, Math.max(0, fromMs));
}

/** Users the closed model holds at tMs from the start; null for the open model. */
export function scheduledUsers(load: LoadModel, tMs: number): number | null {
  return load.model === 'closed' ? closedUsersAt(load, tMs) : null;
}
