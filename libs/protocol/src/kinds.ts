import protobuf from 'protobufjs';
import type { KindRole, ProtocolSpec } from './spec.js';
import { UNIT_MS } from './spec.js';
import { wireTableOf, type WireTable } from './wire-scan.js';

/** A message kind compiled for the hot path: its type, wire table and the numbers the peek reads. */
export interface Kind {
  readonly index: number;
  readonly name: string;
  readonly alias: string | null;
  readonly role: KindRole;
  /** Index of the reply kind (requests), -1 when never answered. */
  readonly reply: number;
  readonly type: protobuf.Type;
  readonly table: WireTable;
  /** Field number of the echoed seq in the kind's own message (typeId mode with an echo field); 0 for none. */
  readonly seqField: number;
  /** The oneof member (oneof mode) or type id / enum number (other modes). */
  readonly member: string | null;
  readonly id: number;
  /** Events: origin time as field numbers and names from the kind's message, its scalar type, ms per unit. */
  readonly origin: CompiledPath | null;
  readonly originMsPerUnit: number;
  /** Events split by a oneof: its name, and for each member field number the event stats index. */
  readonly splitOneof: string | null;
  readonly splitByField: Map<number, number>;
  readonly splitByName: Map<string, number>;
  /** Events without a split: the event stats index of the kind itself; -1 otherwise. */
  readonly eventIndex: number;
}

/** A field path resolved to numbers (for the wire scan) and names (for decoded objects). */
export interface CompiledPath {
  numbers: number[];
  names: string[];
  /** Scalar type of the last field ("double", "int64", "enum", ...). */
  type: string;
}

/** Resolves a path of field names (already validated) through nested message types. */
export function compilePath(type: protobuf.Type, names: readonly string[]): CompiledPath {
  const numbers: number[] = [];
  let cur: protobuf.Type = type;
  let last: protobuf.Field | undefined;
  for (const name of names) {
    last = cur.fields[name];
    if (!last) throw new Error(`no field ${name} in ${cur.fullName}`);
    last.resolve();
    numbers.push(last.id);
    if (last.resolvedType instanceof protobuf.Type) cur = last.resolvedType;
  }
  const t = last!.resolvedType instanceof protobuf.Enum ? 'enum' : last!.type;
  return { numbers, names: [...names], type: t };
}

/**
 * Every kind of the spec, compiled; and the stats names of event kinds (split ones by
 * their members; the binding reader has made sure the names are distinct).
 */
export function compileKinds(spec: ProtocolSpec, root: protobuf.Root): { kinds: Kind[]; eventNames: string[] } {
  const cache = new Map<protobuf.Type, WireTable>();
  const eventNames: string[] = [];
  const seqName = spec.match.mode === 'echo' && spec.match.reply !== 'header' ? spec.match.reply[0]! : '';
  const kinds = spec.kinds.map((k, index) => {
    const type = root.lookupType(k.message);
    const splitByField = new Map<number, number>();
    const splitByName = new Map<string, number>();
    let eventIndex = -1;
    if (k.role === 'event') {
      if (k.splitBy) {
        for (const f of type.oneofs[k.splitBy]!.fieldsArray) {
          const i = eventNames.length;
          eventNames.push(protobuf.util.camelCase(f.name));
          splitByField.set(f.id, i);
          splitByName.set(f.name, i);
        }
      } else {
        eventIndex = eventNames.length;
        eventNames.push(k.name);
      }
    }
    const seqField = seqName && spec.envelope.mode === 'typeId' ? (type.fields[seqName]?.id ?? 0) : 0;
    return {
      index,
      seqField,
      name: k.name,
      alias: k.alias,
      role: k.role,
      reply: k.reply,
      type,
      table: wireTableOf(type, cache),
      member: k.member,
      id: k.id,
      origin: k.originTime ? compilePath(type, k.originTime.path) : null,
      originMsPerUnit: k.originTime ? UNIT_MS[k.originTime.unit] : 0,
      splitOneof: k.splitBy,
      splitByField,
      splitByName,
      eventIndex,
    } satisfies Kind;
  });
  return { kinds, eventNames };
}
