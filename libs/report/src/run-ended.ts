import type { RunOutcome, WorkerInfo } from './types.js';

export const RUN_OUTCOMES: readonly RunOutcome[] = ['done', 'stopped', 'aborted', 'failed'];

/** A state read from the network as a RunOutcome, or null for one this release does not know. */
export function outcomeOf(state: string): RunOutcome | null {
  return (RUN_OUTCOMES as readonly string[]).includes(state) ? (state as RunOutcome) : null;
}

/**
 * RunEnded (proto/control.proto) as the controller sends it and an aggregator
 * builds the run's report from it.
 */
export interface RunEndedInfo {
  runId: string;
  state: RunOutcome;
  stopReason: string;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  notes: string[];
  workers: WorkerInfo[];
  /** How long the aggregator waits for late stats before it writes the report (ms). */
  graceMs: number;
}
