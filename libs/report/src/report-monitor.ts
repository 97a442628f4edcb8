import type { MonitorCapture } from '@loadfleet/runtime';
import type { MonitorReport, MonitorReportSeries } from './types.js';

/** The monitor capture on the report's time axis: each point also as `t`, seconds since the run's start second. */
export function monitorReport(capture: MonitorCapture | null, startedAt: number): MonitorReport | null {
  if (capture === null) return null;
  const start = Math.floor(startedAt / 1000);
  const series: Record<string, MonitorReportSeries> = {};
  for (const key of Object.keys(capture.series).sort()) {
    const s = capture.series[key]!;
    series[key] = {
      endpoint: s.endpoint,
      metric: s.metric,
      kind: s.kind,
      points: s.points.map((p) => ({ second: p.second, t: p.second - start, value: p.value })),
    };
  }
  return { endpoints: capture.endpoints.map((e) => ({ ...e })), series };
}

/** A failing endpoint is shown (never a failure of the run). */
export function monitorWarnings(m: MonitorReport | null): string[] {
  if (m === null) return [];
  return m.endpoints
    .filter((e) => e.errors > 0)
    .map(
      (e) =>
        `Monitor "${e.name}" (${e.url}): ${e.errors} of ${e.scrapes} scrapes failed (last: ${e.lastError ?? 'unknown'}).`,
    );
}
