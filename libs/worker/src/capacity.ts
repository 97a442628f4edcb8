// The worker's capacity math lives in @loadfleet/capacity; a run's share of it is used here.
export { freeCapacity, type CapacityUse } from '@loadfleet/capacity';
