export { MemoryWindowStore, type WindowStore, type StoredWindow } from './window-store.js';
export { decodeEntries, compareStreamIds, type StreamEntry, type DecodedBatch } from './ingest.js';
export { mergeStored, type MergedSecond } from './merge.js';
export {
  RollupScheduler,
  rollupSecond,
  ROLLUP_DELAY_MS,
  ROLLUP_HORIZON_MS,
  ROLLUP_LOCK_MS,
  type RollupSchedulerOptions,
  type RunSecond,
} from './rollup.js';
export { timelineFromStore, planFromStore, reportInputOf, writeStoredReport, runEndedOf } from './report.js';
export { findGaps, gapNotes, type WorkerGap } from './gaps.js';
export { AggregatorError, type AggregatorErrorCode } from './errors.js';
export { runReportJob, type ReportJobDeps, type JobLog } from './report-job.js';
