import type { Fields } from './check.js';
import { readConditions } from './conditions.js';
import { readDistribution } from './distributions.js';
import type { SourceRef, Step } from './plan.js';
import { indexPath } from './paths.js';
import { readExpect, readSend } from './message-steps.js';
import type { YNode } from './source.js';
import { readVarTemplates, type StepEnv } from './values.js';

export type { StepEnv } from './values.js';

export const STEP_KINDS = [
  'connect',
  'send',
  'expect',
  'think',
  'loop',
  'choice',
  'transaction',
  'set',
  'if',
  'rendezvous',
  'close',
] as const;
type StepKind = (typeof STEP_KINDS)[number];
const SIBLINGS: Record<StepKind, readonly string[]> = {
  connect: [],
  send: ['fields', 'wait', 'timeout', 'extract'],
  expect: ['timeout', 'match', 'extract', 'onTimeout', 'retries'],
  think: [],
  loop: [],
  choice: [],
  transaction: [],
  set: [],
  if: ['then', 'else'],
  rendezvous: [],
  close: [],
};
const A_STEP = `a step: connect, close, or a mapping with one of ${STEP_KINDS.join(', ')}`;
const TX_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const MAX_LOOP_COUNT = 1e9;

export function readSteps(env: StepEnv, node: YNode, path: string, allowEmpty = false): Step[] | undefined {
  const items = env.c.list(node, path, 'a list of steps', !allowEmpty);
  if (!items) return undefined;
  const steps = items.map((item, i) => readStep(env, item, indexPath(path, i)));
  steps.forEach((s, i) => {
    // A retry sends again: the step it repeats is the closest send before it in the same list.
    if (s?.kind === 'expect' && s.onTimeout === 'retry' && !steps.slice(0, i).some((b) => b?.kind === 'send')) {
      env.c.fail(
        items[i]!,
        indexPath(path, i),
        'onTimeout: retry needs a send step before the expect, in the same list',
      );
    }
  });
  return steps.every((s) => s !== undefined) ? (steps as Step[]) : undefined;
}

function readStep(env: StepEnv, node: YNode, path: string): Step | undefined {
  const { c } = env;
  const at: SourceRef = { line: node.line, path };
  const done = (step: Step | undefined) => (step && env.positions.set(step, node), step);
  if (node.kind === 'scalar') {
    if (node.value === 'connect') return done({ kind: 'connect', at, target: -1 });
    if (node.value === 'close') return done({ kind: 'close', at });
    if ((STEP_KINDS as readonly unknown[]).includes(node.value)) {
      return c.fail(node, path, `${node.value} needs options: write it as "${node.value}: ..."`);
    }
    return c.expected(node, path, A_STEP);
  }
  if (node.kind !== 'map') return c.expected(node, path, A_STEP);
  const kinds = node.entries
    .map((e) => e.key)
    .filter((k): k is StepKind => (STEP_KINDS as readonly string[]).includes(k));
  if (kinds.length !== 1) {
    const got = kinds.length
      ? `got ${kinds.join(' and ')}`
      : `got fields ${node.entries.map((e) => e.key).join(', ') || '(none)'}`;
    return c.fail(node, path, `a step has exactly one of ${STEP_KINDS.join(', ')}; ${got}`);
  }
  const kind = kinds[0]!;
  const f = c.fields(node, path, [kind, ...SIBLINGS[kind]]);
  if (!f) return undefined;
  const value = f.get(kind)!;
  const vpath = f.at(kind);
  switch (kind) {
    case 'connect':
      return done(readConnect(env, value, vpath, at));
    case 'close':
      if (!(value.kind === 'scalar' && value.value === null) && !(value.kind === 'map' && value.entries.length === 0)) {
        return c.expected(value, vpath, 'nothing (close takes no options)');
      }
      return done({ kind: 'close', at });
    case 'send':
      return done(readSend(env, f, value, vpath, at));
    case 'expect':
      return done(readExpect(env, f, value, vpath, at));
    case 'think': {
      const time = readDistribution(c, value, vpath);
      return done(time && { kind: 'think', at, time });
    }
    case 'loop':
      return done(readLoop(env, value, vpath, at));
    case 'choice':
      return done(readChoice(env, value, vpath, at));
    case 'transaction':
      return done(readTransaction(env, value, vpath, at));
    case 'set': {
      const vars = readVarTemplates(env, value, vpath);
      return done(vars && { kind: 'set', at, vars });
    }
    case 'if':
      return done(readIf(env, f, value, vpath, at));
    case 'rendezvous':
      return done(readRendezvous(env, value, vpath, at));
  }
}

