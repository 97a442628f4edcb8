import protobuf from 'protobufjs';
import type {
  EnvelopeSpec,
  FramingSpec,
  HeaderField,
  KindSpec,
  MatchSpec,
  TimeField,
  TimeUnit,
} from '@loadfleet/protocol';
import { closest, type Checker, type Fields } from '../check.js';
import { indexPath } from '../paths.js';
import type { YNode } from '../source.js';
import { fieldOf, lowerCamel, messageNames, resolveMessage, scalarTypeOf } from './schema.js';

/** What protocol.yaml says, read and checked against the .proto files; roles are added by roles.ts. */
export interface BindingBase {
  name: string;
  framing: FramingSpec;
  envelope: EnvelopeSpec;
  kinds: KindSpec[];
  match: MatchSpec;
}

const KIND_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const UNITS: readonly TimeUnit[] = ['s', 'ms', 'us', 'ns'];
const MAX_FRAME = { min: 16, max: 64 * 1024 * 1024, integer: true };
const WIDTHS = [1, 2, 4] as const;

/** `framing:` -> the header fields in wire order and the frame size limit. */
export function readFraming(c: Checker, f: Fields): FramingSpec | undefined {
  const node = f.req('framing', '{length, header, maxFrame}');
  if (!node) return undefined;
  const g = c.fields(node, f.at('framing'), ['length', 'header', 'maxFrame'], '{length, header, maxFrame}');
  if (!g) return undefined;
  const maxFrameBytes = g.opt('maxFrame', 64 * 1024, (n, p) => readSize(c, n, p));
  let header: HeaderField[] | undefined;
  const length = g.get('length');
  const fields = g.get('header');
  if (length && fields) return c.fail(length, g.at('length'), 'give the length either here or inside header, not both');
  if (length) {
    const l = readLength(c, length, g.at('length'));
    header = l && [l];
  } else if (fields) {
    const items = c.list(
      fields,
      g.at('header'),
      'a list of header fields (length, typeId, seq, magic, version, reserved)',
    );
    if (items) header = readHeader(c, items, g.at('header'), fields);
  } else return c.fail(node, g.at('length'), 'missing required field (expected varint or {bytes, endian, counts})');
  if (!header || maxFrameBytes === undefined) return undefined;
  return { header, maxFrameBytes };
}

function readSize(c: Checker, node: YNode, path: string): number | undefined {
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v === 'string') {
    const m = /^(\d+)\s*(B|KiB|MiB)?$/.exec(v.trim());
    const n = m ? Number(m[1]) * (m[2] === 'MiB' ? 1024 * 1024 : m[2] === 'KiB' ? 1024 : 1) : NaN;
    if (Number.isInteger(n) && n >= MAX_FRAME.min && n <= MAX_FRAME.max) return n;
    return c.expected(node, path, 'a size in bytes from 16 to 64 MiB (65536, 64KiB, 1MiB)');
  }
  return c.num(node, path, MAX_FRAME, 'a size in bytes (65536, 64KiB, 1MiB)');
}

function readLength(c: Checker, node: YNode, path: string): HeaderField | undefined {
  if (node.kind === 'scalar' && node.value === 'varint') return { kind: 'varint-length' };
  const f = c.fields(node, path, ['bytes', 'endian', 'counts'], 'varint or {bytes, endian, counts}');
  if (!f) return undefined;
  const width = readWidth(c, f);
  const endian = f.opt('endian', 'big' as const, (n, p) => c.oneOf(n, p, ['big', 'little'] as const));
  const counts = f.opt('counts', 'payload' as const, (n, p) => c.oneOf(n, p, ['payload', 'frame', 'rest'] as const));
  if (!width || !endian || !counts) return undefined;
  return { kind: 'length', bytes: width, endian, counts };
}

function readWidth(c: Checker, f: Fields): 1 | 2 | 4 | undefined {
  const n = f.req('bytes', '1, 2 or 4');
  const v = n && c.num(n, f.at('bytes'), { min: 1, max: 4, integer: true });
  if (v === undefined) return undefined;
  if (!(WIDTHS as readonly number[]).includes(v)) return c.expected(n!, f.at('bytes'), '1, 2 or 4');
  return v as 1 | 2 | 4;
}

