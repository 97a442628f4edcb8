import { HEALTH_LOOP_DELAY_P99_MS, HEALTH_SATURATED, LATENESS_START } from './names.js';
import { percentile } from './summary.js';
import type { StatsWindow } from './window.js';

/**
 * Past these limits the generator is not keeping up: its timers fire late, so the
 * latencies it measures in that second include its own delay.
 */
export const SATURATION_LOOP_DELAY_P99_MS = 50;
export const SATURATION_START_LATENESS_P99_MS = 100;

/**
 * True when the engine flagged the second (health.saturated), or its loop delay p99
 * or user-start lateness p99 is over the limit.
 */
export function isSaturated(gauges: Readonly<Record<string, number>>, startLatenessP99Ms: number | undefined): boolean {
  if ((gauges[HEALTH_SATURATED] ?? 0) >= 1) return true;
  if ((gauges[HEALTH_LOOP_DELAY_P99_MS] ?? 0) > SATURATION_LOOP_DELAY_P99_MS) return true;
  return startLatenessP99Ms !== undefined && startLatenessP99Ms > SATURATION_START_LATENESS_P99_MS;
}

export function isWindowSaturated(w: StatsWindow): boolean {
  const lateness = w.histograms[LATENESS_START];
  return isSaturated(w.gauges, lateness === undefined ? undefined : percentile(lateness, 99) / 1000);
}
