export * from './names.js';
export * as names from './names.js';
export { StatsError, type StatsErrorCode } from './errors.js';
export { HIGHEST_TRACKABLE_US, SIGNIFICANT_DIGITS, newHistogram, clampMicros, type Histogram } from './histogram.js';
export { percentile, histogramSummary, type HistogramSummary } from './summary.js';
export {
  emptyWindow,
  freezeWindow,
  sumCounters,
  countersByKind,
  type StatsWindow,
  type MutableStatsWindow,
} from './window.js';
export { mergeInto, mergeWindows, copyWindow } from './merge.js';
export { StatsRecorder } from './recorder.js';
export { Timeline, summarizeWindow, type TimelineSecond, type TimelineOptions } from './timeline.js';
export { RunningTotals } from './running-totals.js';
export { RowHistory, foldRows } from './row-history.js';
export { encodeWindow, decodeWindow } from './window-codec.js';
export { encodeHistogram, decodeHistogram, extremesOf } from './hdr-codec.js';
export { HealthSampler, MIN_CPU_INTERVAL_MS, type HealthSample, type HealthSamplerOptions } from './health-sampler.js';
export {
  SATURATION_LOOP_DELAY_P99_MS,
  SATURATION_START_LATENESS_P99_MS,
  isSaturated,
  isWindowSaturated,
} from './saturation.js';
