import type { Kind } from './kinds.js';
import type { EnvelopeShape } from './envelope.js';
import { fieldEnd, fieldStart, lastField, readNumber, readVarint32, varintEnd, wellFormed } from './wire-scan.js';

/**
 * The hot path's reading of a received frame: its kind, the seq it echoes and,
 * for an event, its origin time and stats index, without decoding it into
 * objects. It accepts only well-formed frames (wire-scan.ts), and then reads what
 * protobufjs would read; anything else answers -1 and the caller decodes in full,
 * which also reports the malformed ones. One Peeker serves every connection: the
 * results are valid until the next call.
 */
export class Peeker {
  /** The seq the last peeked frame carries (header or echo field), 0 when none. */
  seq = 0;
  /** Origin send time of the last peeked event, epoch ms; 0 when unknown. */
  originMs = 0;
  /** Event stats index of the last peeked event; -1 when it has none. */
  event = -1;

  constructor(
    private readonly shape: EnvelopeShape,
    private readonly kinds: readonly Kind[],
  ) {}

  /** The kind index of the frame, or -1 when it must be decoded in full. */
  peek(p: Uint8Array, typeId: number, headerSeq: number): number {
    const shape = this.shape;
    const end = p.length;
    let kind: Kind | undefined;
    let bodyStart = 0;
    let bodyEnd = end;
    this.seq = headerSeq > 0 ? headerSeq : 0;
    this.originMs = 0;
    this.event = -1;
    switch (shape.mode) {
      case 'typeId': {
        kind = shape.kindByTypeId.get(typeId);
        if (kind === undefined || !wellFormed(p, 0, end, kind.table)) return -1;
        break;
      }
      case 'oneof': {
        if (!wellFormed(p, 0, end, shape.table)) return -1;
        // The set member: exactly one occurrence of one member (two of them are read by protobufjs its own way).
        let pos = 0;
        while (pos < end) {
          const tag = readVarint32(p, pos, end);
          pos = varintEnd;
          const wire = tag & 7;
          const valueStart = pos;
          pos = skipValue(p, pos, end, wire);
          const member = shape.kindByField.get(tag >>> 3);
          if (member === undefined) continue;
          if (kind !== undefined) return -1;
          kind = member;
          // Members are messages: the content after the length.
          readVarint32(p, valueStart, end);
          bodyStart = varintEnd;
          bodyEnd = pos;
        }
        if (kind === undefined) return -1;
        break;
      }
      case 'field': {
        if (!wellFormed(p, 0, end, shape.table)) return -1;
        const value = lastField(p, 0, end, shape.kindField)
          ? readNumber(p, fieldStart, fieldEnd, shape.kindFieldType)
          : 0;
        kind = shape.kindByTypeId.get(value);
        if (kind === undefined || !lastField(p, 0, end, shape.payloadField)) return -1;
        bodyStart = fieldStart;
        bodyEnd = fieldEnd;
        if (!wellFormed(p, bodyStart, bodyEnd, kind.table)) return -1;
        break;
      }
    }
    if (shape.seqField > 0) {
      this.seq = lastField(p, 0, end, shape.seqField) ? readNumber(p, fieldStart, fieldEnd, 'uint32') : 0;
    } else if (kind.seqField > 0) {
      this.seq = lastField(p, bodyStart, bodyEnd, kind.seqField) ? readNumber(p, fieldStart, fieldEnd, 'uint32') : 0;
    }
    if (kind.role === 'event' && !this.readEvent(p, bodyStart, bodyEnd, kind)) return -1;
    return kind.index;
  }

  /** Reads an event's origin time and stats index; false when its split oneof has two members. */
  private readEvent(p: Uint8Array, start: number, end: number, kind: Kind): boolean {
    const origin = kind.origin;
    if (origin !== null) {
      let s = start;
      let e = end;
      let found = true;
      for (const n of origin.numbers) {
        if (!lastField(p, s, e, n)) {
          found = false;
          break;
        }
        s = fieldStart;
        e = fieldEnd;
      }
      this.originMs = found ? readNumber(p, s, e, origin.type) * kind.originMsPerUnit : 0;
    }
    if (kind.splitOneof === null) {
      this.event = kind.eventIndex;
      return true;
    }
    let pos = start;
    let sub = -1;
    while (pos < end) {
      const tag = readVarint32(p, pos, end);
      pos = skipValue(p, varintEnd, end, tag & 7);
      const i = kind.splitByField.get(tag >>> 3);
      if (i === undefined) continue;
      // Two members of the split oneof: which one protobufjs reports is its own business.
      if (sub >= 0 && sub !== i) return false;
      sub = i;
    }
    this.event = sub;
    return true;
  }
}

/** Position after a field value of wire type `wire` at p[pos..] (the message is known to be well-formed). */
function skipValue(p: Uint8Array, pos: number, end: number, wire: number): number {
  switch (wire) {
    case 0:
      while (p[pos++]! >= 128 && pos < end);
      return pos;
    case 1:
      return pos + 8;
    case 5:
      return pos + 4;
    default: {
      const len = readVarint32(p, pos, end);
      return varintEnd + len;
    }
  }
}
