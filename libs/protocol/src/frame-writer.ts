import protobuf from 'protobufjs';
import type { EnvelopeShape } from './envelope.js';
import { isVarintFraming, type FixedHeader } from './framing.js';
import type { Kind } from './kinds.js';
import { UNIT_MS, type FramingSpec, type ProtocolSpec } from './spec.js';

/** A field the writer fills in on every send: the request's seq, or its send time in the field's unit. */
export interface Stamp {
  tag: Uint8Array;
  type: string;
  /** 0 for the seq; ms per unit for a time. */
  msPerUnit: number;
}

/**
 * Builds request frames around a kind's encoded message: only the stamped fields
 * (seq, send time) and the header change from one send to the next, so a message
 * whose fields are all literal is encoded once per step and spliced here. Stamps
 * are top-level fields written after the others (protobuf takes fields in any
 * order, and the last of a repeated scalar field wins).
 */
export class FrameWriter {
  private readonly varintLength: boolean;
  /** Envelope modes: the stamps on the envelope; per kind: the stamps on its own message, and the wrapper's tags. */
  private readonly envStamps: Stamp[];
  private readonly bodyStamps: Stamp[][];
  private readonly memberTag: (Uint8Array | null)[];
  private readonly kindFieldTag: Uint8Array | null;

  constructor(
    spec: ProtocolSpec,
    private readonly shape: EnvelopeShape,
    private readonly header: FixedHeader,
    kinds: readonly Kind[],
    framing: FramingSpec,
  ) {
    this.varintLength = isVarintFraming(framing);
    const envType = shape.mode === 'typeId' ? null : shape.type;
    const seqName = spec.match.mode === 'echo' && spec.match.request !== 'header' ? spec.match.request[0]! : null;
    const timeName = spec.sendTime?.path[0] ?? null;
    const timeMs = spec.sendTime ? UNIT_MS[spec.sendTime.unit] : 0;
    this.envStamps = [];
    if (envType) {
      if (seqName && envType.fields[seqName]) this.envStamps.push(stampOf(envType.fields[seqName]!, 0));
      if (timeName && envType.fields[timeName]) this.envStamps.push(stampOf(envType.fields[timeName]!, timeMs));
    }
    this.bodyStamps = kinds.map((k) => {
      const own: Stamp[] = [];
      if (!envType && seqName && k.type.fields[seqName]) own.push(stampOf(k.type.fields[seqName]!, 0));
      const onEnvelope = envType !== null && timeName !== null && envType.fields[timeName] !== undefined;
      if (!onEnvelope && timeName && k.type.fields[timeName]) own.push(stampOf(k.type.fields[timeName]!, timeMs));
      return own;
    });
    this.memberTag = kinds.map((k) =>
      shape.mode === 'oneof'
        ? tagBytes(shape.type.fields[k.member!]!.id, 2)
        : shape.mode === 'field'
          ? tagBytes(shape.payloadField, 2)
          : null,
    );
    this.kindFieldTag = shape.mode === 'field' ? tagBytes(shape.kindField, 0) : null;
  }

  /** A whole frame for `kind` around its encoded message, stamped with seq and send time. */
  frame(kind: Kind, body: Uint8Array, seq: number, nowMs: number, stream: boolean): Uint8Array {
    const envStamps = this.envStamps;
    const bodyStamps = this.bodyStamps[kind.index]!;
    const envLen = stampsSize(envStamps, seq, nowMs);
    const inner = body.length + stampsSize(bodyStamps, seq, nowMs);
    const tag = this.memberTag[kind.index];
    let payload = envLen + inner;
    if (tag) payload += tag.length + varintSize(inner);
    if (this.kindFieldTag) payload += this.kindFieldTag.length + varintSize(kind.id);
    const headerSize = !stream
      ? this.header.sizeWithoutLength
      : this.varintLength
        ? varintSize(payload)
        : this.header.size;
    const out = Buffer.allocUnsafe(headerSize + payload);
    let p = 0;
    if (this.varintLength) {
      if (stream) p = writeVarint(out, 0, payload);
    } else {
      this.header.write(out, 0, stream, payload, kind.id, seq);
      p = headerSize;
    }
    p = writeStamps(out, p, envStamps, seq, nowMs);
    if (this.kindFieldTag) p = writeVarint(out, copy(out, p, this.kindFieldTag), kind.id);
    if (tag) p = writeVarint(out, copy(out, p, tag), inner);
    out.set(body, p);
    writeStamps(out, p + body.length, bodyStamps, seq, nowMs);
    return out;
  }
}

/** Copies a few bytes (a tag) without the subarray a TypedArray.set of a part would need. */
function copy(out: Uint8Array, p: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) out[p + i] = bytes[i]!;
  return p + bytes.length;
}

function stampOf(field: protobuf.Field, msPerUnit: number): Stamp {
  field.resolve();
  const type = field.resolvedType instanceof protobuf.Enum ? 'int32' : field.type;
  return { tag: tagBytes(field.id, wireOf(type)), type, msPerUnit };
}

function wireOf(type: string): number {
  switch (type) {
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return 1;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return 5;
    default:
      return 0;
  }
}

function tagBytes(field: number, wire: number): Uint8Array {
  const b = Buffer.alloc(5);
  return b.subarray(0, writeVarint(b, 0, field * 8 + wire));
}

function stampValue(s: Stamp, seq: number, nowMs: number): number {
  const v = s.msPerUnit === 0 ? seq : nowMs / s.msPerUnit;
  return s.type === 'double' || s.type === 'float' ? v : Math.round(v);
}

/** Bytes the stamps take for these values. */
function stampsSize(stamps: readonly Stamp[], seq: number, nowMs: number): number {
  let n = 0;
  for (const s of stamps) {
    n += s.tag.length;
    switch (s.type) {
      case 'double':
      case 'fixed64':
      case 'sfixed64':
        n += 8;
        break;
      case 'float':
      case 'fixed32':
      case 'sfixed32':
        n += 4;
        break;
      case 'sint32':
      case 'sint64':
        n += varintSize(stampValue(s, seq, nowMs) * 2);
        break;
      default:
        n += varintSize(stampValue(s, seq, nowMs));
    }
  }
  return n;
}

/** Writes the stamps at out[p..]; returns the position after them. */
function writeStamps(out: Buffer, p: number, stamps: readonly Stamp[], seq: number, nowMs: number): number {
  for (const s of stamps) {
    p = copy(out, p, s.tag);
    const v = stampValue(s, seq, nowMs);
    switch (s.type) {
      case 'double':
        out.writeDoubleLE(v, p);
        p += 8;
        break;
      case 'float':
        out.writeFloatLE(v, p);
        p += 4;
        break;
      case 'fixed32':
      case 'sfixed32':
        out.writeUInt32LE(v >>> 0, p);
        p += 4;
        break;
      case 'fixed64':
      case 'sfixed64':
        out.writeBigUInt64LE(BigInt(v), p);
        p += 8;
        break;
      case 'sint32':
      case 'sint64':
        p = writeVarint(out, p, v * 2);
        break;
      default:
        p = writeVarint(out, p, v);
    }
  }
  return p;
}

export function varintSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** A non-negative integer up to 2^53 as a varint. */
export function writeVarint(buf: Uint8Array, pos: number, v: number): number {
  while (v >= 128) {
    buf[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}
