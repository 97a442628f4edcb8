import { emptyWindow } from '@loadfleet/stats';
import { decodeReportHistogram } from './report-histograms.js';
import type { ThresholdBaseline } from './thresholds.js';
import type { Report } from './types.js';

/** A baseline run's report.json as relative thresholds read it: its counters, exact histograms and duration. */
export function baselineOf(report: Report): ThresholdBaseline {
  const totals = emptyWindow(0, 1);
  Object.assign(totals.counters, report.totals.counters);
  for (const [name, encoded] of Object.entries(report.histograms ?? {}))
    totals.histograms[name] = decodeReportHistogram(encoded);
  return { runId: report.run.id, totals, durationMs: report.run.durationMs };
}
