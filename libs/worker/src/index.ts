export { GrantTokenSource, type Grant, type GrantSourceOptions } from './grant-source.js';
export { RecordBuffer, DEFAULT_RECORD_BOUND, type BufferedRecord } from './record-buffer.js';
export { RecordFlusher, type RecordWriter, type RecordFlusherOptions } from './record-flusher.js';
export { WorkerRun, type WorkerRunOptions, type WorkerRunState, type WorkerRunResult } from './worker-run.js';
export { freeCapacity, type CapacityUse } from './capacity.js';
export { WorkerError, type WorkerErrorCode } from './errors.js';
export { activeRunOf, DEFAULT_OWNER_TIMEOUT_MS, type ActiveRun } from './run-spec.js';
export { OwnerWatch, type OwnedRun } from './owner-watch.js';
export { refusedTargets, type AllowTarget } from './target-check.js';
