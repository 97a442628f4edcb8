// Written by `npm run bench:scale` (bench/scale/measured.ts): loadfleet's own measured
// figures, the defaults of `loadfleet plan` and of the worker's memory bound. Edit the
// benchmark, not this file; docs/BENCHMARKS.md ("Scale") has the runs behind them.

export interface MeasuredFigures {
  /** Generator RSS per held user above idle worker processes (KB). */
  generatorKbPerUser: number;
  /** RSS of a worker process holding nobody (MB). */
  generatorIdleMb: number;
  /** Most users one worker process held. */
  usersPerProcess: number;
  /** Held users per generator core during the hold, at one heartbeat every `heartbeatS`. */
  usersPerCore: number;
  heartbeatS: number;
  /** Chat server RSS per held connection (KB). */
  serverKbPerUser: number;
  /** When, how, and by what these were measured. */
  measuredAt: string;
  command: string;
  users: number;
}

export const MEASURED: MeasuredFigures = {
  generatorKbPerUser: 3.65,
  generatorIdleMb: 86.1,
  usersPerProcess: 18000,
  usersPerCore: 274000,
  heartbeatS: 30,
  serverKbPerUser: 6.57,
  measuredAt: '2026-11-25T21:40:49.097Z',
  command: 'npm run bench:scale -- --users 100000 --rate 500 --hold 150s',
  users: 100000,
};
