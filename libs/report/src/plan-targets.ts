import type { LoadModel } from '@loadfleet/scenario';

/**
 * What the schedule asked for, from the plan: the report compares it with what
 * happened when the engine did not record its own target gauges.
 */

/** Arrivals the open model schedules in [fromMs, toMs) from the start; null for the closed model. */
export function scheduledArrivals(load: LoadModel, fromMs: number, toMs: number): number | null {
  if (load.model !== 'open') return null;
  let total = 0;
  let phaseStart = 0;
  for (const phase of load.phases) {
    const phaseEnd = phaseStart + phase.durationMs;
    const a = Math.max(fromMs, phaseStart);
    const b = Math.min(toMs, phaseEnd);
    if (b > a && phase.durationMs > 0) {
      // The rate ramps linearly across the phase: integrate it as a trapezoid.
      const rateAt = (t: number) =>
        phase.fromRate + ((phase.toRate - phase.fromRate) * (t - phaseStart)) / phase.durationMs;
      total += ((rateAt(a) + rateAt(b)) / 2) * ((b - a) / 1000);
    }
    phaseStart = phaseEnd;
  }
  return total;
}

/** Users the closed model holds at tMs from the start; null for the open model. */
export function scheduledUsers(load: LoadModel, tMs: number): number | null {
  if (load.model !== 'closed') return null;
  const { users, rampUpMs, holdMs, rampDownMs } = load;
  if (tMs < 0) return 0;
  if (tMs < rampUpMs) return Math.floor((users * tMs) / rampUpMs);
  if (tMs < rampUpMs + holdMs) return users;
  const down = tMs - rampUpMs - holdMs;
  if (down < rampDownMs) return Math.ceil(users * (1 - down / rampDownMs));
  return 0;
}
