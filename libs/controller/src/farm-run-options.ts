import type { MonitorCapture } from '@loadfleet/runtime';
import type { Plan } from '@loadfleet/scenario';
import type { LiveHub } from './live-hub.js';
import type { ControllerMetrics } from './metrics.js';
import type { WorkerRegistry } from './registry.js';
import type { RunBus, RunLog } from './run-bus.js';
import type { RunRecord, RunStore } from './run-store.js';

export interface FarmRunTimings {
  /** startAt is this far after the run is dequeued, so every worker can be ready. */
  startDelayMs: number;
  /** After the schedule, how long users may finish before the run is stopped. */
  gracefulStopMs: number;
  workerDoneTimeoutMs: number;
  reportTimeoutMs: number;
  /** RunEnded.graceMs: how long aggregators wait for late records. */
  reportGraceMs: number;
  ownerTimeoutMs: number;
  /** How often the schedule is settled and the end checked. */
  tickMs: number;
  /** How long the end of a run keeps retrying its store writes (a Redis outage) before giving up. */
  storeRetryMs: number;
  /** How often the schedule position is saved with the run record, for a controller that takes over. */
  saveEveryMs: number;
}

export const DEFAULT_TIMINGS: FarmRunTimings = {
  startDelayMs: 1000,
  gracefulStopMs: 30_000,
  workerDoneTimeoutMs: 15_000,
  reportTimeoutMs: 60_000,
  reportGraceMs: 2000,
  ownerTimeoutMs: 15_000,
  tickMs: 250,
  storeRetryMs: 5 * 60_000,
  saveEveryMs: 1000,
};

export interface FarmRunDeps {
  runId: string;
  plan: Plan;
  planJson: string;
  controllerId: string;
  store: RunStore;
  bus: RunBus;
  registry: WorkerRegistry;
  hub: LiveHub;
  metrics?: ControllerMetrics;
  timings?: Partial<FarmRunTimings>;
  log?: RunLog;
  now?: () => number;
  /** This controller's fencing token (0 when it does not lead); saved with the schedule position. */
  fence?: () => number;
  /** False once this controller may no longer lead (its lease lapsed): it grants nothing more. */
  holds?: () => boolean;
  /** Take over a run another controller was executing: its record, as the previous leader last saved it. */
  resume?: RunRecord;
  /** Keeps what the scenario's monitor endpoints gave (Redis in the service), before RunEnded, for the report. */
  saveMonitor?(runId: string, capture: MonitorCapture): Promise<void>;
}
