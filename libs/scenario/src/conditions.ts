import { closest } from './check.js';
import type { Condition } from './plan.js';
import { keyPath } from './paths.js';
import type { YNode } from './source.js';
import { readTemplate, type PathResolver, type StepEnv } from './values.js';

const OPS = ['equals', 'notEquals', 'matches', 'exists', 'lt', 'lte', 'gt', 'gte'] as const;
type Op = (typeof OPS)[number];
const MAX_PATTERN = 1000;
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/;

/**
 * `match:` of an expect (keys are field paths of the message) or the conditions
 * of an `if` (keys are variables): each key -> a value it must equal, or a
 * mapping of tests ({matches: '^hi'}, {gt: 3, lte: 10}, {exists: true}).
 */
export function readConditions(
  env: StepEnv,
  node: YNode,
  path: string,
  keys: PathResolver | 'variables',
): Condition[] | undefined {
  const { c } = env;
  if (node.kind !== 'map' || node.entries.length === 0) {
    return c.expected(
      node,
      path,
      `a mapping of ${keys === 'variables' ? 'variable' : 'field path'} -> value or {${OPS.join(', ')}}`,
    );
  }
  const out: Condition[] = [];
  let ok = true;
  for (const { key, at, value } of node.entries) {
    const p = keyPath(path, key);
    let target: string | undefined = key;
    if (keys === 'variables') env.varsUsed.push({ name: key, at, path: p });
    else {
      const r = keys(key);
      target = 'error' in r ? c.fail(at, p, r.error) : r.path;
    }
    const tests = value.kind === 'map' ? readTests(env, value, p) : equalsTest(env, value, p);
    if (target === undefined || !tests) ok = false;
    else for (const t of tests) out.push({ path: target, ...t });
  }
  return ok ? out : undefined;
}

type Test = Omit<Condition, 'path'>;

function equalsTest(env: StepEnv, node: YNode, path: string): Test[] | undefined {
  const t = readTemplate(env, node, path);
  return t && [{ op: 'equals', value: t, pattern: null }];
}

function readTests(env: StepEnv, node: YNode & { kind: 'map' }, path: string): Test[] | undefined {
  const { c } = env;
  if (node.entries.length === 0) return c.expected(node, path, `one of ${OPS.join(', ')}`);
  const out: Test[] = [];
  for (const { key, at, value } of node.entries) {
    const p = keyPath(path, key);
    if (!(OPS as readonly string[]).includes(key)) {
      const hint = closest(key, OPS);
      return c.fail(at, p, `unknown test${hint ? ` (did you mean ${hint}?)` : ''}; expected one of ${OPS.join(', ')}`);
    }
    const op = key as Op;
    if (op === 'exists') {
      const b = c.bool(value, p);
      if (b === undefined) return undefined;
      out.push({ op: b ? 'exists' : 'absent', value: null, pattern: null });
    } else if (op === 'matches') {
      const src = c.str(value, p, 'a regular expression');
      if (src === undefined) return undefined;
      if (src.length > MAX_PATTERN) return c.fail(value, p, `the pattern is too long (the limit is ${MAX_PATTERN})`);
      // A group with a quantifier inside that itself repeats ((a+)+) can backtrack for ever on a worker.
      if (NESTED_QUANTIFIER.test(src))
        return c.fail(value, p, 'nested quantifiers like (a+)+ can take exponential time; simplify the pattern');
      try {
        new RegExp(src);
      } catch (err) {
        return c.fail(value, p, `not a regular expression: ${(err as Error).message}`);
      }
      out.push({ op, value: null, pattern: src });
    } else {
      const t = readTemplate(env, value, p);
      if (!t) return undefined;
      out.push({ op, value: t, pattern: null });
    }
  }
  return out;
}
