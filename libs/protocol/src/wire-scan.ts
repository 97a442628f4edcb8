import protobuf from 'protobufjs';

/**
 * A strict reader of protobuf wire bytes, driven by the schema, that never
 * allocates. It answers whether a message is well-formed in every byte (each
 * known field of the wire type its declaration gives, unknown fields skippable,
 * every length inside its message, nested messages exactly filled), and reads a
 * few numbers out of such a message.
 *
 * It exists for the hot path (peek.ts): what it accepts, protobufjs decodes to the
 * same values, because on well-formed input protobufjs has only one reading. Where
 * protobufjs is lenient or quirky (varints longer than their type, wrong wire
 * types read anyway, groups, missing required fields, lengths that leave a nested
 * message), the scan says "not well-formed" and the caller decodes in full.
 * The numeric readers copy protobufjs's own arithmetic, so values agree bit for bit.
 */

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;
/** Deeper nesting is left to the full decoder. */
const MAX_DEPTH = 32;

/** The expected wire types of one message type's fields, by field number. */
export interface WireTable {
  /** Field number -> rule; unknown numbers are skipped by wire type. */
  readonly rules: Map<number, FieldRule>;
  /** False when the type has proto2 required fields: the scan cannot vouch for their presence. */
  readonly scannable: boolean;
}

export interface FieldRule {
  wire: number;
  /** A repeated scalar: its elements may also come packed (wire type 2). */
  packable: boolean;
  /** Message fields (and map entries): the nested table. */
  nested: WireTable | null;
  /** The scalar type name, for reading numbers ("double", "int64", ...). */
  type: string;
}

const WIRE_OF: Readonly<Record<string, number>> = {
  double: WIRE_I64,
  float: WIRE_I32,
  int32: WIRE_VARINT,
  uint32: WIRE_VARINT,
  sint32: WIRE_VARINT,
  int64: WIRE_VARINT,
  uint64: WIRE_VARINT,
  sint64: WIRE_VARINT,
  fixed32: WIRE_I32,
  sfixed32: WIRE_I32,
  fixed64: WIRE_I64,
  sfixed64: WIRE_I64,
  bool: WIRE_VARINT,
  string: WIRE_LEN,
  bytes: WIRE_LEN,
};

/** The tables of a type and every type it contains (cycles share their table). */
export function wireTableOf(type: protobuf.Type, cache = new Map<protobuf.Type, WireTable>()): WireTable {
  const cached = cache.get(type);
  if (cached) return cached;
  const rules = new Map<number, FieldRule>();
  const table: WireTable = { rules, scannable: !type.fieldsArray.some((f) => f.required) };
  cache.set(type, table);
  for (const f of type.fieldsArray) {
    f.resolve();
    if (f.map) {
      const mf = f as unknown as protobuf.MapField;
      const entry: WireTable = { rules: new Map(), scannable: true };
      entry.rules.set(1, scalarRule(mf.keyType));
      entry.rules.set(2, ruleOf(mf.type, mf.resolvedType, false, cache));
      rules.set(f.id, { wire: WIRE_LEN, packable: false, nested: entry, type: 'map' });
      continue;
    }
    rules.set(f.id, ruleOf(f.type, f.resolvedType, f.repeated, cache));
  }
  return table;
}

function ruleOf(
  typeName: string,
  resolved: protobuf.Type | protobuf.Enum | null,
  repeated: boolean,
  cache: Map<protobuf.Type, WireTable>,
): FieldRule {
  if (resolved instanceof protobuf.Type) {
    return { wire: WIRE_LEN, packable: false, nested: wireTableOf(resolved, cache), type: 'message' };
  }
  const rule = resolved instanceof protobuf.Enum ? scalarRule('int32') : scalarRule(typeName);
  rule.packable = repeated && rule.wire !== WIRE_LEN;
  if (resolved instanceof protobuf.Enum) rule.type = 'enum';
  return rule;
}

