import type { Kind, RoomAction, WireProtocol } from '@loadfleet/protocol';
import type { FieldValue, Plan, SendStep, Step } from '@loadfleet/scenario';
import type { RoomSendAction } from '../wire.js';

/** A panel action resolved against the compiled protocol. */
export interface PanelAction {
  kind: Kind;
  fields: Record<string, string | number | boolean>;
  /** Index of the echo event in the protocol's event names, -1 for none. */
  echo: number;
}

/** What the panel can do on a run's protocol, decided once per run. */
export interface RoomPlan {
  protocol: string;
  /** The scenario's own login step (its fields' templates), or null when the protocol has no login. */
  login: { kind: Kind; fields: Record<string, FieldValue> } | null;
  join: PanelAction;
  leave: PanelAction | null;
  send: Record<RoomSendAction, PanelAction | null>;
  /** Why each missing send action is missing. */
  why: Record<RoomSendAction, string | null>;
  heartbeat: { kind: Kind; everyMs: number } | null;
}

/** Heartbeat interval when the protocol has a heartbeat and no session of the scenario sets one. */
export const DEFAULT_HEARTBEAT_MS = 5_000;
const SEND_ACTIONS: readonly RoomSendAction[] = ['chat', 'like', 'gift'];

/**
 * The run's protocol (`plan.protocol`, compiled as the workers compile it) read for
 * the panel: the `room:` section of its binding names the actions, the scenario's
 * first send of the login kind says how to log in, the sessions' heartbeat sets the
 * interval. A run the panel cannot join gets the reason, said plainly.
 */
export function roomPlanOf(plan: Plan, wp: WireProtocol): RoomPlan | { error: string } {
  const room = plan.protocol.room ?? null;
  const name = plan.protocol.name;
  if (!room)
    return {
      error: `protocol ${name} does not say how a person joins a room: its protocol.yaml has no room: section (docs/CONSOLE.md)`,
    };
  if (!room.join)
    return { error: `protocol ${name} has no join action in its room: section, so the panel cannot join` };
  let login: RoomPlan['login'] = null;
  if (wp.loginKind >= 0) {
    const kind = wp.kinds[wp.loginKind]!;
    const step = findSend(plan, kind, wp);
    if (!step)
      return {
        error: `the scenario never sends ${kind.name} (the protocol's login), so the panel does not know how to log in`,
      };
    login = { kind, fields: step.fields };
  }
  const resolve = (a: RoomAction | null): PanelAction | null | string => {
    if (!a) return null;
    const kind = wp.kind(a.kind);
    if (!kind) return `protocol ${name} has no kind ${a.kind}`;
    return { kind, fields: a.fields, echo: a.echo === null ? -1 : wp.eventNames.indexOf(a.echo) };
  };
  const join = resolve(room.join);
  if (typeof join === 'string' || join === null) return { error: join ?? 'no join action' };
  const leave = resolve(room.leave);
  const send = { chat: null, like: null, gift: null } as RoomPlan['send'];
  const why = { chat: null, like: null, gift: null } as RoomPlan['why'];
  for (const a of SEND_ACTIONS) {
    const r = resolve(room[a]);
    if (typeof r === 'string') why[a] = r;
    else if (r === null) why[a] = `protocol ${name} has no ${a} action in its room: section`;
    else send[a] = r;
  }
  const heartbeat =
    wp.heartbeatKind >= 0
      ? {
          kind: wp.kinds[wp.heartbeatKind]!,
          everyMs: Math.min(...plan.sessions.map((s) => s.heartbeatMs).filter((ms) => ms > 0), DEFAULT_HEARTBEAT_MS),
        }
      : null;
  return { protocol: name, login, join, leave: typeof leave === 'string' ? null : leave, send, why, heartbeat };
}

/** The first send of `kind` in any session, in step order (loops, choices, transactions and ifs included). */
function findSend(plan: Plan, kind: Kind, wp: WireProtocol): SendStep | null {
  const walk = (steps: readonly Step[]): SendStep | null => {
    for (const s of steps) {
      let found: SendStep | null = null;
      switch (s.kind) {
        case 'send':
          if (wp.kind(s.message)?.index === kind.index) return s;
          break;
        case 'loop':
        case 'transaction':
          found = walk(s.steps);
          break;
        case 'choice':
          for (const b of s.branches) found ??= walk(b.steps);
          break;
        case 'if':
          found = walk(s.then) ?? walk(s.else);
          break;
        case 'connect':
        case 'expect':
        case 'think':
        case 'set':
        case 'rendezvous':
        case 'close':
          break;
      }
      if (found) return found;
    }
    return null;
  };
  for (const s of plan.sessions) {
    const found = walk(s.steps);
    if (found) return found;
  }
  return null;
}

/** An action's field values with {{room}} and {{text}} filled in (a whole-placeholder value stays as given). */
export function fillFields(
  fields: Record<string, string | number | boolean>,
  room: string,
  text: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] =
      typeof v === 'string'
        ? v.replace(/\{\{\s*(room|text)\s*\}\}/g, (_m, name: string) => (name === 'room' ? room : text))
        : v;
  }
  return out;
}
