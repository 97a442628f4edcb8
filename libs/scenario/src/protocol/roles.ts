import protobuf from 'protobufjs';
import type { EnvelopeSpec, KindRole, KindSpec, MatchSpec, TimeField } from '@loadfleet/protocol';
import { closest, type Checker, type Fields } from '../check.js';
import { keyPath } from '../paths.js';
import type { YNode } from '../source.js';
import { readTime, readTimeOf } from './binding.js';
import { findField, isNumeric, resolvePath, scalarTypeOf } from './schema.js';

/** The binding's sections that give kinds their roles, with what each role needs checked. */
export interface Roles {
  loginKind: number;
  heartbeatKind: number;
  sendTime: TimeField | null;
  errorCodePath: string[];
}

/**
 * `requests`, `events`, `error`, `disconnect`, `heartbeat`, `login` and `sendTime`:
 * sets each kind's role (in place) and checks what the match mode needs of them.
 */
export function readRoles(
  c: Checker,
  f: Fields,
  root: protobuf.Root,
  envelope: EnvelopeSpec,
  kinds: KindSpec[],
  match: MatchSpec,
): Roles | undefined {
  const byName = new Map<string, number>();
  kinds.forEach((k, i) => {
    byName.set(k.name, i);
    if (k.alias) byName.set(k.alias, i);
  });
  const names = kinds.map((k) => k.name);
  const kindAt = (node: YNode, path: string): number | undefined => {
    const name = c.str(node, path, 'a kind name');
    if (name === undefined) return undefined;
    const i = byName.get(name);
    if (i !== undefined) return i;
    const hint = closest(name, names);
    return c.fail(
      node,
      path,
      `no kind "${name}"${hint ? ` (did you mean ${hint}?)` : ''}; the kinds: ${names.join(', ')}`,
    );
  };
  const assign = (i: number, role: KindRole, node: YNode, path: string): void => {
    const k = kinds[i]!;
    if (k.role !== 'message' && k.role !== role)
      c.fail(node, path, `${k.name} is already a ${k.role}; a kind has one role`);
    else k.role = role;
  };
  const type = (i: number) => root.lookupType(kinds[i]!.message);

  const rq = f.get('requests');
  if (rq) {
    if (rq.kind !== 'map') c.expected(rq, f.at('requests'), 'a mapping of request kind -> reply kind (or none)');
    else
      for (const { key, at, value } of rq.entries) {
        const p = keyPath(f.at('requests'), key);
        const i = kindAt({ kind: 'scalar', value: key, ...at }, p);
        if (i === undefined) continue;
        assign(i, 'request', { kind: 'scalar', value: key, ...at }, p);
        if (value.kind === 'scalar' && value.value === 'none') continue;
        if (match.mode === 'none') {
          c.fail(value, p, 'with match: none nothing is answered: write none');
          continue;
        }
        const r = kindAt(value, p);
        if (r === undefined) continue;
        assign(r, 'reply', value, p);
        kinds[i]!.reply = r;
      }
  }

  const ev = f.get('events');
  if (ev) {
    if (ev.kind !== 'map') c.expected(ev, f.at('events'), 'a mapping of event kind -> {originTime, unit, splitBy}');
    else {
      const statNames = new Set<string>();
      for (const { key, at, value } of ev.entries) {
        const p = keyPath(f.at('events'), key);
        const i = kindAt({ kind: 'scalar', value: key, ...at }, p);
        if (i === undefined) continue;
        assign(i, 'event', value, p);
        readEvent(c, kinds[i]!, type(i), value, p, statNames);
      }
    }
  }

  const readRoleKind = (key: string, role: KindRole): { i: number; node: YNode } | undefined => {
    const node = f.get(key);
    if (!node) return undefined;
    const g = node.kind === 'map' ? c.fields(node, f.at(key), ['kind', 'code'], '{kind, code}') : undefined;
    const kn = g ? g.req('kind', 'a kind name') : node;
    const i = kn && kindAt(kn, g ? g.at('kind') : f.at(key));
    if (i === undefined) return undefined;
    assign(i, role, kn!, f.at(key));
    return { i, node };
  };
  let errorCodePath: string[] = [];
  const err = readRoleKind('error', 'error');
  if (err && err.node.kind === 'map') {
    const cn = err.node.entries.find((e) => e.key === 'code')?.value;
    const code = cn && c.str(cn, keyPath(f.at('error'), 'code'), 'a field path');
    if (cn && code !== undefined) {
      const r = resolvePath(type(err.i), code);
      if ('error' in r) c.fail(cn, keyPath(f.at('error'), 'code'), r.error);
      else errorCodePath = r.names;
    }
  }
  readRoleKind('disconnect', 'disconnect');

  const request = (key: string, needsReply: boolean): number => {
    const node = f.get(key);
    if (!node) return -1;
    const i = kindAt(node, f.at(key));
    if (i === undefined) return -1;
    const k = kinds[i]!;
    if (k.role === 'message') k.role = 'request';
    if (k.role !== 'request') c.fail(node, f.at(key), `${k.name} is a ${k.role}, not a request`);
    else if (needsReply && k.reply < 0)
      c.fail(node, f.at(key), `${k.name} has no reply in requests: a login is counted when it is answered`);
    return i;
  };
  const heartbeatKind = request('heartbeat', false);
  const loginKind = request('login', true);

  let sendTime: TimeField | null = null;
  const st = f.get('sendTime');
  if (st) {
    const t = readTime(c, st, f.at('sendTime'));
    if (t) sendTime = checkSendTime(c, root, envelope, kinds, t, f.at('sendTime')) ? t.time : null;
  }
  checkEcho(c, f, root, envelope, kinds, match);
  return { loginKind, heartbeatKind, sendTime, errorCodePath };
}

