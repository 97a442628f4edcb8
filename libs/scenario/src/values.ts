import type { WireProtocol } from '@loadfleet/protocol';
import type { Checker } from './check.js';
import type { Step, Target, Template } from './plan.js';
import { keyPath } from './paths.js';
import type { Pos, YNode } from './source.js';
import { RESERVED_NAMES, VAR_NAME, parseTemplate, type FeederScope } from './templates.js';

/** What step reading needs from the rest of the scenario, and what it records for later checks. */
export interface StepEnv {
  c: Checker;
  feeders: readonly FeederScope[];
  targets: readonly Target[];
  requestTimeoutMs: number;
  /** The protocol the sessions speak: kinds and fields are checked against it. */
  protocol: WireProtocol;
  /** All transaction names so far (across sessions); a step's index points into it. */
  transactions: string[];
  /** Where each compiled step stood, for checks made after compiling. */
  positions: WeakMap<Step, Pos>;
  /** Variables set (by set/extract) and used (by templates) in the current session. */
  varsSet: Set<string>;
  varsUsed: { name: string; at: Pos; path: string }[];
}

/** A field path resolved against a message, or the reason it names nothing. */
export type PathResolver = (path: string) => { path: string } | { error: string };

/** `set:` -> variable name -> template. */
export function readVarTemplates(env: StepEnv, node: YNode, path: string): Record<string, Template> | undefined {
  const { c } = env;
  if (node.kind !== 'map') return c.expected(node, path, 'a mapping of variable -> value');
  const out: Record<string, Template> = {};
  let ok = true;
  for (const { key, at, value } of node.entries) {
    const p = keyPath(path, key);
    const name = checkVarName(env, key, at, p);
    const t = readTemplate(env, value, p);
    if (name === undefined || !t) ok = false;
    else out[name] = t;
  }
  return ok ? out : undefined;
}

/** A string or number scalar as a template; the variables it reads are recorded for the session's check. */
export function readTemplate(env: StepEnv, node: YNode, path: string): Template | undefined {
  const { c } = env;
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v !== 'string' && typeof v !== 'boolean' && (typeof v !== 'number' || !Number.isFinite(v))) {
    return c.expected(node, path, 'a string, a number or true/false (templates with {{...}} allowed)');
  }
  const r = parseTemplate(String(v), env.feeders);
  if ('error' in r) return c.fail(node, path, r.error);
  for (const name of r.vars) env.varsUsed.push({ name, at: node, path });
  return r.template;
}

/** `extract:` -> variable name -> field path of the received message (resolved to .proto names). */
export function readExtract(
  env: StepEnv,
  node: YNode,
  path: string,
  resolve: PathResolver,
): Record<string, string> | undefined {
  const { c } = env;
  if (node.kind !== 'map') return c.expected(node, path, 'a mapping of variable -> field path');
  const out: Record<string, string> = {};
  let ok = true;
  for (const { key, at, value } of node.entries) {
    const p = keyPath(path, key);
    const name = checkVarName(env, key, at, p);
    const field = c.str(value, p, 'a field path of the message');
    const r = field === undefined ? undefined : resolve(field);
    if (r && 'error' in r) c.fail(value, p, r.error);
    if (name === undefined || !r || 'error' in r) ok = false;
    else out[name] = r.path;
  }
  return ok ? out : undefined;
}

export function checkVarName(env: StepEnv, key: string, at: Pos, path: string): string | undefined {
  if (!VAR_NAME.test(key))
    return env.c.fail(at, path, 'a variable name is letters, digits and _ (not starting with a digit)');
  if (RESERVED_NAMES.includes(key) || key === '__proto__')
    return env.c.fail(at, path, `"${key}" is reserved; choose another variable name`);
  env.varsSet.add(key);
  return key;
}