const HEADER_KINDS = ['length', 'typeId', 'seq', 'magic', 'version', 'reserved'] as const;

function readHeader(c: Checker, items: YNode[], path: string, at: YNode): HeaderField[] | undefined {
  const out: HeaderField[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const p = indexPath(path, i);
    const f = c.fields(item, p, HEADER_KINDS, `one of ${HEADER_KINDS.join(', ')}`);
    const key = item.kind === 'map' && item.entries.length === 1 ? item.entries[0]!.key : undefined;
    if (!f || !key) {
      ok = false;
      if (f) c.fail(item, p, `a header field is one of ${HEADER_KINDS.join(', ')}, written as "name: options"`);
      return;
    }
    const field = readHeaderField(c, key as (typeof HEADER_KINDS)[number], f.get(key)!, f.at(key));
    if (field) out.push(field);
    else ok = false;
  });
  if (!ok) return undefined;
  const count = (k: HeaderField['kind']) => out.filter((h) => h.kind === k).length;
  if (count('length') !== 1) return c.fail(at, path, 'a header has exactly one length field');
  if (count('typeId') > 1 || count('seq') > 1) return c.fail(at, path, 'a header has at most one typeId and one seq');
  return out;
}

function readHeaderField(
  c: Checker,
  key: (typeof HEADER_KINDS)[number],
  node: YNode,
  path: string,
): HeaderField | undefined {
  switch (key) {
    case 'length': {
      const l = readLength(c, node, path);
      if (l?.kind === 'varint-length')
        return c.fail(node, path, 'a varint length cannot share a header: use {bytes, endian}');
      return l;
    }
    case 'typeId':
    case 'seq': {
      const f = c.fields(node, path, ['bytes', 'endian'], '{bytes, endian}');
      const width = f && readWidth(c, f);
      const endian = f?.opt('endian', 'big' as const, (n, p) => c.oneOf(n, p, ['big', 'little'] as const));
      return width && endian ? { kind: key, bytes: width, endian } : undefined;
    }
    case 'magic':
    case 'version': {
      // magic: "0xCAFE" (hex, its width is its digits); version: {bytes, value}
      if (node.kind === 'scalar' && typeof node.value === 'string' && /^0x([0-9A-Fa-f]{2}){1,16}$/.test(node.value)) {
        return { kind: 'const', name: key, hex: node.value.slice(2).toLowerCase() };
      }
      const f = c.fields(node, path, ['bytes', 'value'], 'hex bytes ("0xCAFE") or {bytes, value}');
      const width = f && readWidth(c, f);
      const vn = f?.req('value', 'the number every frame carries');
      const value = vn && width && c.num(vn, f!.at('value'), { min: 0, max: 2 ** (8 * width) - 1, integer: true });
      if (value === undefined || !width) return undefined;
      return { kind: 'const', name: key, hex: value.toString(16).padStart(2 * width, '0') };
    }
    case 'reserved': {
      const bytes = c.num(node, path, { min: 1, max: 64, integer: true }, 'a number of bytes');
      return bytes === undefined ? undefined : { kind: 'skip', bytes };
    }
  }
}

