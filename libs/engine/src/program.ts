import type { Kind, WireProtocol } from '@loadfleet/protocol';
import type { Distribution, FieldValue, Plan, Session, SourceRef, Step, Template } from '@loadfleet/scenario';
import { compileConditions, type CompiledCondition } from './conditions.js';
import { cumulativeWeights } from './random.js';
import { isStaticTree, staticValues } from './values.js';

/**
 * A session's step tree flattened into a linear program with jumps, so a
 * virtual user's whole position is one integer (pc) plus small per-loop,
 * per-transaction and per-expect slots. Ops are shared by every user of the session.
 */
export type Op =
  | { op: 'connect'; at: SourceRef; target: number }
  | {
      op: 'send';
      at: SourceRef;
      kind: Kind;
      fields: Record<string, FieldValue>;
      /** The kind's message encoded once when no field is templated: only the stamps change per send. */
      staticBody: Uint8Array | null;
      wait: boolean;
      extract: [string, string][];
      timeoutMs: number;
    }
  | {
      op: 'expect';
      at: SourceRef;
      kind: Kind;
      /** Event stats index of the awaited member of a split event; -1 for any. */
      event: number;
      timeoutMs: number;
      match: CompiledCondition[];
      extract: [string, string][];
      onTimeout: 'continue' | 'error' | 'abort' | 'retry';
      retries: number;
      /** With retry: the pc of the send repeated, and the slot counting the retries. */
      retryPc: number;
      retrySlot: number;
    }
  | { op: 'think'; at: SourceRef; time: Distribution }
  | { op: 'loopInit'; slot: number }
  /** Jump back to `body` unless the loop in `slot` has run `count` times or `durationMs` has passed. */
  | { op: 'loopNext'; slot: number; body: number; count: number; durationMs: number }
  | { op: 'choice'; cumulative: number[]; targets: number[] }
  | { op: 'jump'; to: number }
  /** Go on when every condition holds on the user's variables, else jump to `otherwise`. */
  | { op: 'if'; conditions: CompiledCondition[]; otherwise: number }
  | { op: 'txBegin'; slot: number }
  | { op: 'txEnd'; slot: number; index: number }
  | { op: 'set'; vars: [string, Template][] }
  | { op: 'rendezvous'; at: SourceRef; index: number; users: number; timeoutMs: number }
  | { op: 'close'; at: SourceRef }
  | { op: 'end' };

export interface Program {
  session: Session;
  ops: Op[];
  usesVars: boolean;
  /** Each variable the session sets (by `set` or `extract`) and its index in a user's values (VUser.varValues). */
  varIndex: Map<string, number>;
  /** Where each user's number slots (VUser.t) keep loop counts and starts, transaction starts, retries, pending requests. */
  layout: SlotLayout;
}

/**
 * A user's numbers live in one array of doubles (VUser.t), not in fields: a double
 * in an object field is a 16-byte heap box of its own, and each loop or pending
 * list would be an array of its own. Offsets into that array, per session.
 */
export interface SlotLayout {
  loopCount: number;
  loopStart: number;
  txStart: number;
  retries: number;
  /** Pending requests from here, PENDING_STRIDE numbers each (pending.ts). */
  pending: number;
  /** Initial length: room for PENDING_ROOM pending requests; more grow the array. */
  size: number;
}

/** Fixed slots of VUser.t. */
export const T_INTENDED = 0;
export const T_STARTED = 1;
export const T_WAIT_STARTED = 2;
/** When the connection was lost, while the user reconnects (0 otherwise). */
export const T_LOST = 3;
const T_FIXED = 4;
/** Pending requests a user has room for without growing (a heartbeat; two at once are rare). */
const PENDING_ROOM = 1;
/** Numbers per pending request (pending.ts). */
export const PENDING_STRIDE = 5;

function layoutOf(loopSlots: number, txSlots: number, retrySlots: number): SlotLayout {
  const loopCount = T_FIXED;
  const loopStart = loopCount + loopSlots;
  const txStart = loopStart + loopSlots;
  const retries = txStart + txSlots;
  const pending = retries + retrySlots;
  return { loopCount, loopStart, txStart, retries, pending, size: pending + PENDING_ROOM * PENDING_STRIDE };
}

/** Rendezvous points by name across the plan's sessions: their indexes (the engine keeps one group each). */
export function rendezvousNames(plan: Plan): string[] {
  const names: string[] = [];
  const walk = (steps: readonly Step[]): void => {
    for (const s of steps) {
      if (s.kind === 'rendezvous' && !names.includes(s.name)) names.push(s.name);
      else if (s.kind === 'loop' || s.kind === 'transaction') walk(s.steps);
      else if (s.kind === 'choice') for (const b of s.branches) walk(b.steps);
      else if (s.kind === 'if') walk([...s.then, ...s.else]);
    }
  };
  for (const session of plan.sessions) walk(session.steps);
  return names;
}

