import type { ClosedLoad, OpenLoad, OpenPhase } from '@loadfleet/schedule';

export const phase = (durationMs: number, fromRate: number, toRate = fromRate, name = 'p'): OpenPhase => ({
  name,
  durationMs,
  fromRate,
  toRate,
  sessionWeights: null,
});

export const open = (phases: OpenPhase[], arrivals: 'uniform' | 'poisson' = 'uniform', maxUsers = 0): OpenLoad => ({
  model: 'open',
  arrivals,
  maxUsers,
  phases,
});

export const closed = (users: number, rampUpMs: number, holdMs: number, rampDownMs = 0): ClosedLoad => ({
  model: 'closed',
  users,
  rampUpMs,
  holdMs,
  rampDownMs,
  maxUsers: 0,
});