/** `envelope:` and (in typeId and field modes) `kinds:` -> the envelope and every kind, unassigned roles. */
export function readEnvelope(
  c: Checker,
  f: Fields,
  root: protobuf.Root,
  framing: FramingSpec | undefined,
): { envelope: EnvelopeSpec; kinds: KindSpec[] } | undefined {
  const node = f.req('envelope', 'typeId, {message, oneof} or {message, kindField, payloadField}');
  if (!node) return undefined;
  const path = f.at('envelope');
  const hasTypeId = framing?.header.some((h) => h.kind === 'typeId') ?? false;
  if (node.kind === 'scalar' && node.value === 'typeId') {
    if (framing && !hasTypeId) return c.fail(node, path, 'envelope typeId needs a typeId field in framing.header');
    const kinds = readIdKinds(c, f, root, null);
    return kinds && { envelope: { mode: 'typeId' }, kinds };
  }
  const g = c.fields(
    node,
    path,
    ['message', 'oneof', 'kindField', 'payloadField'],
    '{message, oneof} or {message, kindField, payloadField}',
  );
  if (!g) return undefined;
  const mn = g.req('message', 'the envelope message type');
  const type = mn && resolveMessage(c, root, mn, g.at('message'));
  if (!type) return undefined;
  if (g.has('oneof')) {
    const on = g.get('oneof')!;
    const oneofs = Object.keys(type.oneofs ?? {});
    const name = c.str(on, g.at('oneof'), 'a oneof of the envelope');
    if (name === undefined) return undefined;
    const oneof = type.oneofs && Object.hasOwn(type.oneofs, name) ? type.oneofs[name] : undefined;
    if (!oneof) {
      const hint = closest(name, oneofs);
      return c.fail(
        on,
        g.at('oneof'),
        `${type.fullName.slice(1)} has no oneof "${name}"${hint ? ` (did you mean ${hint}?)` : ''}; its oneofs: ${oneofs.join(', ') || '(none)'}`,
      );
    }
    if (f.has('kinds'))
      c.fail(f.get('kinds')!, f.at('kinds'), 'in oneof mode the kinds are the oneof members: remove kinds');
    const kinds: KindSpec[] = [];
    for (const m of oneof.fieldsArray) {
      m.resolve();
      if (!(m.resolvedType instanceof protobuf.Type)) {
        c.fail(on, g.at('oneof'), `oneof member ${m.name} is a ${m.type}, not a message: every kind must be a message`);
        continue;
      }
      kinds.push(newKind(lowerCamel(m.name), m.name, m.resolvedType.fullName.slice(1), m.name, m.id));
    }
    return { envelope: { mode: 'oneof', message: type.fullName.slice(1), oneof: name }, kinds };
  }
  const kf = g.req('kindField', 'the envelope field that names the kind (an enum or an integer)');
  const pf = g.req('payloadField', 'the bytes field that holds the kind message');
  const kindField = kf && fieldOf(c, type, kf, g.at('kindField'));
  const payloadField = pf && fieldOf(c, type, pf, g.at('payloadField'));
  if (kindField) {
    const t = scalarTypeOf(kindField);
    if (t !== 'enum' && !/^u?int32$|^fixed32$/.test(t))
      c.fail(kf!, g.at('kindField'), `${kindField.name} is a ${t}, expected an enum or a 32-bit integer field`);
  }
  if (payloadField && payloadField.type !== 'bytes')
    c.fail(pf!, g.at('payloadField'), `${payloadField.name} is a ${payloadField.type}, expected a bytes field`);
  if (!kindField || !payloadField) return undefined;
  const kinds = readIdKinds(
    c,
    f,
    root,
    kindField.resolvedType instanceof protobuf.Enum ? kindField.resolvedType : null,
  );
  if (!kinds) return undefined;
  return {
    envelope: {
      mode: 'field',
      message: type.fullName.slice(1),
      kindField: kindField.name,
      payloadField: payloadField.name,
    },
    kinds,
  };
}

