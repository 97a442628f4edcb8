import protobuf from 'protobufjs';
import type { FieldValue, LeafType } from '../plan.js';
import { indexPath, keyPath } from '../paths.js';
import type { YNode } from '../source.js';
import { literalText } from '../templates.js';
import type { StepEnv } from '../values.js';
import { readTemplate } from '../values.js';
import { findField, noField, scalarTypeOf } from './schema.js';

const MAX_LIST_ITEMS = 10_000;

/**
 * A send step's `fields:` against the message type: every name a field of it
 * (either spelling), nested messages as mappings, repeated fields as lists, maps
 * as mappings, and each literal checked against its field's type. Placeholders
 * are checked when rendered (a value that does not convert becomes the default).
 */
export function readFieldValues(
  env: StepEnv,
  node: YNode,
  path: string,
  type: protobuf.Type,
): Record<string, FieldValue> | undefined {
  const { c } = env;
  if (node.kind !== 'map') return c.expected(node, path, `a mapping of ${type.name} field -> value`);
  const out: Record<string, FieldValue> = {};
  let ok = true;
  for (const { key, at, value } of node.entries) {
    const p = keyPath(path, key);
    const field = findField(type, key);
    if (!field) {
      c.fail(at, p, noField(type, key));
      ok = false;
      continue;
    }
    if (Object.hasOwn(out, field.name)) {
      c.fail(at, p, `${field.name} is given twice (as ${key})`);
      ok = false;
      continue;
    }
    const v = readField(env, value, p, field);
    if (v === undefined) ok = false;
    else out[field.name] = v;
  }
  return ok ? out : undefined;
}

function readField(env: StepEnv, node: YNode, path: string, field: protobuf.Field): FieldValue | undefined {
  const { c } = env;
  field.resolve();
  if (field.map) {
    const mf = field as unknown as protobuf.MapField;
    if (node.kind !== 'map')
      return c.expected(node, path, `a mapping (${field.name} is a map<${mf.keyType}, ${mf.type}>)`);
    const entries: { key: string; value: FieldValue }[] = [];
    for (const e of node.entries) {
      const v = readSingle(env, e.value, keyPath(path, e.key), field);
      if (v === undefined) return undefined;
      entries.push({ key: e.key, value: v });
    }
    return { kind: 'map', entries };
  }
  if (field.repeated) {
    if (node.kind !== 'seq') return c.expected(node, path, `a list (${field.name} is repeated)`);
    if (node.items.length > MAX_LIST_ITEMS)
      return c.fail(node, path, `too many items (the limit is ${MAX_LIST_ITEMS})`);
    const items = node.items.map((item, i) => readSingle(env, item, indexPath(path, i), field));
    return items.every((i) => i !== undefined) ? { kind: 'list', items: items as FieldValue[] } : undefined;
  }
  return readSingle(env, node, path, field);
}

function readSingle(env: StepEnv, node: YNode, path: string, field: protobuf.Field): FieldValue | undefined {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    const fields = readFieldValues(env, node, path, resolved);
    return fields && { kind: 'message', fields };
  }
  const type = scalarTypeOf(field);
  const template = readTemplate(env, node, path);
  if (!template) return undefined;
  const literal = literalText(template);
  if (literal !== undefined) {
    const problem = checkLiteral(literal, type, resolved instanceof protobuf.Enum ? resolved : null);
    if (problem) return env.c.expected(node, path, problem);
  }
  return { kind: 'value', template, as: leafTypeOf(type) };
}

export function leafTypeOf(type: string): LeafType {
  if (type === 'string') return 'string';
  if (type === 'bool') return 'bool';
  if (type === 'bytes') return 'bytes';
  if (type === 'enum') return 'enum';
  if (/64$/.test(type)) return 'int64';
  return 'number';
}

const INT_RANGES: Readonly<Record<string, [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
};

/** What a literal of `type` must look like, when `text` is not one; null when it is. */
function checkLiteral(text: string, type: string, values: protobuf.Enum | null): string | null {
  switch (type) {
    case 'string':
      return null;
    case 'bool':
      return text === 'true' || text === 'false' ? null : 'true or false';
    case 'bytes':
      if (text.startsWith('hex:'))
        return /^hex:([0-9A-Fa-f]{2})*$/.test(text) ? null : 'hex: and an even number of hex digits';
      if (text.startsWith('base64:'))
        return /^base64:[A-Za-z0-9+/]*={0,2}$/.test(text) ? null : 'base64: and base64 text';
      return null;
    case 'enum':
      if (values && (Object.hasOwn(values.values, text) || /^-?\d+$/.test(text))) return null;
      return `one of ${Object.keys(values?.values ?? {}).join(', ')} (or its number)`;
    case 'double':
    case 'float':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? null : 'a number';
    default: {
      const range = INT_RANGES[type];
      if (range) {
        const n = Number(text);
        return /^-?\d+$/.test(text) && n >= range[0] && n <= range[1]
          ? null
          : `an integer from ${range[0]} to ${range[1]}`;
      }
      // 64-bit integers: any integer within the type's range, as text if beyond 2^53.
      if (!/^-?\d+$/.test(text)) return 'an integer';
      const big = BigInt(text);
      const unsigned = type === 'uint64' || type === 'fixed64';
      const ok = unsigned ? big >= 0n && big < 2n ** 64n : big >= -(2n ** 63n) && big < 2n ** 63n;
      return ok ? null : unsigned ? 'an integer from 0 to 2^64-1' : 'an integer from -2^63 to 2^63-1';
    }
  }
}
