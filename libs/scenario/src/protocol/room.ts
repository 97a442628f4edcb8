import protobuf from 'protobufjs';
import type { KindSpec, RoomAction, RoomSpec } from '@loadfleet/protocol';
import { closest, type Checker, type Fields } from '../check.js';
import { keyPath } from '../paths.js';
import type { YNode } from '../source.js';
import { findField, scalarTypeOf } from './schema.js';

const ACTIONS = ['join', 'chat', 'like', 'gift', 'leave'] as const;
/** The placeholders the panel fills in; anything else in braces is a mistake worth reporting. */
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const KNOWN = new Set(['room', 'text']);

/**
 * `room:` -> what a person does in the console's join-the-room panel: for each action
 * (join, chat, like, gift, leave) a request kind and its top-level fields. Checked
 * against the kinds (it must be a request) and their messages (every field exists and
 * takes a scalar); `echo` names an event of the binding (its stats name).
 */
export function readRoom(
  c: Checker,
  f: Fields,
  root: protobuf.Root,
  kinds: readonly KindSpec[],
): RoomSpec | null | undefined {
  const node = f.get('room');
  if (!node) return null;
  const g = c.fields(node, f.at('room'), ACTIONS, `a mapping of ${ACTIONS.join(', ')} -> {send, fields, echo}`);
  if (!g) return undefined;
  const eventNames = eventNamesOf(kinds, root);
  const spec: RoomSpec = { join: null, chat: null, like: null, gift: null, leave: null };
  let ok = true;
  for (const action of ACTIONS) {
    const an = g.get(action);
    if (!an) continue;
    const a = readAction(c, an, g.at(action), root, kinds, eventNames);
    if (a) spec[action] = a;
    else ok = false;
  }
  return ok ? spec : undefined;
}

function readAction(
  c: Checker,
  node: YNode,
  path: string,
  root: protobuf.Root,
  kinds: readonly KindSpec[],
  eventNames: string[],
): RoomAction | undefined {
  const f = c.fields(node, path, ['send', 'fields', 'echo'], '{send, fields, echo}');
  if (!f) return undefined;
  const sn = f.req('send', 'the request kind it sends');
  const name = sn && c.str(sn, f.at('send'), 'a kind name');
  if (!sn || name === undefined) return undefined;
  const kind = kinds.find((k) => k.name === name || k.alias === name);
  if (!kind) {
    const hint = closest(
      name,
      kinds.map((k) => k.name),
    );
    return c.fail(sn, f.at('send'), `no kind "${name}"${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
  if (kind.role !== 'request') return c.fail(sn, f.at('send'), `${kind.name} is a ${kind.role}, not a request`);
  const type = root.lookupType(kind.message);
  const fields: Record<string, string | number | boolean> = {};
  const fn = f.get('fields');
  if (fn) {
    if (fn.kind !== 'map') return c.expected(fn, f.at('fields'), `a mapping of ${type.name} field -> value`);
    for (const { key, at, value } of fn.entries) {
      const p = keyPath(f.at('fields'), key);
      const field = findField(type, key);
      if (!field) {
        c.fail(
          at,
          p,
          `${type.name} has no field "${key}"; its fields: ${type.fieldsArray.map((x) => x.name).join(', ')}`,
        );
        continue;
      }
      const t = scalarTypeOf(field);
      if (field.repeated || t === 'message') {
        c.fail(
          at,
          p,
          `${type.name}.${field.name} is a ${field.repeated ? 'list' : 'message'}: the panel sets scalar fields only`,
        );
        continue;
      }
      const v = value.kind === 'scalar' ? value.value : undefined;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        c.expected(value, p, 'a string, number or true/false');
        continue;
      }
      if (typeof v === 'string') {
        for (const m of v.matchAll(PLACEHOLDER)) {
          if (!KNOWN.has(m[1]!))
            c.fail(value, p, `unknown placeholder {{${m[1]}}}: the panel fills in {{room}} and {{text}}`);
        }
      }
      fields[field.name] = v;
    }
  }
  let echo: string | null = null;
  const en = f.get('echo');
  if (en) {
    const e = c.str(en, f.at('echo'), 'an event name');
    if (e === undefined) return undefined;
    if (!eventNames.includes(e)) {
      const hint = closest(e, eventNames);
      return c.fail(
        en,
        f.at('echo'),
        `no event "${e}"${hint ? ` (did you mean ${hint}?)` : ''}; the events: ${eventNames.join(', ') || '(none)'}`,
      );
    }
    echo = e;
  }
  return { kind: kind.name, fields, echo };
}

/** The events' stats names, as WireProtocol names them (split events by their members). */
function eventNamesOf(kinds: readonly KindSpec[], root: protobuf.Root): string[] {
  const out: string[] = [];
  for (const k of kinds) {
    if (k.role !== 'event') continue;
    if (!k.splitBy) out.push(k.name);
    else
      for (const m of root.lookupType(k.message).oneofs[k.splitBy]!.fieldsArray)
        out.push(protobuf.util.camelCase(m.name));
  }
  return out;
}
