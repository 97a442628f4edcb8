import type { Plan } from '@loadfleet/scenario';

/** Whether this worker may open a connection to host:port (its --allowed-targets). */
export type AllowTarget = (host: string, port: number) => boolean;

/**
 * The reason this worker refuses a plan, or null when it may run it: every
 * target must pass the worker's own allowlist, whatever the controller let
 * through (a controller with a wider list, or a forged RunSpec on the bus).
 */
export function refusedTargets(plan: Plan, allow: AllowTarget, allowed: string): string | null {
  const refused = plan.targets.filter((t) => !allow(t.host, t.port)).map((t) => `${t.host}:${t.port}`);
  if (refused.length === 0) return null;
  const list =
    refused.length > 5 ? `${refused.slice(0, 5).join(', ')} and ${refused.length - 5} more` : refused.join(', ');
  return `target${refused.length === 1 ? '' : 's'} ${list} not allowed on this worker (--allowed-targets ${allowed})`;
}
