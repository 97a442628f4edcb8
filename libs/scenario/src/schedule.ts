import type { ClosedLoad, LoadModel, OpenLoad } from './plan.js';

/**
 * What a load model asks for over time, as pure functions of the offset from the
 * run's start (ms). The engine paces arrivals by them, the farm hands out quota by
 * them, and the report compares what happened with them.
 */

/** The schedule's length (ms): all phases, or ramp-up + hold + ramp-down. */
export function scheduleLengthMs(load: LoadModel): number {
  return load.model === 'open'
    ? load.phases.reduce((a, p) => a + p.durationMs, 0)
    : load.rampUpMs + load.holdMs + load.rampDownMs;
}

/** Name of the phase at `ms` ("drain" once the schedule is over). */
export function phaseAt(load: LoadModel, ms: number): string {
  if (load.model === 'closed') {
    if (ms < load.rampUpMs) return 'ramp-up';
    if (ms < load.rampUpMs + load.holdMs) return 'hold';
    return ms < scheduleLengthMs(load) ? 'ramp-down' : 'drain';
  }
  let end = 0;
  for (const p of load.phases) {
    end += p.durationMs;
    if (ms < end) return p.name;
  }
  return 'drain';
}

/** Open model: arrivals intended from the start up to `ms` (the integral of the rate). */
export function cumulativeArrivals(load: OpenLoad, ms: number): number {
  let total = 0;
  let start = 0;
  for (const p of load.phases) {
    if (ms <= start) break;
    const t = Math.min(ms - start, p.durationMs) / 1000;
    const slope = (p.toRate - p.fromRate) / (p.durationMs / 1000);
    total += p.fromRate * t + (slope * t * t) / 2;
    start += p.durationMs;
  }
  return total;
}

/** Open model: the intended arrival rate (users/s) at `ms`; 0 outside the phases. */
export function arrivalRateAt(load: OpenLoad, ms: number): number {
  let start = 0;
  for (const p of load.phases) {
    if (ms < start + p.durationMs && ms >= start) {
      return p.fromRate + ((p.toRate - p.fromRate) * (ms - start)) / p.durationMs;
    }
    start += p.durationMs;
  }
  return 0;
}

/**
 * Closed model: users that should be alive at `ms`. During the ramp-up the k-th
 * user (from 0) is due at k * rampUp / users, so one is due at once.
 */
export function closedUsersAt(load: ClosedLoad, ms: number): number {
  const { users, rampUpMs, holdMs, rampDownMs } = load;
  if (ms < 0) return 0;
  if (ms < rampUpMs) return Math.min(users, Math.floor((users * ms) / rampUpMs) + 1);
  if (ms < rampUpMs + holdMs) return users;
  const down = ms - rampUpMs - holdMs;
  if (down < rampDownMs) return Math.ceil(users * (1 - down / rampDownMs));
  return 0;
}