function scalarRule(typeName: string): FieldRule {
  const wire = WIRE_OF[typeName];
  if (wire === undefined) throw new Error(`not a scalar type: ${typeName}`);
  return { wire, packable: false, nested: null, type: typeName };
}

// --- varints, as protobufjs reads them ---------------------------------------------------

/** Where the last varint read ended; -1 when it was malformed or ran past its end. */
export let varintEnd = 0;

/**
 * A 32-bit varint (tags, lengths, int32/uint32/enum/bool values), terminated within 5
 * bytes: protobufjs's uint32(), which keeps only 4 bits of the fifth byte. Longer ones are
 * read by protobufjs differently (it skips 5 more bytes blindly): those are refused here.
 */
export function readVarint32(p: Uint8Array, pos: number, end: number): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (pos >= end) break;
    const b = p[pos++]!;
    value = (value | ((b & (i === 4 ? 15 : 127)) << (7 * i))) >>> 0;
    if (b < 128) {
      varintEnd = pos;
      return value;
    }
  }
  varintEnd = -1;
  return 0;
}

/** Low and high halves of the last 64-bit varint read by readVarint64. */
export let lo = 0;
export let hi = 0;

/** A 64-bit varint terminated within 10 bytes, into `lo`/`hi` with protobufjs's readLongVarint arithmetic. */
export function readVarint64(p: Uint8Array, pos: number, end: number): void {
  lo = 0;
  hi = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) break;
    const b = p[pos++]!;
    if (i < 4) lo = (lo | ((b & 127) << (i * 7))) >>> 0;
    else if (i === 4) {
      lo = (lo | ((b & 127) << 28)) >>> 0;
      hi = (hi | ((b & 127) >> 4)) >>> 0;
    } else hi = (hi | ((b & 127) << ((i - 5) * 7 + 3))) >>> 0;
    if (b < 128) {
      varintEnd = pos;
      return;
    }
  }
  varintEnd = -1;
}

// --- well-formedness -------------------------------------------------------------------

/** True when p[pos, end) is a well-formed message of `table` (see the file comment). */
export function wellFormed(p: Uint8Array, pos: number, end: number, table: WireTable, depth = 0): boolean {
  if (!table.scannable || depth > MAX_DEPTH) return false;
  while (pos < end) {
    const tag = readVarint32(p, pos, end);
    if (varintEnd < 0) return false;
    pos = varintEnd;
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 0) return false;
    const rule = table.rules.get(field);
    if (rule !== undefined && wire !== rule.wire && !(rule.packable && wire === WIRE_LEN)) return false;
    switch (wire) {
      case WIRE_VARINT:
        readVarint64(p, pos, end);
        if (varintEnd < 0) return false;
        // A 32-bit field's value must also be a varint protobufjs reads as 32 bits.
        if (rule !== undefined && is32(rule.type) && varintEnd - pos > 5) return false;
        pos = varintEnd;
        break;
      case WIRE_I64:
        pos += 8;
        if (pos > end) return false;
        break;
      case WIRE_I32:
        pos += 4;
        if (pos > end) return false;
        break;
      case WIRE_LEN: {
        const len = readVarint32(p, pos, end);
        if (varintEnd < 0 || varintEnd + len > end) return false;
        const start = varintEnd;
        pos = start + len;
        if (rule === undefined) break;
        if (rule.nested !== null) {
          if (!wellFormed(p, start, pos, rule.nested, depth + 1)) return false;
        } else if (rule.packable && !packedWellFormed(p, start, pos, rule)) return false;
        break;
      }
      default:
        return false;
    }
  }
  return pos === end;
}

function is32(type: string): boolean {
  return type === 'int32' || type === 'uint32' || type === 'sint32' || type === 'enum' || type === 'bool';
}

function packedWellFormed(p: Uint8Array, pos: number, end: number, rule: FieldRule): boolean {
  if (rule.wire === WIRE_I64) return (end - pos) % 8 === 0;
  if (rule.wire === WIRE_I32) return (end - pos) % 4 === 0;
  while (pos < end) {
    readVarint64(p, pos, end);
    if (varintEnd < 0 || (is32(rule.type) && varintEnd - pos > 5)) return false;
    pos = varintEnd;
  }
  return true;
}

