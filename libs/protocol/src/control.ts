import { loadfleet } from '../generated/control.js';

/** Control-plane and stats-record messages of the farm (proto/control.proto). */
export const control = loadfleet.control;
export type RunSpec = loadfleet.control.RunSpec;
export type RunSpecInit = loadfleet.control.IRunSpec;
export type QuotaRequest = loadfleet.control.QuotaRequest;
export type QuotaRequestInit = loadfleet.control.IQuotaRequest;
export type QuotaGrant = loadfleet.control.QuotaGrant;
export type QuotaGrantInit = loadfleet.control.IQuotaGrant;
export type WorkerHeartbeat = loadfleet.control.WorkerHeartbeat;
export type WorkerHeartbeatInit = loadfleet.control.IWorkerHeartbeat;
export type StopRun = loadfleet.control.StopRun;
export type StopRunInit = loadfleet.control.IStopRun;
export type WorkerDone = loadfleet.control.WorkerDone;
export type WorkerDoneInit = loadfleet.control.IWorkerDone;
export type RunEnded = loadfleet.control.RunEnded;
export type RunEndedInit = loadfleet.control.IRunEnded;
export type StatsRecord = loadfleet.control.StatsRecord;
export type StatsRecordInit = loadfleet.control.IStatsRecord;
export type LiveRollup = loadfleet.control.LiveRollup;
export type LiveRollupInit = loadfleet.control.ILiveRollup;
/** The stats window's wire shape; libs/stats encodes and decodes it by hand, byte for byte. */
export type StatsWindowMessage = loadfleet.control.StatsWindow;
export type StatsWindowMessageInit = loadfleet.control.IStatsWindow;
