import type { Plan } from './plan.js';

/**
 * The shape of a compiled Plan as it travels to workers (RunSpec.plan_json).
 * Raise it whenever a change to plan.ts means an older reader would misread a
 * plan; a worker refuses a plan of another version rather than run it wrongly.
 */
export const PLAN_VERSION = 1;

/** Top-level fields of a Plan and the JSON kind each has. */
const FIELDS: Record<Exclude<keyof Plan, 'source' | 'monitor'>, 'string' | 'number' | 'object' | 'array'> = {
  name: 'string',
  sourceHash: 'string',
  targets: 'array',
  sourceAddresses: 'array',
  timeouts: 'object',
  load: 'object',
  sessions: 'array',
  feeders: 'array',
  thresholds: 'array',
  transactions: 'array',
  maxFrameBytes: 'number',
  protocol: 'object',
};

/**
 * What is wrong with a Plan read from the network, at the top level only (the
 * compiler made it; this catches another version or a damaged message): the
 * first mismatch named, or null. The step tree is not checked here.
 */
export function planShapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the plan is not a JSON object';
  const p = value as Record<string, unknown>;
  for (const [field, kind] of Object.entries(FIELDS)) {
    const v = p[field];
    const actual = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
    if (actual !== kind)
      return `plan.${field} should be a${kind === 'array' || kind === 'object' ? 'n' : ''} ${kind}, not ${v === undefined ? 'missing' : actual}`;
  }
  if ((p.targets as unknown[]).length === 0) return 'plan.targets is empty';
  if ((p.sessions as unknown[]).length === 0) return 'plan.sessions is empty';
  const model = (p.load as { model?: unknown }).model;
  if (model !== 'open' && model !== 'closed')
    return `plan.load.model should be "open" or "closed", not ${JSON.stringify(model)}`;
  return null;
}
