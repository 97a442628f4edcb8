/**
 * The load model as the scenario compiles it: what the `load:` section says, with
 * durations in ms. Plain JSON data (it travels to workers inside the Plan).
 */

/** Open model: users arrive at a rate. Closed model: a number of users is held. */
export type LoadModel = OpenLoad | ClosedLoad;

export interface OpenLoad {
  model: 'open';
  /** 'uniform' spaces arrivals evenly; 'poisson' draws exponential gaps. */
  arrivals: 'uniform' | 'poisson';
  /** Cap on users alive at once (arrivals beyond it are counted as dropped); 0 = none. */
  maxUsers: number;
  phases: OpenPhase[];
}

export interface OpenPhase {
  name: string;
  durationMs: number;
  /** Arrival rate in users/s at the start and at the end of the phase (linear ramp; equal = constant). */
  fromRate: number;
  toRate: number;
  /** Session weights for this phase (index = Plan.sessions index); null = the sessions' own weights. */
  sessionWeights: number[] | null;
}

export interface ClosedLoad {
  model: 'closed';
  /** Users held once ramped up. A user that finishes is replaced by a new one. */
  users: number;
  rampUpMs: number;
  holdMs: number;
  /** Users are stopped evenly over this time at the end (0 = all at once). */
  rampDownMs: number;
  maxUsers: number;
}
