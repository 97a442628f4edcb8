// The controller API's answers as the farm benchmarks read them (JSON: times as ISO strings).
import type { RunRecord, WorkerEntry } from '@loadfleet/controller';

/** GET /v1/runs/ID: the run's record with ISO times and its display phase. */
export type RunView = Omit<RunRecord, 'submittedAt' | 'startedAt' | 'endedAt'> & {
  submittedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  phase: string;
};

/** A worker as GET /v1/workers lists it. */
export type FleetWorker = Omit<WorkerEntry, 'lastSeen' | 'lostAt' | 'version'> & {
  lastSeen: string;
  version: string | null;
};
