import type { Checker, Fields } from './check.js';
import { MAX_DURATION_MS, formatDuration } from './durations.js';
import type { ClosedLoad, LoadModel, OpenLoad, OpenPhase } from './plan.js';
import { indexPath, keyPath } from './paths.js';
import type { YNode } from './source.js';

export const MAX_USERS = 10_000_000;
export const MAX_RATE = 1_000_000;
const RATE = { min: 0, max: MAX_RATE, unit: 'users/s' };
const USERS = { min: 0, max: MAX_USERS, integer: true };
const OPEN_KEYS = ['model', 'arrivals', 'maxUsers', 'phases'];
const CLOSED_KEYS = ['model', 'users', 'rampUp', 'hold', 'rampDown', 'maxUsers'];

/** `load:` -> the open model (phases of arrival rates) or the closed one (users held). */
export function readLoad(c: Checker, node: YNode, path: string, sessions: readonly string[]): LoadModel | undefined {
  const modelNode = node.kind === 'map' ? node.entries.find((e) => e.key === 'model')?.value : undefined;
  const model = modelNode ? c.oneOf(modelNode, keyPath(path, 'model'), ['open', 'closed'] as const) : 'open';
  if (model === undefined) return undefined;
  const f = c.fields(
    node,
    path,
    model === 'open' ? OPEN_KEYS : CLOSED_KEYS,
    'a mapping with model, phases, ... (see SCENARIOS.md)',
  );
  if (!f) return undefined;
  return model === 'open' ? readOpen(c, f, sessions) : readClosed(c, f);
}

function readOpen(c: Checker, f: Fields, sessions: readonly string[]): OpenLoad | undefined {
  const arrivals = f.opt('arrivals', 'uniform' as const, (n, p) => c.oneOf(n, p, ['uniform', 'poisson'] as const));
  const maxUsers = f.opt('maxUsers', 0, (n, p) => c.num(n, p, USERS));
  const phasesNode = f.req('phases', 'a list of phases {duration, rate}');
  const items = phasesNode ? c.list(phasesNode, f.at('phases'), 'a list of phases {duration, rate}') : undefined;
  if (!items) return undefined;
  const phases: OpenPhase[] = [];
  items.forEach((item, i) => {
    const p = readPhase(c, item, indexPath(f.at('phases'), i), i, sessions);
    if (p) {
      if (phases.some((q) => q.name === p.name))
        c.fail(item, indexPath(f.at('phases'), i), `phase name "${p.name}" is used twice`);
      phases.push(p);
    }
  });
  const total = phases.reduce((sum, p) => sum + p.durationMs, 0);
  if (total > MAX_DURATION_MS) {
    c.fail(
      phasesNode!,
      f.at('phases'),
      `the phases last ${formatDuration(total)} in all; the limit is ${formatDuration(MAX_DURATION_MS)}`,
    );
  }
  if (arrivals === undefined || maxUsers === undefined || phases.length !== items.length) return undefined;
  return { model: 'open', arrivals, maxUsers, phases };
}

function readPhase(
  c: Checker,
  node: YNode,
  path: string,
  i: number,
  sessions: readonly string[],
): OpenPhase | undefined {
  const f = c.fields(node, path, ['name', 'duration', 'rate', 'sessions'], 'a phase {duration, rate}');
  if (!f) return undefined;
  const name = f.opt('name', `phase ${i + 1}`, (n, p) =>
    c.str(n, p, 'a phase name (at most 100 characters)', /^.{1,100}$/),
  );
  const d = f.req('duration', 'a duration > 0');
  const durationMs = d && c.duration(d, f.at('duration'), { positive: true });
  const r = f.req('rate', 'a number ≥ 0 or {from, to}');
  const rate = r && readRate(c, r, f.at('rate'));
  const weights = f.opt('sessions', null, (n, p) => readMix(c, n, p, sessions));
  if (name === undefined || durationMs === undefined || rate === undefined || weights === undefined) return undefined;
  return { name, durationMs, fromRate: rate[0], toRate: rate[1], sessionWeights: weights };
}

function readRate(c: Checker, node: YNode, path: string): [number, number] | undefined {
  if (node.kind !== 'map') {
    const v = c.num(node, path, RATE, 'a number ≥ 0 or {from, to}');
    return v === undefined ? undefined : [v, v];
  }
  const f = c.fields(node, path, ['from', 'to']);
  const from = f?.req('from', 'a number ≥ 0') && c.num(f.get('from')!, f.at('from'), RATE);
  const to = f?.req('to', 'a number ≥ 0') && c.num(f.get('to')!, f.at('to'), RATE);
  return from === undefined || to === undefined ? undefined : [from, to];
}

/** `{viewer: 8, chatter: 2}` -> weights indexed like Plan.sessions, 0 for sessions not named. */
function readMix(c: Checker, node: YNode, path: string, sessions: readonly string[]): number[] | undefined {
  if (node.kind !== 'map' || node.entries.length === 0)
    return c.expected(node, path, 'a mapping of session name -> weight');
  const weights = sessions.map(() => 0);
  let ok = true;
  for (const e of node.entries) {
    const p = keyPath(path, e.key);
    const idx = sessions.indexOf(e.key);
    if (idx < 0) {
      c.fail(e.at, p, `no session named "${e.key}"; sessions: ${sessions.join(', ') || '(none)'}`);
      ok = false;
      continue;
    }
    const w = c.num(e.value, p, { gt: 0, max: 1e6 });
    if (w === undefined) ok = false;
    else weights[idx] = w;
  }
  return ok ? weights : undefined;
}

function readClosed(c: Checker, f: Fields): ClosedLoad | undefined {
  const u = f.req('users', `an integer from 1 to ${MAX_USERS}`);
  const users = u && c.num(u, f.at('users'), { ...USERS, min: 1 });
  const rampUpMs = f.opt('rampUp', 0, (n, p) => c.duration(n, p));
  const h = f.req('hold', 'a duration > 0');
  const holdMs = h && c.duration(h, f.at('hold'), { positive: true });
  const rampDownMs = f.opt('rampDown', 0, (n, p) => c.duration(n, p));
  const maxUsers = f.opt('maxUsers', 0, (n, p) => c.num(n, p, USERS));
  if (users === undefined || rampUpMs === undefined || holdMs === undefined || rampDownMs === undefined)
    return undefined;
  if (maxUsers === undefined) return undefined;
  if (maxUsers > 0 && maxUsers < users) {
    return c.fail(
      f.get('maxUsers')!,
      f.at('maxUsers'),
      `expected 0 (no cap) or at least users (${users}), got ${maxUsers}`,
    );
  }
  const total = rampUpMs + holdMs + rampDownMs;
  if (total > MAX_DURATION_MS) {
    return c.fail(
      f.node,
      f.path,
      `rampUp + hold + rampDown last ${formatDuration(total)}; the limit is ${formatDuration(MAX_DURATION_MS)}`,
    );
  }
  return { model: 'closed', users, rampUpMs, holdMs, rampDownMs, maxUsers };
}
