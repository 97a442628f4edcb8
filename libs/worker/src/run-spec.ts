import { PLAN_VERSION, planShapeProblem, type Plan } from '@loadfleet/scenario';
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
 * over the network: a plan of another version, or not a plan's shape, is a
 * WorkerError naming the mismatch (the caller counts it and skips the run),
 * never a crash later in the engine.
 */
export function activeRunOf(spec: {
  runId: string;
  planJson: string;
  planVersion: number;
  startAt: number;
  controllerId: string;
  ownerTimeoutMs: number;
}): ActiveRun {
  if (spec.planVersion !== PLAN_VERSION) {
    throw new WorkerError(
      'LF_ERR_WORKER_PLAN',
      `run ${spec.runId}: the controller sent a plan of version ${spec.planVersion}; this worker reads version ` +
        `${PLAN_VERSION} (run the same loadfleet release on the controller and the workers)`,
    );
  }
  let plan: unknown;
  try {
    plan = JSON.parse(spec.planJson);
  } catch (err) {
    throw new WorkerError('LF_ERR_WORKER_PLAN', `run ${spec.runId}: plan is not JSON`, { cause: err });
  }
  const problem = planShapeProblem(plan);
  if (problem !== null) throw new WorkerError('LF_ERR_WORKER_PLAN', `run ${spec.runId}: ${problem}`);
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
