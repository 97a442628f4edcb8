import {
  SATURATION_LOOP_DELAY_P99_MS,
  SATURATION_START_LATENESS_P99_MS,
  names,
  percentile,
  type StatsWindow,
} from '@loadfleet/stats';
import type { HealthSummary, TimelineRow } from './types.js';

/** How the generator itself fared, and the warning to show when it fell behind. */
export function buildHealth(rows: readonly TimelineRow[], totals: StatsWindow): HealthSummary {
  const saturated = rows.filter((r) => r.health.saturated);
  const lateness = totals.histograms[names.LATENESS_START];
  const gauge = (name: string) => totals.gauges[name] ?? null;
  const secondsSaturated = saturated.length;
  return {
    secondsSaturated,
    saturatedSeconds: saturated.map((r) => r.t),
    loopDelayP99MaxMs: gauge(names.HEALTH_LOOP_DELAY_P99_MS),
    loopDelayMaxMs: gauge(names.HEALTH_LOOP_DELAY_MAX_MS),
    cpuPctMax: gauge(names.HEALTH_CPU_PCT),
    rssBytesMax: gauge(names.HEALTH_RSS_BYTES),
    startLatenessP99Ms: lateness === undefined ? null : percentile(lateness, 99) / 1000,
    limits: { loopDelayP99Ms: SATURATION_LOOP_DELAY_P99_MS, startLatenessP99Ms: SATURATION_START_LATENESS_P99_MS },
    warning:
      secondsSaturated === 0
        ? null
        : `The load generator could not keep up for ${secondsSaturated} s of ${rows.length} s ` +
          `(event-loop delay p99 over ${SATURATION_LOOP_DELAY_P99_MS} ms or user-start lateness p99 over ` +
          `${SATURATION_START_LATENESS_P99_MS} ms). Latencies measured in those seconds may be inflated by the ` +
          `generator's own delay: add workers or lower the load per worker.`,
  };
}
