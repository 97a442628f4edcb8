export { arrivalShortfall, buildReport, exitCodeOf } from './build-report.js';
export { evaluateThresholds, abortingThreshold, type ThresholdBaseline, type ThresholdContext } from './thresholds.js';
export { baselineOf } from './baseline.js';
export { renderHtml } from './render-html.js';
export { renderSummary, type SummaryOptions } from './render-summary.js';
export { writeReport } from './write-report.js';
export { formatMs, formatCount, formatBytes, formatPercent, formatDuration, formatClock } from './format.js';
export { escapeHtml } from './escape.js';
export { lineChart, type LineChartOptions, type Series } from './svg-chart.js';
export { holdShortfall } from './hold-shortfall.js';
export { requestEquation, requestOutcomes } from './report-totals.js';
export { phasesOf, type PhaseSpan } from './phases.js';
export { ReportError, type ReportErrorCode } from './errors.js';
export * from './exit-codes.js';
export { SATURATION_LOOP_DELAY_P99_MS, SATURATION_START_LATENESS_P99_MS } from '@loadfleet/stats';
export {
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportInput,
  type RunOutcome,
  type WorkerInfo,
  type RunMeta,
  type Totals,
  type RequestOutcomes,
  type LatencyRow,
  type LatencyPoint,
  type ArrivalSummary,
  type HealthSummary,
  type TimelineRow,
  type ThresholdResult,
} from './types.js';
export { RUN_OUTCOMES, outcomeOf, type RunEndedInfo } from './run-ended.js';
export {
  compareReports,
  describeChange,
  perSecondRate,
  DEFAULT_COMPARE_RULES,
  COMPARE_SCHEMA_VERSION,
  type Comparison,
  type CompareFigure,
  type CompareRules,
  type CompareRunInfo,
} from './compare/compare.js';
export { renderCompareTable, renderCompareHtml } from './compare/render-compare.js';
export { mannWhitneyP, iqr, quantile } from './compare/noise.js';
export { encodeHistograms, decodeReportHistogram } from './report-histograms.js';
export type { EncodedHistogram } from './types.js';
export {
  EXPORT_FORMATS,
  flatTimeline,
  parseExportFormats,
  renderExport,
  timelineCsv,
  timelineJsonl,
  type ExportFormat,
} from './exports.js';
export type { MonitorReport, MonitorReportSeries } from './types.js';
