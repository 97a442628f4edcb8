export { ControllerError, RunStateError, ERROR_STATUS, type ControllerErrorCode, type ApiIssue } from './errors.js';
export {
  type QuotaAsk,
  type Grant,
  type AllocatorOptions,
  type AllocatorStats,
  type WorkerShareInfo,
  type SchedulePosition,
  type ResumeFrom,
  type Handover,
} from './pacing/types.js';
export {
  LeaseKeeper,
  MemoryLeaseStore,
  type LeaseStore,
  type LeaseEntry,
  type LeaseRecord,
  type LeaseOptions,
  type LeaseEvent,
} from './leadership/lease.js';
export { QuotaAllocator } from './pacing/quota-allocator.js';
export { ArrivalQueue } from './pacing/arrival-queue.js';
export { closedStep, type ClosedStepInput } from './pacing/closed-step.js';
export { WorkerRegistry, type WorkerEntry, type HeartbeatInfo, type RegistryOptions } from './registry.js';
export {
  FARM_RUN_STATES,
  isFarmRunState,
  isTerminal,
  isActive,
  canTransition,
  allowedFrom,
  assertTransition,
  finalStateFor,
  type FarmRunState,
  type EndCause,
} from './lifecycle.js';
export {
  MemoryRunStore,
  NO_FENCING,
  newRunRecord,
  type StoreFencing,
  displayPhase,
  type RunStore,
  type RunRecord,
  type RunPatch,
  type RunPage,
  type RunStep,
  type ListQuery,
  type RunOutcomeFields,
} from './run-store.js';
export { LIVE_HISTORY_ROWS, LIVE_RETAIN_SECONDS, LiveMonitor, type MonitorResult } from './live-monitor.js';
export { LiveHub, type LiveListener, type RunEndInfo } from './live-hub.js';
export { FarmRun } from './farm-run.js';
export { DEFAULT_TIMINGS, type FarmRunDeps, type FarmRunTimings } from './farm-run-options.js';
export {
  SILENT_LOG,
  type RunBus,
  type RunHandlers,
  type RunLog,
  type RunSpecInfo,
  type StopInfo,
  type WorkerDoneInfo,
} from './run-bus.js';
export { Conditions } from './conditions.js';
export { persist, type PersistOptions } from './persist.js';
export { type LostWorker } from './participants.js';
export { ControllerMetrics, type MetricsSnapshot } from './metrics.js';
export {
  TokenAuth,
  parseNamedTokens,
  MIN_TOKEN_LENGTH,
  ANONYMOUS,
  type Access,
  type AuthOptions,
  type NamedToken,
  type Principal,
} from './auth.js';
export { TargetAllowlist, DEFAULT_ALLOWED_TARGETS } from './target-allowlist.js';
export { checkCapacity, peakUsers, type CapacityLimits, type PeakUsers } from './capacity-guard.js';
export { compileSubmission, locate, SCENARIO_FILE, type Submission } from './submission.js';
export { RunsApi, type RunsApiDeps, type RunQueuePort, type ReportReader } from './runs-api.js';
export { endOrphanedRuns, newRunId } from './recovery.js';
