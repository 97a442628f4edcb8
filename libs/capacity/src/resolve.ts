import { probeSourceAddresses, type AddressProbe } from './bind-probe.js';
import { CapacityError } from './errors.js';
import { readHostFacts, type HostFacts } from './host-facts.js';
import { MEASURED } from './measured.js';
import { decideCapacity, type CapacityDecision } from './worker-capacity.js';

/** Share of the host's available memory the workers of a host may spend between them. */
export const MEMORY_SHARE = 0.8;

export interface WorkerLimitsOptions {
  /** `--capacity` (0: computed). */
  configured: number;
  /** Worker processes on this host (`--procs`). */
  procs: number;
  /** `--source-ips`, already expanded (parseAddressList). */
  sourceIps: readonly string[];
  /** `--memory-budget` in MB for this process (0: a share of the host's available memory). */
  memoryBudgetMb?: number;
  /** Memory per held user in KB (0 or absent: loadfleet's measured figure). */
  perUserKb?: number;
  /** For tests: the facts and the probe. */
  facts?: HostFacts;
  probe?: (addresses: readonly string[]) => Promise<AddressProbe>;
}

export interface WorkerLimits extends CapacityDecision {
  facts: HostFacts;
  /** Source addresses that bound; the engine rotates over these (empty: the OS picks). */
  sourceAddresses: string[];
  /** Addresses given that did not bind, with why. */
  unusableAddresses: { address: string; code: string }[];
  memoryBudgetBytes: number | null;
  perUserKb: number;
}

/**
 * What a worker process can hold: reads the host's limits, binds each source
 * address once to see it is really there, and decides. Throws
 * LF_ERR_CAPACITY_NO_SOURCE when addresses were given and none binds (the worker
 * would otherwise send from addresses nobody meant).
 */
export async function resolveWorkerLimits(o: WorkerLimitsOptions): Promise<WorkerLimits> {
  const facts = o.facts ?? readHostFacts();
  const probed =
    o.sourceIps.length > 0 ? await (o.probe ?? probeSourceAddresses)(o.sourceIps) : { usable: [], unusable: [] };
  if (o.sourceIps.length > 0 && probed.usable.length === 0) {
    const first = probed.unusable[0];
    throw new CapacityError(
      'LF_ERR_CAPACITY_NO_SOURCE',
      `none of the ${o.sourceIps.length} --source-ips can be bound on this host (${first?.address}: ${first?.code})`,
    );
  }
  const procs = Math.max(1, o.procs);
  const perUserKb = o.perUserKb || MEASURED.generatorKbPerUser;
  const memoryBudgetBytes = o.memoryBudgetMb
    ? o.memoryBudgetMb * 2 ** 20
    : facts.memAvailableBytes !== null
      ? Math.floor((facts.memAvailableBytes * MEMORY_SHARE) / procs)
      : null;
  const decision = decideCapacity({
    openFiles: facts.openFiles,
    openFilesHard: facts.openFilesHard,
    fileMax: facts.fileMax,
    portRange: facts.portRange,
    sourceAddresses: probed.usable.length,
    procs,
    memoryBudgetBytes,
    perUserKb,
    idleRssBytes: MEASURED.generatorIdleMb * 2 ** 20,
    configured: o.configured,
  });
  return {
    ...decision,
    facts,
    sourceAddresses: probed.usable,
    unusableAddresses: probed.unusable,
    memoryBudgetBytes,
    perUserKb,
  };
}
