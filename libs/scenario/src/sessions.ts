import type { WireProtocol } from '@loadfleet/protocol';
import type { Checker } from './check.js';
import { readDistribution } from './distributions.js';
import type { Distribution, Reconnect, Session, Step, Target } from './plan.js';
import { indexPath } from './paths.js';
import type { Pos, YNode } from './source.js';
import { readSteps, type StepEnv } from './steps.js';
import type { FeederScope } from './templates.js';

const SESSION_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const MIN_HEARTBEAT_MS = 100;

export interface SessionsRead {
  sessions: Session[];
  /** Every declared session name, in order, including those of sessions that had errors. */
  names: string[];
  transactions: string[];
}

/** `sessions:` -> sessions with their steps compiled, plus the transaction names they declare. */
export function readSessions(
  c: Checker,
  node: YNode | undefined,
  path: string,
  parentAt: Pos,
  scope: {
    feeders: readonly FeederScope[];
    targets: readonly Target[];
    requestTimeoutMs: number;
    protocol: WireProtocol;
  },
): SessionsRead {
  const out: SessionsRead = { sessions: [], names: [], transactions: [] };
  if (!node) {
    c.fail(parentAt, path, 'missing required field (expected a list of sessions)');
    return out;
  }
  const items = c.list(node, path, 'a list of sessions {name, steps}') ?? [];
  const names = new Set<string>();
  items.forEach((item, i) => {
    const p = indexPath(path, i);
    const f = c.fields(
      item,
      p,
      ['name', 'weight', 'heartbeat', 'reconnect', 'steps'],
      'a session {name, weight, heartbeat, reconnect, steps}',
    );
    if (!f) return;
    const n = f.req('name', 'a session name');
    const name = n && c.str(n, f.at('name'), 'a name of letters, digits, _, . and - (at most 100)', SESSION_NAME);
    if (name !== undefined && names.has(name)) c.fail(n!, f.at('name'), `session name "${name}" is used twice`);
    if (name !== undefined) names.add(name);
    out.names.push(name ?? '');
    const weight = f.opt('weight', 1, (v, q) => c.num(v, q, { gt: 0, max: 1e6 }));
    const heartbeatMs = f.opt('heartbeat', 0, (v, q) => readHeartbeat(c, v, q));
    if (heartbeatMs && scope.protocol.heartbeatKind < 0) {
      c.fail(
        f.get('heartbeat')!,
        f.at('heartbeat'),
        `protocol ${scope.protocol.name} has no heartbeat (see heartbeat: in its protocol.yaml)`,
      );
    }
    const reconnect = f.opt<Reconnect | null>('reconnect', null, (v, q) => readReconnect(c, v, q));
    const env: StepEnv = {
      c,
      ...scope,
      transactions: out.transactions,
      positions: new WeakMap(),
      varsSet: new Set(),
      varsUsed: [],
    };
    const s = f.req('steps', 'a list of steps');
    const steps = s && readSteps(env, s, f.at('steps'));
    for (const use of env.varsUsed) {
      if (!env.varsSet.has(use.name)) {
        c.fail(use.at, use.path, `variable "${use.name}" is never set in this session (set it with set: or extract:)`);
      }
    }
    if (steps) checkConnected(c, env.positions, steps, 'closed');
    if (name !== undefined && weight !== undefined && heartbeatMs !== undefined && reconnect !== undefined && steps) {
      out.sessions.push({ name, weight, heartbeatMs, reconnect, steps });
    }
  });
  return out;
}

const MAX_RECONNECTS = 1000;

/** `reconnect: { attempts, delay }`: delay is a think-time distribution (default 1s). */
function readReconnect(c: Checker, node: YNode, path: string): Reconnect | undefined {
  const f = c.fields(node, path, ['attempts', 'delay'], '{attempts, delay}');
  if (!f) return undefined;
  const attempts = f.opt('attempts', 3, (v, q) => c.num(v, q, { min: 1, max: MAX_RECONNECTS, integer: true }));
  const delay = f.opt<Distribution>('delay', { kind: 'constant', ms: 1000 }, (v, q) => readDistribution(c, v, q));
  return attempts !== undefined && delay !== undefined ? { attempts, delay } : undefined;
}

/** 0 (none) or an interval of at least 100ms: a tighter one would flood the target, not simulate phones. */
function readHeartbeat(c: Checker, node: YNode, path: string): number | undefined {
  const ms = c.duration(node, path);
  if (ms === undefined || ms === 0 || ms >= MIN_HEARTBEAT_MS) return ms;
  return c.expected(node, path, `0 (none) or a duration ≥ ${MIN_HEARTBEAT_MS}ms`);
}

/** Whether the user has a connection at a point of the session; `maybe` after branches that differ. */
type Conn = 'open' | 'closed' | 'maybe';

/**
 * Report send and expect steps that run when the connection is certainly not
 * open: before any connect, or after a close. Loops are walked once (their
 * first round starts in the state before them); choices merge their branches.
 */
function checkConnected(c: Checker, positions: WeakMap<Step, Pos>, steps: readonly Step[], state: Conn): Conn {
  for (const step of steps) {
    switch (step.kind) {
      case 'connect':
        state = 'open';
        break;
      case 'close':
        state = 'closed';
        break;
      case 'send':
      case 'expect':
        if (state === 'closed') {
          const at = positions.get(step) ?? { line: step.at.line, col: 1 };
          c.fail(at, step.at.path, `${step.kind} with no open connection: add a connect step before it`);
          state = 'maybe'; // one report per gap is enough
        }
        break;
      case 'loop':
        state = merge(state, checkConnected(c, positions, step.steps, state));
        break;
      case 'transaction':
        state = checkConnected(c, positions, step.steps, state);
        break;
      case 'choice':
        state = step.branches.map((b) => checkConnected(c, positions, b.steps, state)).reduce(merge);
        break;
      case 'if':
        state = merge(checkConnected(c, positions, step.then, state), checkConnected(c, positions, step.else, state));
        break;
      case 'think':
      case 'set':
      case 'rendezvous':
        break;
      default:
        return unreachable(step);
    }
  }
  return state;
}

function unreachable(step: never): never {
  throw new Error(`unhandled step ${(step as Step).kind}`);
}

function merge(a: Conn, b: Conn): Conn {
  return a === b ? a : 'maybe';
}
