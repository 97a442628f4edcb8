export { CapacityError, type CapacityErrorCode } from './errors.js';
export {
  parseOpenFilesLimit,
  parseOpenFilesHardLimit,
  parsePortRange,
  parseFileMax,
  parseFileNr,
  parseCgroupMemory,
  parseMemAvailable,
  portsIn,
  type PortRange,
} from './proc-text.js';
export {
  DEFAULT_CAPACITY_CEILING,
  PORT_SHARE,
  FILE_MAX_SHARE,
  fileHeadroom,
  capacityBounds,
  decideCapacity,
  freeCapacity,
  splitFreeCapacity,
  type CapacityLimit,
  type WorkerFacts,
  type CapacityBound,
  type CapacityWarning,
  type CapacityDecision,
  type CapacityUse,
} from './worker-capacity.js';
export { remedyFor } from './remedies.js';
export { readHostFacts, PROC_PATHS, type HostFacts, type HostFactPaths } from './host-facts.js';
export { tryBind, probeSourceAddresses, type AddressProbe } from './bind-probe.js';
export { resolveWorkerLimits, MEMORY_SHARE, type WorkerLimits, type WorkerLimitsOptions } from './resolve.js';
export {
  planFleet,
  HOST_RAM_SHARE,
  HOST_CPU_SHARE,
  type FleetPlan,
  type FleetPlanInput,
  type HostLimit,
} from './fleet-plan.js';
export { MEASURED, type MeasuredFigures } from './measured.js';