function readConnect(env: StepEnv, node: YNode, path: string, at: SourceRef): Step | undefined {
  const { c, targets } = env;
  if (node.kind === 'scalar' && node.value === null) return { kind: 'connect', at, target: -1 };
  const f = c.fields(node, path, ['target'], 'nothing or {target}');
  const t = f?.get('target');
  if (!f || !t) return f && { kind: 'connect', at, target: -1 };
  const expectation = `a target index from 0 to ${targets.length - 1} or one of the targets' addresses`;
  const byAddress = targets.findIndex((x) => t.kind === 'scalar' && `${x.host}:${x.port}` === t.value);
  if (byAddress >= 0) return { kind: 'connect', at, target: byAddress };
  const index = t.kind === 'scalar' ? t.value : undefined;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= targets.length) {
    return c.expected(t, f.at('target'), expectation);
  }
  return { kind: 'connect', at, target: index };
}

function readLoop(env: StepEnv, node: YNode, path: string, at: SourceRef): Step | undefined {
  const { c } = env;
  const f = c.fields(node, path, ['count', 'duration', 'steps'], '{count and/or duration, steps}');
  if (!f) return undefined;
  if (!f.has('count') && !f.has('duration')) c.fail(node, path, 'a loop needs count, duration, or both');
  const count = f.opt('count', 0, (n, p) => c.num(n, p, { min: 1, max: MAX_LOOP_COUNT, integer: true }));
  const durationMs = f.opt('duration', 0, (n, p) => c.duration(n, p, { positive: true }));
  const s = f.req('steps', 'a list of steps');
  const steps = s && readSteps(env, s, f.at('steps'));
  if (count === undefined || durationMs === undefined || !steps || (!count && !durationMs)) return undefined;
  return { kind: 'loop', at, count, durationMs, steps };
}

function readChoice(env: StepEnv, node: YNode, path: string, at: SourceRef): Step | undefined {
  const { c } = env;
  const items = c.list(node, path, 'a list of {weight, steps}');
  if (!items) return undefined;
  const branches = items.map((item, i) => {
    const f = c.fields(item, indexPath(path, i), ['weight', 'steps'], '{weight, steps}');
    const weight = f?.opt('weight', 1, (n, p) => c.num(n, p, { gt: 0, max: 1e6 }));
    const s = f?.req('steps', 'a list of steps (may be empty)');
    const steps = s && readSteps(env, s, f!.at('steps'), true);
    return weight !== undefined && steps ? { weight, steps } : undefined;
  });
  return branches.every((b) => b)
    ? { kind: 'choice', at, branches: branches as { weight: number; steps: Step[] }[] }
    : undefined;
}

function readTransaction(env: StepEnv, node: YNode, path: string, at: SourceRef): Step | undefined {
  const { c } = env;
  const f = c.fields(node, path, ['name', 'steps'], '{name, steps}');
  if (!f) return undefined;
  const n = f.req('name', 'a transaction name');
  const name = n && c.str(n, f.at('name'), 'a name of letters, digits, _, . and - (at most 100)', TX_NAME);
  const s = f.req('steps', 'a list of steps');
  const steps = s && readSteps(env, s, f.at('steps'));
  if (name === undefined || !steps) return undefined;
  let index = env.transactions.indexOf(name);
  if (index < 0) index = env.transactions.push(name) - 1;
  return { kind: 'transaction', at, name, index, steps };
}

function readIf(env: StepEnv, f: Fields, value: YNode, path: string, at: SourceRef): Step | undefined {
  const { c } = env;
  const conditions = readConditions(env, value, path, 'variables');
  const t = f.req('then', 'a list of steps');
  const then = t && readSteps(env, t, f.at('then'), true);
  const otherwise = f.opt('else', [] as Step[], (n, p) => readSteps(env, n, p, true));
  if (!conditions || !then || !otherwise) return undefined;
  if (then.length === 0 && otherwise.length === 0)
    c.fail(value, path, 'an if with no steps in then or else does nothing');
  return { kind: 'if', at, conditions, then, else: otherwise };
}

const MAX_RENDEZVOUS_USERS = 1_000_000;

function readRendezvous(env: StepEnv, node: YNode, path: string, at: SourceRef): Step | undefined {
  const { c } = env;
  const f = c.fields(node, path, ['name', 'users', 'timeout'], '{name, users, timeout}');
  if (!f) return undefined;
  const n = f.req('name', 'a rendezvous name');
  const name = n && c.str(n, f.at('name'), 'a name of letters, digits, _, . and - (at most 100)', TX_NAME);
  const u = f.req('users', 'how many users to wait for');
  const users = u && c.num(u, f.at('users'), { min: 2, max: MAX_RENDEZVOUS_USERS, integer: true });
  const timeoutMs = f.opt('timeout', env.requestTimeoutMs, (v, p) => c.duration(v, p, { positive: true }));
  if (name === undefined || users === undefined || timeoutMs === undefined) return undefined;
  return { kind: 'rendezvous', at, name, users, timeoutMs };
}
