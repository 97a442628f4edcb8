import type { LoadModel } from './load-model.js';

/** One arrival the schedule plans: its offset (ms) from the run's start and its open-model phase (-1 for none). */
export interface PlannedArrival {
  atMs: number;
  phase: number;
}

/** The most users a schedule holds at once, and which `load:` field sets that figure. */
export interface PeakUsers {
  users: number;
  field: 'users' | 'maxUsers' | 'phases';
  /** How it was worked out, for a message. */
  how: string;
}

/** One phase of a schedule: its name and where it lies (ms from the start). */
export interface PhaseSpanMs {
  name: string;
  fromMs: number;
  toMs: number;
}

/** Draws what a Poisson schedule needs (engine's Random fits). */
export interface ArrivalRandom {
  exponential(): number;
}

/**
 * A load model as pure functions of the offset from the run's start (ms), one
 * implementation per model (open-arrival-rate.ts, closed-users.ts). The local
 * source and the controller pace arrivals by it, the worker starts them, the
 * capacity guard sizes it and the report compares what happened with it.
 * Offsets come from the run's absolute start, so nothing drifts.
 */
export interface Schedule {
  readonly load: LoadModel;
  /** The schedule's length (ms): all phases, or ramp-up + hold + ramp-down. */
  readonly lengthMs: number;
  /** Planned arrivals all fall before this offset: the schedule's end (open) or the ramp-up's (closed). */
  readonly plannedUntilMs: number;
  /**
   * True when the model holds a number of users (closed): a user that ends is
   * replaced, users beyond usersAt() are stopped, all stop at the end.
   */
  readonly holdsUsers: boolean;
  /** Phases with their own session mix (open model), 0 for none. */
  readonly phaseCount: number;
  /** Cap on users alive at once; 0 = none. */
  readonly maxUsers: number;
  /** Arrivals intended in [fromMs, toMs) (the integral of the rate); null when the model sets no rate. */
  arrivalsBetween(fromMs: number, toMs: number): number | null;
  /** Intended arrival rate (users/s) at `ms`; null when the model sets no rate. */
  rateAt(ms: number): number | null;
  /** Users that should be alive at `ms`; null when the model sets no user count. */
  usersAt(ms: number): number | null;
  /** The most users alive at once, given the mean session time (ms) for a model that sets a rate. */
  peakUsers(meanSessionMs: number): PeakUsers;
  /** About how many users the schedule starts (before replacements). */
  plannedUsers(): number;
  /** Name of the phase at `ms` ("drain" once the schedule is over). */
  phaseAt(ms: number): string;
  /** The phases in order, as offsets (ms) from the start; empty ones left out. */
  phases(): PhaseSpanMs[];
  /**
   * The planned arrivals in intended order, one per call, then null: every
   * arrival (open), or the ramp-up's starts (closed; replacements are not planned).
   */
  plannedArrivals(rng: ArrivalRandom): () => PlannedArrival | null;
  /** Session weights of an open-model phase (index = Plan.sessions index), null for the sessions' own. */
  sessionWeights(phase: number): readonly number[] | null;
}
