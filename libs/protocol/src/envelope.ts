import protobuf from 'protobufjs';
import type { Kind } from './kinds.js';
import type { ProtocolSpec } from './spec.js';
import { wireTableOf, type WireTable } from './wire-scan.js';

/** How a frame's payload is laid out, compiled from the binding's envelope and match sections. */
export type EnvelopeShape = TypeIdShape | OneofShape | FieldShape;

interface ShapeBase {
  /** Field number of the seq a reply echoes on the envelope; 0 for none (typeId mode: see Kind.seqField). */
  seqField: number;
  seqFieldName: string;
}
export interface TypeIdShape extends ShapeBase {
  mode: 'typeId';
  kindByTypeId: Map<number, Kind>;
}
export interface OneofShape extends ShapeBase {
  mode: 'oneof';
  type: protobuf.Type;
  table: WireTable;
  oneof: string;
  /** Member field number -> kind, and member name -> kind. */
  kindByField: Map<number, Kind>;
  kindByMember: Map<string, Kind>;
}
export interface FieldShape extends ShapeBase {
  mode: 'field';
  type: protobuf.Type;
  table: WireTable;
  kindField: number;
  kindFieldName: string;
  kindFieldType: string;
  payloadField: number;
  payloadFieldName: string;
  /** Enum (or integer) value of the kind field -> kind. */
  kindByTypeId: Map<number, Kind>;
}

export function compileEnvelope(spec: ProtocolSpec, root: protobuf.Root, kinds: readonly Kind[]): EnvelopeShape {
  const env = spec.envelope;
  const seqName = spec.match.mode === 'echo' && spec.match.reply !== 'header' ? spec.match.reply[0]! : '';
  if (env.mode === 'typeId') {
    return { mode: 'typeId', kindByTypeId: new Map(kinds.map((k) => [k.id, k])), seqField: 0, seqFieldName: seqName };
  }
  const type = root.lookupType(env.message);
  const table = wireTableOf(type);
  const seqField = seqName ? type.fields[seqName]!.id : 0;
  if (env.mode === 'oneof') {
    const kindByField = new Map<number, Kind>();
    const kindByMember = new Map<string, Kind>();
    for (const k of kinds) {
      kindByField.set(type.fields[k.member!]!.id, k);
      kindByMember.set(k.member!, k);
    }
    return { mode: 'oneof', type, table, oneof: env.oneof, kindByField, kindByMember, seqField, seqFieldName: seqName };
  }
  const kindField = type.fields[env.kindField]!;
  kindField.resolve();
  return {
    mode: 'field',
    type,
    table,
    kindField: kindField.id,
    kindFieldName: env.kindField,
    kindFieldType: kindField.resolvedType instanceof protobuf.Enum ? 'enum' : kindField.type,
    payloadField: type.fields[env.payloadField]!.id,
    payloadFieldName: env.payloadField,
    kindByTypeId: new Map(kinds.map((k) => [k.id, k])),
    seqField,
    seqFieldName: seqName,
  };
}
