import { RunStateError } from './errors.js';

/**
 * A farm run's life:
 *
 *   queued ──► running ──► stopping ──► done | stopped | aborted | failed
 *     │           └──────────────────────────────────────────────► failed
 *     └──► cancelled (stopped before it ran)        (and queued ──► failed)
 */
export type RunState = 'queued' | 'running' | 'stopping' | 'done' | 'failed' | 'aborted' | 'stopped' | 'cancelled';

/** The states a run ends in (the report's RunState, plus cancelled: never ran, no report). */
export type FinalState = 'done' | 'stopped' | 'aborted' | 'failed';

export const RUN_STATES: readonly RunState[] = [
  'queued',
  'running',
  'stopping',
  'done',
  'failed',
  'aborted',
  'stopped',
  'cancelled',
];

const NEXT: Record<RunState, readonly RunState[]> = {
  queued: ['running', 'cancelled', 'failed'],
  running: ['stopping', 'failed'],
  stopping: ['done', 'stopped', 'aborted', 'failed'],
  done: [],
  failed: [],
  aborted: [],
  stopped: [],
  cancelled: [],
};

export function isRunState(s: string): s is RunState {
  return (RUN_STATES as readonly string[]).includes(s);
}

/** Ended: nothing more will happen to it. */
export function isTerminal(s: RunState): boolean {
  return NEXT[s].length === 0;
}

/** Running or stopping: a FarmRun owns it. */
export function isActive(s: RunState): boolean {
  return s === 'running' || s === 'stopping';
}

export function canTransition(from: RunState, to: RunState): boolean {
  return NEXT[from].includes(to);
}

/** The states from which a run may move to `to` (a compare-and-set in the run store). */
export function allowedFrom(to: RunState): RunState[] {
  return RUN_STATES.filter((s) => NEXT[s].includes(to));
}

export function assertTransition(from: RunState, to: RunState): void {
  if (!canTransition(from, to)) throw new RunStateError(`a run cannot go from ${from} to ${to}`);
}

/** Why a run ends decides the state it ends in. */
export type EndCause = 'schedule-end' | 'stop-request' | 'threshold' | 'error';

export function finalStateFor(cause: EndCause): FinalState {
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