/** `kinds: {<id>: Message | {message, name}}`; ids are numbers, or enum value names when the kind field is an enum. */
function readIdKinds(c: Checker, f: Fields, root: protobuf.Root, ids: protobuf.Enum | null): KindSpec[] | undefined {
  const node = f.req('kinds', 'a mapping of type id -> message');
  if (!node) return undefined;
  if (node.kind !== 'map' || node.entries.length === 0)
    return c.expected(node, f.at('kinds'), 'a mapping of type id -> message');
  const kinds: KindSpec[] = [];
  const names = new Set<string>();
  const seenIds = new Set<number>();
  for (const { key, at, value } of node.entries) {
    const p = `${f.at('kinds')}[${JSON.stringify(key)}]`;
    let id: number | undefined = /^\d+$/.test(key) ? Number(key) : undefined;
    if (id === undefined && ids && Object.hasOwn(ids.values, key)) id = ids.values[key];
    if (id === undefined || id > 0xffffffff) {
      const hint = ids ? closest(key, Object.keys(ids.values)) : undefined;
      c.fail(
        at,
        p,
        ids ? `not a value of ${ids.name}${hint ? ` (did you mean ${hint}?)` : ''}` : 'a type id is a whole number',
      );
      continue;
    }
    if (seenIds.has(id)) c.fail(at, p, `type id ${id} is given twice`);
    seenIds.add(id);
    const g = value.kind === 'map' ? c.fields(value, p, ['message', 'name'], '{message, name}') : undefined;
    const mn = g ? g.req('message', 'a message type') : value;
    const type = mn && resolveMessage(c, root, mn, g ? g.at('message') : p);
    const named = g?.get('name');
    const name = named
      ? c.str(named, g!.at('name'), 'a kind name (letters, digits, _)', KIND_NAME)
      : type && lowerCamel(type.name);
    if (!type || !name) continue;
    if (names.has(name)) c.fail(named ?? value, p, `kind name "${name}" is used twice: give one of them a name`);
    names.add(name);
    kinds.push(newKind(name, null, type.fullName.slice(1), null, id));
  }
  return kinds;
}

function newKind(name: string, protoName: string | null, message: string, member: string | null, id: number): KindSpec {
  return {
    name,
    alias: protoName !== null && protoName !== name ? protoName : null,
    message,
    member,
    id,
    role: 'message',
    reply: -1,
    originTime: null,
    splitBy: null,
  };
}

/** `match:` echo (a field, {request, reply} fields, or header), fifo or none. */
export function readMatch(c: Checker, f: Fields, framing: FramingSpec | undefined): MatchSpec | undefined {
  const node = f.req('match', 'echo: <field>, fifo or none');
  if (!node) return undefined;
  const path = f.at('match');
  if (node.kind === 'scalar' && (node.value === 'fifo' || node.value === 'none')) return { mode: node.value };
  const g = c.fields(node, path, ['echo'], 'echo: <field>, fifo or none');
  const e = g?.req('echo', 'a field name, {request, reply} or header');
  if (!g || !e) return undefined;
  const hasSeq = framing?.header.some((h) => h.kind === 'seq') ?? false;
  if (e.kind === 'scalar' && e.value === 'header') {
    if (framing && !hasSeq) return c.fail(e, g.at('echo'), 'echo: header needs a seq field in framing.header');
    return { mode: 'echo', request: 'header', reply: 'header' };
  }
  if (e.kind === 'scalar') {
    const name = c.str(e, g.at('echo'), 'a field name');
    return name === undefined ? undefined : { mode: 'echo', request: [name], reply: [name] };
  }
  const h = c.fields(e, g.at('echo'), ['request', 'reply'], '{request, reply}');
  const rq = h?.req('request', 'the request field carrying the seq');
  const rp = h?.req('reply', 'the reply field echoing it');
  const request = rq && c.str(rq, h!.at('request'), 'a field name');
  const reply = rp && c.str(rp, h!.at('reply'), 'a field name');
  return request && reply ? { mode: 'echo', request: [request], reply: [reply] } : undefined;
}

/** `{field: a.b, unit: us}` -> a time field (its path is checked by the caller against the right message). */
export function readTime(c: Checker, node: YNode, path: string): { time: TimeField; at: YNode } | undefined {
  const f = c.fields(node, path, ['field', 'unit'], '{field, unit}');
  return f && readTimeOf(c, f, 'field');
}

/** The time field named by `f[fieldKey]`, with `f.unit` (ms by default). */
export function readTimeOf(c: Checker, f: Fields, fieldKey: string): { time: TimeField; at: YNode } | undefined {
  const fn = f.req(fieldKey, 'a field path');
  const p =
    fn && c.str(fn, f.at(fieldKey), 'a field path (a.b.c)', /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/);
  const unit = f.opt('unit', 'ms' as TimeUnit, (n, q) => c.oneOf(n, q, UNITS));
  if (p === undefined || !unit) return undefined;
  return { time: { path: p.split('.'), unit }, at: fn! };
}

export { messageNames };
