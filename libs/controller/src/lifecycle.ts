import type { RunOutcome } from '@loadfleet/report';
import { RunStateError } from './errors.js';

/**
 * A farm run's life:
 *
 *   queued ──► running ──► stopping ──► done | stopped | aborted | failed
 *     │           └──────────────────────────────────────────────► failed
 *     └──► cancelled (stopped before it ran)        (and queued ──► failed)
 */
export type FarmRunState = 'queued' | 'running' | 'stopping' | 'done' | 'failed' | 'aborted' | 'stopped' | 'cancelled';

export const FARM_RUN_STATES: readonly FarmRunState[] = [
  'queued',
  'running',
  'stopping',
  'done',
  'failed',
  'aborted',
  'stopped',
  'cancelled',
];

const NEXT: Record<FarmRunState, readonly FarmRunState[]> = {
  queued: ['running', 'cancelled', 'failed'],
  running: ['stopping', 'failed'],
  stopping: ['done', 'stopped', 'aborted', 'failed'],
  done: [],
  failed: [],
  aborted: [],
  stopped: [],
  cancelled: [],
};

export function isFarmRunState(s: string): s is FarmRunState {
  return (FARM_RUN_STATES as readonly string[]).includes(s);
}

/** Ended: nothing more will happen to it. */
export function isTerminal(s: FarmRunState): boolean {
  return NEXT[s].length === 0;
}

/** Running or stopping: a FarmRun owns it. */
export function isActive(s: FarmRunState): boolean {
  return s === 'running' || s === 'stopping';
}

export function canTransition(from: FarmRunState, to: FarmRunState): boolean {
  return NEXT[from].includes(to);
}

/** The states from which a run may move to `to` (a compare-and-set in the run store). */
export function allowedFrom(to: FarmRunState): FarmRunState[] {
  return FARM_RUN_STATES.filter((s) => NEXT[s].includes(to));
}

export function assertTransition(from: FarmRunState, to: FarmRunState): void {
  if (!canTransition(from, to)) throw new RunStateError(`a run cannot go from ${from} to ${to}`);
}

/** Why a run ends decides the state it ends in. */
export type EndCause = 'schedule-end' | 'stop-request' | 'threshold' | 'error';

/** The outcome a run ends in for a cause (cancelled, the eighth end, never ran and has no report). */
export function finalStateFor(cause: EndCause): RunOutcome {
  switch (cause) {
    case 'schedule-end':
      return 'done';
    case 'stop-request':
      return 'stopped';
    case 'threshold':
      return 'aborted';
    case 'error':
      return 'failed';
  }
}
