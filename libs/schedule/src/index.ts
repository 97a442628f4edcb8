export type { LoadModel, OpenLoad, OpenPhase, ClosedLoad } from './load-model.js';
export type { Schedule, PlannedArrival, PeakUsers, ArrivalRandom } from './schedule.js';
export { scheduleOf } from './schedule-of.js';
export { OpenArrivalRate } from './open-arrival-rate.js';
export { ClosedUsers } from './closed-users.js';
export type { Arrival, ArrivalSink, ArrivalSource, ScheduleTarget } from './arrival.js';
export { LocalArrivalSource, type LocalSourceOptions } from './local-source.js';
export { SessionMix } from './session-mix.js';
export { Random, cumulativeWeights } from './random.js';
