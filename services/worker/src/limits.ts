import { resolveWorkerLimits, type WorkerLimits } from '@loadfleet/capacity';
import type { Logger } from '@loadfleet/log';

export interface LimitSettings {
  capacity: number;
  procs: number;
  sourceIps: string[];
  memoryBudget: number;
  perUserKb: number;
}

const SHOWN_UNUSABLE = 10;

/**
 * This process's capacity (docs/FARM.md, "Capacity"): read the host's limits,
 * bind-check the source addresses, decide, and say so in the log — loudly when a
 * limit other than the per-process ceiling binds, with the setting that raises it.
 */
export async function processCapacity(s: LimitSettings, log: Logger): Promise<WorkerLimits> {
  const limits = await resolveWorkerLimits({
    configured: s.capacity,
    procs: s.procs,
    sourceIps: s.sourceIps,
    memoryBudgetMb: s.memoryBudget,
    perUserKb: s.perUserKb,
  });
  if (limits.unusableAddresses.length > 0) {
    log.warn(
      {
        unusable: limits.unusableAddresses.length,
        usable: limits.sourceAddresses.length,
        first: limits.unusableAddresses.slice(0, SHOWN_UNUSABLE),
      },
      `${limits.unusableAddresses.length} of the ${s.sourceIps.length} --source-ips cannot be bound on this host: not used`,
    );
  }
  log.info(
    {
      capacity: limits.capacity,
      capacityLimit: limits.limit,
      bounds: limits.bounds.map((b) => `${b.limit}: ${b.users} (${b.detail})`),
      sourceAddresses: limits.sourceAddresses.length,
    },
    'capacity',
  );
  for (const w of limits.warnings) {
    log.warn({ limit: w.limit, remedy: w.remedy }, `${w.message}. To raise it: ${w.remedy}`);
  }
  return limits;
}
