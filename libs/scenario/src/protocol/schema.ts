import protobuf from 'protobufjs';
import { closest, type Checker } from '../check.js';
import type { YNode } from '../source.js';

/**
 * Names as scenarios may write them: a .proto name as the file spells it
 * (`join_room`, `member_count`) or its lowerCamelCase (`joinRoom`, `memberCount`),
 * as proto3's JSON mapping does. Internally, fields go by their .proto names.
 */
export function lowerCamel(name: string): string {
  const c = protobuf.util.camelCase(name);
  return c.charAt(0).toLowerCase() + c.slice(1);
}

/** A field of `type` by its .proto name or its lowerCamelCase. */
export function findField(type: protobuf.Type, name: string): protobuf.Field | undefined {
  if (Object.hasOwn(type.fields, name)) return type.fields[name];
  for (const f of type.fieldsArray) if (lowerCamel(f.name) === name) return f;
  return undefined;
}

/** Every name a field of `type` may be written as, for "did you mean" hints. */
export function fieldNames(type: protobuf.Type): string[] {
  return type.fieldsArray.map((f) => lowerCamel(f.name));
}

/** "string", "uint32", "int64", ..., "enum" or "message". */
export function scalarTypeOf(f: protobuf.Field): string {
  f.resolve();
  if (f.resolvedType instanceof protobuf.Enum) return 'enum';
  if (f.resolvedType instanceof protobuf.Type) return 'message';
  return f.type;
}

export function messageNames(root: protobuf.Root): string[] {
  const out: string[] = [];
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const n of ns.nestedArray) {
      if (n instanceof protobuf.Type) out.push(n.fullName.slice(1));
      if (n instanceof protobuf.Namespace || n instanceof protobuf.Type) walk(n);
    }
  };
  walk(root);
  return out;
}

/** A message type by its full name (`pkg.Login`) or, when unique, its simple name (`Login`). */
export function resolveMessage(c: Checker, root: protobuf.Root, node: YNode, path: string): protobuf.Type | undefined {
  const name = c.str(node, path, 'a message type name');
  if (name === undefined) return undefined;
  const all = messageNames(root);
  if (all.includes(name.replace(/^\./, ''))) return root.lookupType(name.replace(/^\./, ''));
  const bySimple = all.filter((n) => n.split('.').pop() === name);
  if (bySimple.length === 1) return root.lookupType(bySimple[0]!);
  if (bySimple.length > 1) return c.fail(node, path, `"${name}" is ambiguous: write one of ${bySimple.join(', ')}`);
  const simple = all.map((n) => n.split('.').pop()!);
  const hint = closest(name, simple) ?? closest(name, all);
  return c.fail(node, path, `no message type "${name}" in the .proto files${hint ? ` (did you mean ${hint}?)` : ''}`);
}

/** A top-level field of `type` named by `node`. */
export function fieldOf(c: Checker, type: protobuf.Type, node: YNode, path: string): protobuf.Field | undefined {
  const name = c.str(node, path, 'a field name');
  if (name === undefined) return undefined;
  const f = findField(type, name);
  if (f) return f;
  return c.fail(node, path, noField(type, name));
}

export function noField(type: protobuf.Type, name: string): string {
  const hint =
    closest(name, fieldNames(type)) ??
    closest(
      name,
      type.fieldsArray.map((f) => f.name),
    );
  const list = fieldNames(type).join(', ') || '(none)';
  return `${type.name} has no field "${name}"${hint ? ` (did you mean ${hint}?)` : ''}; its fields: ${list}`;
}

export interface ResolvedPath {
  /** .proto names (and list indexes) from the message down to the field. */
  names: string[];
  field: protobuf.Field;
  /** True when the path ends on a whole repeated field (no index). */
  list: boolean;
}

/**
 * A field path into `type` (`meta.origin_time_us`, `members[0].name`, `items.0`),
 * names in either spelling, or the reason it names nothing.
 */
export function resolvePath(type: protobuf.Type, path: string): ResolvedPath | { error: string } {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const names: string[] = [];
  let cur: protobuf.Type | null = type;
  let field: protobuf.Field | undefined;
  /** After a repeated field: the element type, waiting for its index. */
  let element: protobuf.Type | null | undefined;
  for (const part of parts) {
    if (element !== undefined) {
      if (!/^\d+$/.test(part))
        return { error: `"${path}": ${names.join('.')} is a list: write ${names.join('.')}[0].${part}` };
      names.push(part);
      cur = element;
      element = undefined;
      continue;
    }
    if (cur === null) return { error: `"${path}": ${names.join('.')} is a ${field!.type}, it has no field "${part}"` };
    field = findField(cur, part);
    if (!field) return { error: noField(cur, part) };
    names.push(field.name);
    field.resolve();
    const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : null;
    if (field.repeated && !field.map) element = nested;
    else cur = nested;
  }
  if (!field) return { error: `"${path}" names no field` };
  return { names, field, list: element !== undefined };
}

/** True for the scalar types a time or a seq may be carried in. */
export function isNumeric(type: string): boolean {
  return /^(u?int(32|64)|sint(32|64)|s?fixed(32|64)|double|float)$/.test(type);
}