// --- reading fields of a well-formed message ---------------------------------------------

/** Where the field found by lastField starts and ends (for a length-delimited field: its content). */
export let fieldStart = -1;
export let fieldEnd = -1;

/**
 * The last occurrence of field `number` in the well-formed message p[pos, end), as
 * protobufjs keeps the last one of a non-repeated field; false when absent.
 * Sets fieldStart/fieldEnd (the value's bytes, a length-delimited field's content).
 */
export function lastField(p: Uint8Array, pos: number, end: number, number: number): boolean {
  let found = false;
  while (pos < end) {
    const tag = readVarint32(p, pos, end);
    pos = varintEnd;
    const wire = tag & 7;
    let start = pos;
    switch (wire) {
      case WIRE_VARINT:
        readVarint64(p, pos, end);
        pos = varintEnd;
        break;
      case WIRE_I64:
        pos += 8;
        break;
      case WIRE_I32:
        pos += 4;
        break;
      default: {
        const len = readVarint32(p, pos, end);
        start = varintEnd;
        pos = start + len;
      }
    }
    if (tag >>> 3 === number) {
      found = true;
      fieldStart = start;
      fieldEnd = pos;
    }
  }
  return found;
}

const f64 = new DataView(new ArrayBuffer(8));

/**
 * The number at p[pos..] of scalar `type`, as protobufjs decodes it (64-bit integers
 * as Long.toNumber() would give them). Reads a varint into lo/hi as a side effect.
 */
export function readNumber(p: Uint8Array, pos: number, end: number, type: string): number {
  switch (type) {
    case 'double':
      for (let i = 0; i < 8; i++) f64.setUint8(i, p[pos + i]!);
      return f64.getFloat64(0, true);
    case 'float':
      for (let i = 0; i < 4; i++) f64.setUint8(i, p[pos + i]!);
      return f64.getFloat32(0, true);
    case 'fixed32':
      return (p[pos]! | (p[pos + 1]! << 8) | (p[pos + 2]! << 16) | (p[pos + 3]! << 24)) >>> 0;
    case 'sfixed32':
      return p[pos]! | (p[pos + 1]! << 8) | (p[pos + 2]! << 16) | (p[pos + 3]! << 24);
    case 'fixed64':
    case 'sfixed64':
      lo = (p[pos]! | (p[pos + 1]! << 8) | (p[pos + 2]! << 16) | (p[pos + 3]! << 24)) >>> 0;
      hi = (p[pos + 4]! | (p[pos + 5]! << 8) | (p[pos + 6]! << 16) | (p[pos + 7]! << 24)) >>> 0;
      return longToNumber(type === 'fixed64');
    case 'int32':
    case 'enum':
      return readVarint32(p, pos, end) | 0;
    case 'uint32':
      return readVarint32(p, pos, end);
    case 'sint32': {
      const v = readVarint32(p, pos, end);
      return ((v >>> 1) ^ -(v & 1)) | 0;
    }
    case 'bool':
      return readVarint32(p, pos, end) !== 0 ? 1 : 0;
    case 'int64':
    case 'uint64':
      readVarint64(p, pos, end);
      return longToNumber(type === 'uint64');
    case 'sint64': {
      readVarint64(p, pos, end);
      // LongBits.zzDecode
      const mask = -(lo & 1);
      lo = (((lo >>> 1) | (hi << 31)) ^ mask) >>> 0;
      hi = ((hi >>> 1) ^ mask) >>> 0;
      return longToNumber(false);
    }
    default:
      return NaN;
  }
}

/** Long.fromBits(lo, hi, unsigned).toNumber(). */
function longToNumber(unsigned: boolean): number {
  return unsigned ? (hi >>> 0) * 4294967296 + (lo >>> 0) : (hi | 0) * 4294967296 + (lo >>> 0);
}
