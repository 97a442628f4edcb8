import type { RunEndedInfo } from '@loadfleet/report';
import type { StatsWindow } from '@loadfleet/stats';
import type { Grant, QuotaAsk } from './pacing/types.js';

/** RunSpec (proto/control.proto): what workers find in the KV bucket of active runs. */
export interface RunSpecInfo {
  runId: string;
  planJson: string;
  /** PLAN_VERSION of the plan in planJson. */
  planVersion: number;
  startAt: number;
  controllerId: string;
  ownerTimeoutMs: number;
}

export interface StopInfo {
  runId: string;
  reason: string;
  graceMs: number;
}

export interface WorkerDoneInfo {
  workerId: string;
  lastSecond: number;
  records: number;
  droppedRecords: number;
  /** Why the worker refused the run without starting it (a target outside its allowlist); '' when it ran it. */
  refused?: string;
}

/** What a run reacts to; the bus decodes messages (and counts the undecodable) before calling these. */
export interface RunHandlers {
  /** null: no answer (this controller no longer leads; the worker asks again, and the leader answers). */
  quota(ask: QuotaAsk): Grant | null;
  workerDone(done: WorkerDoneInfo): void;
  live(window: StatsWindow): void;
  reportReady(): void;
}

/** The control plane as a run sees it: NATS in the service, an in-memory fake in tests. */
export interface RunBus {
  /** Starts delivering the run's quota requests, WorkerDone, LiveRollup and reportReady; returns the detach. */
  attach(runId: string, handlers: RunHandlers): Promise<() => Promise<void>>;
  putSpec(spec: RunSpecInfo): Promise<void>;
  deleteSpec(runId: string): Promise<void>;
  publishStop(stop: StopInfo): Promise<void>;
  publishEnded(ended: RunEndedInfo): Promise<void>;
}

/** The structured logger a run writes to (pino's Logger fits). */
export interface RunLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const SILENT_LOG: RunLog = { info() {}, warn() {}, error() {} };
