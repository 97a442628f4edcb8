import type { Plan } from '@loadfleet/scenario';
import { WorkerError } from './errors.js';

/** The parts of a RunSpec (proto/control.proto) a worker needs, checked. */
export interface ActiveRun {
  runId: string;
  plan: Plan;
  startAt: number;
  controllerId: string;
  ownerTimeoutMs: number;
}

/** Workers stop a run whose controller stays silent this long when the spec says 0. */
export const DEFAULT_OWNER_TIMEOUT_MS = 15_000;

/**
 * A RunSpec from the KV bucket -> what a WorkerRun is made from. The plan arrives
 * over the network: anything that is not a plan's shape is a WorkerError (the
 * caller counts it and skips the run), never a crash later in the engine.
 */
export function activeRunOf(spec: {
  runId: string;
  planJson: string;
  startAt: number;
  controllerId: string;
  ownerTimeoutMs: number;
}): ActiveRun {
  let plan: unknown;
  try {
    plan = JSON.parse(spec.planJson);
  } catch (err) {
    throw new WorkerError('LF_ERR_WORKER_PLAN', `run ${spec.runId}: plan is not JSON`, { cause: err });
  }
  const p = plan as Partial<Plan> | null;
  const ok =
    p !== null &&
    typeof p === 'object' &&
    Array.isArray(p.targets) &&
    p.targets.length > 0 &&
    Array.isArray(p.sessions) &&
    p.sessions.length > 0 &&
    typeof p.load === 'object' &&
    p.load !== null &&
    (p.load.model === 'open' || p.load.model === 'closed') &&
    Array.isArray(p.feeders) &&
    Array.isArray(p.sourceAddresses) &&
    typeof p.timeouts === 'object';
  if (!ok) throw new WorkerError('LF_ERR_WORKER_PLAN', `run ${spec.runId}: plan_json is not a compiled plan`);
  if (!Number.isFinite(spec.startAt))
    throw new WorkerError('LF_ERR_WORKER_PLAN', `run ${spec.runId}: start_at is not a time`);
  return {
    runId: spec.runId,
    plan: plan as Plan,
    startAt: spec.startAt,
    controllerId: spec.controllerId,
    ownerTimeoutMs: spec.ownerTimeoutMs > 0 ? spec.ownerTimeoutMs : DEFAULT_OWNER_TIMEOUT_MS,
  };
}