export function compileProgram(
  plan: Plan,
  session: Session,
  protocol: WireProtocol,
  rendezvous: readonly string[],
): Program {
  const ops: Op[] = [];
  let loopSlots = 0;
  let txSlots = 0;
  let retrySlots = 0;
  let usesVars = false;
  const varIndex = new Map<string, number>();
  const defineVars = (names: Iterable<string>) => {
    for (const name of names) if (!varIndex.has(name)) varIndex.set(name, varIndex.size);
  };
  const kindOf = (name: string): Kind => protocol.kind(name)!;
  const emit = (steps: readonly Step[]): void => {
    let lastSend = -1;
    for (const s of steps) {
      switch (s.kind) {
        case 'connect':
          ops.push({ op: 'connect', at: s.at, target: s.target });
          break;
        case 'send': {
          const extract = Object.entries(s.extract);
          usesVars ||= extract.length > 0;
          defineVars(Object.keys(s.extract));
          const kind = kindOf(s.message);
          lastSend = ops.length;
          ops.push({
            op: 'send',
            at: s.at,
            kind,
            fields: s.fields,
            staticBody: isStaticTree(s.fields) ? protocol.encodeBody(kind, staticValues(s.fields)) : null,
            wait: s.wait,
            extract,
            timeoutMs: s.timeoutMs || plan.timeouts.requestMs,
          });
          break;
        }
        case 'expect': {
          const extract = Object.entries(s.extract);
          usesVars ||= extract.length > 0;
          defineVars(Object.keys(s.extract));
          const kind = kindOf(s.message);
          const retry = s.onTimeout === 'retry';
          ops.push({
            op: 'expect',
            at: s.at,
            kind,
            event: s.sub === null ? -1 : protocol.eventNames.indexOf(s.sub),
            timeoutMs: s.timeoutMs || plan.timeouts.requestMs,
            match: compileConditions(s.match),
            extract,
            onTimeout: retry && lastSend < 0 ? 'abort' : s.onTimeout,
            retries: s.retries,
            retryPc: retry ? lastSend : -1,
            retrySlot: retry ? retrySlots++ : -1,
          });
          break;
        }
        case 'think':
          ops.push({ op: 'think', at: s.at, time: s.time });
          break;
        case 'loop': {
          const slot = loopSlots++;
          ops.push({ op: 'loopInit', slot });
          const body = ops.length;
          emit(s.steps);
          ops.push({ op: 'loopNext', slot, body, count: s.count, durationMs: s.durationMs });
          break;
        }
        case 'choice': {
          const choice: Op = {
            op: 'choice',
            cumulative: cumulativeWeights(s.branches.map((b) => b.weight)),
            targets: [],
          };
          ops.push(choice);
          const jumps: { op: 'jump'; to: number }[] = [];
          for (const b of s.branches) {
            choice.targets.push(ops.length);
            emit(b.steps);
            const j = { op: 'jump' as const, to: -1 };
            jumps.push(j);
            ops.push(j);
          }
          for (const j of jumps) j.to = ops.length;
          break;
        }
        case 'if': {
          usesVars = true;
          const test: Op = { op: 'if', conditions: compileConditions(s.conditions), otherwise: -1 };
          ops.push(test);
          emit(s.then);
          const skip = { op: 'jump' as const, to: -1 };
          if (s.else.length > 0) ops.push(skip);
          test.otherwise = ops.length;
          emit(s.else);
          skip.to = ops.length;
          break;
        }
        case 'transaction': {
          const slot = txSlots++;
          ops.push({ op: 'txBegin', slot });
          emit(s.steps);
          ops.push({ op: 'txEnd', slot, index: s.index });
          break;
        }
        case 'set':
          usesVars = true;
          defineVars(Object.keys(s.vars));
          ops.push({ op: 'set', vars: Object.entries(s.vars) });
          break;
        case 'rendezvous':
          ops.push({
            op: 'rendezvous',
            at: s.at,
            index: rendezvous.indexOf(s.name),
            users: s.users,
            timeoutMs: s.timeoutMs,
          });
          break;
        case 'close':
          ops.push({ op: 'close', at: s.at });
          break;
        default:
          unreachable(s);
      }
    }
  };
  emit(session.steps);
  ops.push({ op: 'end' });
  return { session, ops, usesVars, varIndex, layout: layoutOf(loopSlots, txSlots, retrySlots) };
}

function unreachable(step: never): never {
  throw new Error(`unhandled step ${(step as Step).kind}`);
}
