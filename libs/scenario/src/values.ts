import { unknownField, type Checker } from './check.js';
import { resolveBodyPath, type FieldType } from './messages.js';
import type { Step, Target, Template } from './plan.js';
import { keyPath } from './paths.js';
import type { Pos, YNode } from './source.js';
import { RESERVED_NAMES, VAR_NAME, literalText, parseTemplate, type FeederScope } from './templates.js';

/** What step reading needs from the rest of the scenario, and what it records for later checks. */
export interface StepEnv {
  c: Checker;
  feeders: readonly FeederScope[];
  targets: readonly Target[];
  requestTimeoutMs: number;
  /** All transaction names so far (across sessions); a step's index points into it. */
  transactions: string[];
  /** Where each compiled step stood, for checks made after compiling. */
  positions: WeakMap<Step, Pos>;
  /** Variables set (by set/extract) and used (by templates) in the current session. */
  varsSet: Set<string>;
  varsUsed: { name: string; at: Pos; path: string }[];
}

/**
 * A mapping of name -> template: request fields (checked against `types`), `set:`
 * variables (`defines`), or `match:` paths of a received body (`bodyType`).
 */
export function readTemplates(
  env: StepEnv,
  node: YNode,
  path: string,
  types: Readonly<Record<string, FieldType>> | undefined,
  defines = false,
  bodyType?: string,
): Record<string, Template> | undefined {
  const { c } = env;
  if (node.kind !== 'map') return c.expected(node, path, 'a mapping of name -> value');
  const out: Record<string, Template> = {};
  let ok = true;
  for (const { key, at, value } of node.entries) {
    const p = keyPath(path, key);
    let name: string | undefined = key;
    if (types && !Object.hasOwn(types, key)) name = c.fail(at, p, unknownField(key, Object.keys(types)));
    if (defines) name = checkVarName(env, key, at, p);
    if (bodyType) {
      const r = resolveBodyPath(bodyType, key);
      name = 'error' in r ? c.fail(at, p, r.error) : r.path;
    }
    const t = readTemplate(env, value, p, types?.[key]);
    if (name === undefined || !t) ok = false;
    else out[name] = t;
  }
  return ok ? out : undefined;
}

function readTemplate(env: StepEnv, node: YNode, path: string, type?: FieldType): Template | undefined {
  const { c } = env;
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v !== 'string' && (typeof v !== 'number' || !Number.isFinite(v))) {
    return c.expected(node, path, 'a string or a number (templates with {{...}} allowed)');
  }
  const r = parseTemplate(String(v), env.feeders);
  if ('error' in r) return c.fail(node, path, r.error);
  for (const name of r.vars) env.varsUsed.push({ name, at: node, path });
  const literal = literalText(r.template);
  if (type === 'uint32' && literal !== undefined && !(/^\d+$/.test(literal) && Number(literal) <= 0xffffffff)) {
    return c.expected(node, path, 'an integer from 0 to 4294967295 (or a template)');
  }
  return r.template;
}

export function readExtract(
  env: StepEnv,
  node: YNode,
  path: string,
  bodyType: string,
): Record<string, string> | undefined {
  const { c } = env;
  if (node.kind !== 'map') return c.expected(node, path, 'a mapping of variable -> field path');
  const out: Record<string, string> = {};
  let ok = true;
  for (const { key, at, value } of node.entries) {
    const p = keyPath(path, key);
    const name = checkVarName(env, key, at, p);
    const field = c.str(value, p, 'a field path of the reply');
    const r = field === undefined ? undefined : resolveBodyPath(bodyType, field);
    if (r && 'error' in r) c.fail(value, p, r.error);
    if (name === undefined || !r || 'error' in r) ok = false;
    else out[name] = r.path;
  }
  return ok ? out : undefined;
}

function checkVarName(env: StepEnv, key: string, at: Pos, path: string): string | undefined {
  if (!VAR_NAME.test(key))
    return env.c.fail(at, path, 'a variable name is letters, digits and _ (not starting with a digit)');
  if (RESERVED_NAMES.includes(key) || key === '__proto__')
    return env.c.fail(at, path, `"${key}" is reserved; choose another variable name`);
  env.varsSet.add(key);
  return key;
}
