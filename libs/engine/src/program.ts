import type { Distribution, Plan, Session, SourceRef, Step, Template } from '@loadfleet/scenario';
import { REQUEST_KINDS, encodeFrame, type RequestKind } from '@loadfleet/protocol';
import { cumulativeWeights } from './random.js';
import { isStatic } from './template.js';

/**
 * A session's step tree flattened into a linear program with jumps, so a
 * virtual user's whole position is one integer (pc) plus small per-loop and
 * per-transaction slots. Ops are shared by every user of the session.
 */
export type Op =
  | { op: 'connect'; at: SourceRef; target: number }
  | {
      op: 'send';
      at: SourceRef;
      request: string;
      /** Index of `request` in REQUEST_KINDS: stats ids and pending entries use it. */
      kind: number;
      fields: Record<string, Template>;
      /** Encoded body when no field is templated: only seq and sent_at change per send. */
      staticBody: Uint8Array | null;
      wait: boolean;
      extract: [string, string][];
      timeoutMs: number;
    }
  | {
      op: 'expect';
      at: SourceRef;
      type: string;
      timeoutMs: number;
      match: [string, Template][];
      extract: [string, string][];
      abort: boolean;
    }
  | { op: 'think'; at: SourceRef; time: Distribution }
  | { op: 'loopInit'; slot: number }
  /** Jump back to `body` unless the loop in `slot` has run `count` times or `durationMs` has passed. */
  | { op: 'loopNext'; slot: number; body: number; count: number; durationMs: number }
  | { op: 'choice'; cumulative: number[]; targets: number[] }
  | { op: 'jump'; to: number }
  | { op: 'txBegin'; slot: number }
  | { op: 'txEnd'; slot: number; index: number }
  | { op: 'set'; vars: [string, Template][] }
  | { op: 'close'; at: SourceRef }
  | { op: 'end' };

export interface Program {
  session: Session;
  ops: Op[];
  loopSlots: number;
  txSlots: number;
  usesVars: boolean;
  /** Each variable the session sets (by `set` or `extract`) and its index in a user's values (VUser.varValues). */
  varIndex: Map<string, number>;
  /** Where each user's number slots (VUser.t) keep loop counts and starts, transaction starts, pending requests. */
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
  /** Pending requests (sent without waiting) from here, PENDING_STRIDE numbers each. */
  pending: number;
  /** Initial length: room for PENDING_ROOM pending requests; more grow the array. */
  size: number;
}

/** Fixed slots of VUser.t. */
export const T_INTENDED = 0;
export const T_STARTED = 1;
export const T_WAIT_STARTED = 2;
const T_FIXED = 3;
/** A pending request: seq, request kind index, sent at, intended at, deadline. */
export const PENDING_STRIDE = 5;
/** Pending requests a user has room for without growing (a heartbeat; two at once are rare). */
const PENDING_ROOM = 1;

function layoutOf(loopSlots: number, txSlots: number): SlotLayout {
  const loopCount = T_FIXED;
  const loopStart = loopCount + loopSlots;
  const txStart = loopStart + loopSlots;
  const pending = txStart + txSlots;
  return { loopCount, loopStart, txStart, pending, size: pending + PENDING_ROOM * PENDING_STRIDE };
}

export const requestKindIndex = (request: string): number => REQUEST_KINDS.indexOf(request as RequestKind);

export function compileProgram(plan: Plan, session: Session): Program {
  const ops: Op[] = [];
  let loopSlots = 0;
  let txSlots = 0;
  let usesVars = false;
  const varIndex = new Map<string, number>();
  const defineVars = (names: Iterable<string>) => {
    for (const name of names) if (!varIndex.has(name)) varIndex.set(name, varIndex.size);
  };
  const emit = (steps: Step[]): void => {
    for (const s of steps) {
      switch (s.kind) {
        case 'connect':
          ops.push({ op: 'connect', at: s.at, target: s.target });
          break;
        case 'send': {
          const extract = Object.entries(s.extract);
          usesVars ||= extract.length > 0;
          defineVars(Object.keys(s.extract));
          ops.push({
            op: 'send',
            at: s.at,
            request: s.request,
            kind: requestKindIndex(s.request),
            fields: s.fields,
            staticBody: staticBodyOf(s.request, s.fields),
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
          ops.push({
            op: 'expect',
            at: s.at,
            type: s.type,
            timeoutMs: s.timeoutMs || plan.timeouts.requestMs,
            match: Object.entries(s.match),
            extract,
            abort: s.onMismatch === 'abort',
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
        case 'close':
          ops.push({ op: 'close', at: s.at });
          break;
      }
    }
  };
  emit(session.steps);
  ops.push({ op: 'end' });
  return { session, ops, loopSlots, txSlots, usesVars, varIndex, layout: layoutOf(loopSlots, txSlots) };
}

/** The encoded body of a send whose fields hold no placeholder (the envelope around it is spliced per send). */
function staticBodyOf(request: string, fields: Record<string, Template>): Uint8Array | null {
  const values: Record<string, unknown> = {};
  for (const [k, t] of Object.entries(fields)) {
    if (!isStatic(t)) return null;
    values[k] = t.parts.length === 0 ? '' : (t.parts[0] as { text: string }).text;
  }
  // Encode a whole envelope, then keep only the body field (tag + length + bytes) after the length prefix.
  const frame = encodeFrame({ [request]: coerceNumbers(request, values) });
  let p = 0;
  while (frame[p]! & 0x80) p++;
  return frame.subarray(p + 1);
}

/** Body fields that are numeric in chat.proto (templates yield text; protobuf wants numbers). */
export const NUMERIC_FIELDS = new Set(['userId', 'count', 'giftId', 'value', 'beamId']);

export function coerceNumbers(_request: string, values: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(values)) {
    if (NUMERIC_FIELDS.has(k) && typeof values[k] === 'string') values[k] = Number(values[k]) >>> 0;
  }
  return values;
}