function readEvent(
  c: Checker,
  k: KindSpec,
  type: protobuf.Type,
  node: YNode,
  path: string,
  statNames: Set<string>,
): void {
  const empty = node.kind === 'scalar' && node.value === null;
  const f = empty
    ? undefined
    : c.fields(node, path, ['originTime', 'unit', 'splitBy'], '{originTime, unit, splitBy} (all optional)');
  if (f?.has('originTime')) {
    const t = readTimeOf(c, f, 'originTime');
    if (t) {
      const r = resolvePath(type, t.time.path.join('.'));
      if ('error' in r) c.fail(t.at, keyPath(path, 'originTime'), r.error);
      else if (r.list || !isNumeric(scalarTypeOf(r.field)))
        c.fail(t.at, keyPath(path, 'originTime'), `${r.names.join('.')} is not a number field`);
      else k.originTime = { path: r.names, unit: t.time.unit };
    }
  } else if (f?.has('unit')) c.fail(f.get('unit')!, f.at('unit'), 'unit goes with originTime');
  const sb = f?.get('splitBy');
  const split = sb && c.str(sb, f!.at('splitBy'), 'a oneof of the event message');
  if (sb && split !== undefined) {
    const oneof = type.oneofs && Object.hasOwn(type.oneofs, split) ? type.oneofs[split] : undefined;
    if (!oneof)
      c.fail(
        sb,
        f!.at('splitBy'),
        `${type.name} has no oneof "${split}"; its oneofs: ${Object.keys(type.oneofs ?? {}).join(', ') || '(none)'}`,
      );
    else k.splitBy = split;
  }
  const own = k.splitBy ? type.oneofs![k.splitBy]!.fieldsArray.map((m) => protobuf.util.camelCase(m.name)) : [k.name];
  for (const n of own) {
    if (statNames.has(n)) c.fail(node, path, `event name "${n}" is used by another event: stats would mix them`);
    statNames.add(n);
  }
}

/** The send time is a top-level number field of the envelope, or of at least one request's message. */
function checkSendTime(
  c: Checker,
  root: protobuf.Root,
  envelope: EnvelopeSpec,
  kinds: KindSpec[],
  t: { time: TimeField; at: YNode },
  path: string,
): boolean {
  if (t.time.path.length !== 1)
    return !!c.fail(t.at, path, 'the send time is a top-level field (of the envelope or of the requests)');
  const name = t.time.path[0]!;
  const carriers: protobuf.Field[] = [];
  if (envelope.mode !== 'typeId') {
    const ef = findField(root.lookupType(envelope.message), name);
    if (ef) carriers.push(ef);
  }
  if (carriers.length === 0) {
    for (const k of kinds) {
      const kf = k.role === 'request' || k.role === 'message' ? findField(root.lookupType(k.message), name) : undefined;
      if (kf) carriers.push(kf);
    }
  }
  if (carriers.length === 0) return !!c.fail(t.at, path, `no request message (nor the envelope) has a field "${name}"`);
  const bad = carriers.find((x) => x.repeated || !isNumeric(scalarTypeOf(x)));
  if (bad) return !!c.fail(t.at, path, `${bad.parent?.name}.${bad.name} is not a number field`);
  t.time.path = [carriers[0]!.name];
  return true;
}

/** match: echo needs the seq field on the envelope, or (typeId mode) on every request and reply it concerns. */
function checkEcho(
  c: Checker,
  f: Fields,
  root: protobuf.Root,
  envelope: EnvelopeSpec,
  kinds: KindSpec[],
  match: MatchSpec,
): void {
  if (match.mode !== 'echo' || match.request === 'header' || match.reply === 'header') return;
  const node = f.get('match')!;
  const check = (type: protobuf.Type, name: string, what: string): string | null => {
    const fld = findField(type, name);
    if (!fld) return `${what} ${type.name} has no field "${name}"`;
    if (fld.repeated || !/^(u?int32|u?int64|fixed32|fixed64)$/.test(scalarTypeOf(fld)))
      return `${type.name}.${fld.name} is not an unsigned integer field`;
    return null;
  };
  if (envelope.mode !== 'typeId') {
    const env = root.lookupType(envelope.message);
    const problem = check(env, match.request[0]!, 'the envelope') ?? check(env, match.reply[0]!, 'the envelope');
    if (problem) c.fail(node, f.at('match'), problem);
    else {
      match.request = [findField(env, match.request[0]!)!.name];
      match.reply = [findField(env, match.reply[0]!)!.name];
    }
    return;
  }
  for (const k of kinds) {
    if (k.role !== 'request' || k.reply < 0) continue;
    const reply = kinds[k.reply]!;
    const problem =
      check(root.lookupType(k.message), match.request[0]!, 'request') ??
      check(root.lookupType(reply.message), match.reply[0]!, 'reply');
    if (problem) c.fail(node, f.at('match'), problem);
  }
}
