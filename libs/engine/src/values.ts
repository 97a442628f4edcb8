import type { FieldValue, LeafType, Template } from '@loadfleet/scenario';
import { isStatic } from './template.js';

/** True when no leaf of the tree holds a placeholder: the message is encoded once per step. */
export function isStaticTree(fields: Record<string, FieldValue>): boolean {
  for (const k in fields) if (!isStaticValue(fields[k]!)) return false;
  return true;
}

function isStaticValue(v: FieldValue): boolean {
  switch (v.kind) {
    case 'value':
      return isStatic(v.template);
    case 'message':
      return isStaticTree(v.fields);
    case 'list':
      return v.items.every(isStaticValue);
    case 'map':
      return v.entries.every((e) => isStaticValue(e.value));
  }
}

/** Renders the templates of message fields (a virtual user does, for its own variables and feeder rows). */
export interface LeafRenderer {
  renderLeaf(t: Template): unknown;
}

const LITERAL: LeafRenderer = {
  renderLeaf: (t) => (t.parts.length === 0 ? '' : (t.parts[0] as { text: string }).text),
};

/** The plain values of a static tree (every template literal). */
export function staticValues(fields: Record<string, FieldValue>): Record<string, unknown> {
  return renderFields(fields, LITERAL);
}

/**
 * The tree as plain values for protobufjs's fromObject: each leaf rendered by
 * `render`, then converted to what its field takes (numbers, enum names or
 * numbers, int64 as text, bytes from hex:/base64:/text).
 */
export function renderFields(fields: Record<string, FieldValue>, render: LeafRenderer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in fields) out[k] = renderValue(fields[k]!, render);
  return out;
}

function renderValue(v: FieldValue, render: LeafRenderer): unknown {
  switch (v.kind) {
    case 'value':
      return convert(render.renderLeaf(v.template), v.as);
    case 'message':
      return renderFields(v.fields, render);
    case 'list':
      return v.items.map((i) => renderValue(i, render));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of v.entries) out[e.key] = renderValue(e.value, render);
      return out;
    }
  }
}

export function convert(value: unknown, as: LeafType): unknown {
  switch (as) {
    case 'string':
      return typeof value === 'string' ? value : String(value ?? '');
    case 'number':
      return typeof value === 'number' ? value : Number(value) || 0;
    case 'int64':
      return typeof value === 'number' ? Math.trunc(value) : /^-?\d+$/.test(String(value)) ? String(value) : 0;
    case 'bool':
      return value === true || value === 'true' || value === 1 || value === '1';
    case 'enum':
      return typeof value === 'number' ? value : /^-?\d+$/.test(String(value)) ? Number(value) : String(value ?? '');
    case 'bytes': {
      const s = typeof value === 'string' ? value : String(value ?? '');
      if (s.startsWith('hex:')) return Buffer.from(s.slice(4), 'hex');
      if (s.startsWith('base64:')) return Buffer.from(s.slice(7), 'base64');
      return Buffer.from(s, 'utf8');
    }
  }
}
