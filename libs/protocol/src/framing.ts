import { FrameDecoder } from './decoder.js';
import { ProtocolError } from './errors.js';
import type { Endian, FramingSpec, HeaderField } from './spec.js';

/**
 * Receives whole frames. `typeId` and `seq` are the header's fields (-1 when the
 * framing has none). Returning false stops the current feed (the connection closed).
 */
export interface FrameHandler {
  onFrame(payload: Uint8Array, typeId: number, seq: number): boolean;
}

/** Splits a byte stream into frames; fed whatever chunk arrived. */
export interface FrameSplitter {
  feed(chunk: Uint8Array, sink: FrameHandler): ProtocolError | undefined;
  /** True when no partial frame is held. */
  readonly idle: boolean;
  /** Bytes held of an unfinished frame. */
  readonly buffered: number;
  reset(): void;
}

/** A fixed-width header, compiled from the binding: offsets of each field, and what the length measures. */
export class FixedHeader {
  readonly size: number;
  /** The header as it is on a WebSocket message: the same fields without the length. */
  readonly sizeWithoutLength: number;
  private readonly fields: PlacedField[];
  private readonly length: PlacedField | null;

  constructor(header: readonly HeaderField[]) {
    let offset = 0;
    let bare = 0;
    this.fields = [];
    this.length = null;
    for (const f of header) {
      const bytes = widthOf(f);
      const constBytes = f.kind === 'const' ? Buffer.from(f.hex, 'hex') : null;
      const placed: PlacedField = { f, offset, bareOffset: f.kind === 'length' ? -1 : bare, bytes, constBytes };
      this.fields.push(placed);
      if (f.kind === 'length') this.length = placed;
      else bare += bytes;
      offset += bytes;
    }
    this.size = offset;
    this.sizeWithoutLength = bare;
  }

  /** Payload length announced by a complete header at buf[pos..], or -1 when the length field says less than the header. */
  payloadLength(buf: Uint8Array, pos: number): number {
    const l = this.length!;
    const f = l.f as Extract<HeaderField, { kind: 'length' }>;
    const v = readUint(buf, pos + l.offset, l.bytes, f.endian);
    const n = f.counts === 'payload' ? v : f.counts === 'frame' ? v - this.size : v - (this.size - l.offset - l.bytes);
    return n < 0 ? -1 : n;
  }

  /**
   * Reads the type id and seq of a header at buf[pos..] into `out` (-1 when absent);
   * a constant that does not match is a ProtocolError.
   */
  read(buf: Uint8Array, pos: number, withLength: boolean, out: HeaderValues): ProtocolError | undefined {
    out.typeId = -1;
    out.seq = -1;
    for (const p of this.fields) {
      const at = pos + (withLength ? p.offset : p.bareOffset);
      const f = p.f;
      switch (f.kind) {
        case 'typeId':
          out.typeId = readUint(buf, at, p.bytes, f.endian);
          break;
        case 'seq':
          out.seq = readUint(buf, at, p.bytes, f.endian);
          break;
        case 'const': {
          const want = p.constBytes!;
          for (let i = 0; i < want.length; i++) {
            if (buf[at + i] !== want[i]) {
              return new ProtocolError('LF_ERR_BAD_HEADER', `frame header field ${f.name} is not 0x${f.hex}`);
            }
          }
          break;
        }
        case 'length':
        case 'varint-length':
        case 'skip':
          break;
      }
    }
    return undefined;
  }

  /** Writes the header for a payload of `payloadLength` bytes at buf[pos..]. */
  write(buf: Uint8Array, pos: number, withLength: boolean, payloadLength: number, typeId: number, seq: number): void {
    for (const p of this.fields) {
      const f = p.f;
      if (f.kind === 'length' && !withLength) continue;
      const at = pos + (withLength ? p.offset : p.bareOffset);
      switch (f.kind) {
        case 'length': {
          const v =
            f.counts === 'payload'
              ? payloadLength
              : f.counts === 'frame'
                ? this.size + payloadLength
                : this.size - p.offset - p.bytes + payloadLength;
          writeUint(buf, at, p.bytes, f.endian, v);
          break;
        }
        case 'typeId':
          writeUint(buf, at, p.bytes, f.endian, typeId);
          break;
        case 'seq':
          writeUint(buf, at, p.bytes, f.endian, seq);
          break;
        case 'const':
          buf.set(p.constBytes!, at);
          break;
        case 'skip':
          buf.fill(0, at, at + p.bytes);
          break;
        case 'varint-length':
          break;
      }
    }
  }
}

export interface HeaderValues {
  typeId: number;
  seq: number;
}

interface PlacedField {
  f: HeaderField;
  offset: number;
  /** Offset in the header without its length field (WebSocket messages); -1 for the length itself. */
  bareOffset: number;
  bytes: number;
  constBytes: Uint8Array | null;
}

function widthOf(f: HeaderField): number {
  switch (f.kind) {
    case 'varint-length':
      return 0;
    case 'length':
    case 'typeId':
    case 'seq':
      return f.bytes;
    case 'const':
      return f.hex.length / 2;
    case 'skip':
      return f.bytes;
  }
}

export function readUint(buf: Uint8Array, pos: number, bytes: number, endian: Endian): number {
  let v = 0;
  if (endian === 'big') for (let i = 0; i < bytes; i++) v = v * 256 + buf[pos + i]!;
  else for (let i = bytes - 1; i >= 0; i--) v = v * 256 + buf[pos + i]!;
  return v;
}

function writeUint(buf: Uint8Array, pos: number, bytes: number, endian: Endian, v: number): void {
  for (let i = 0; i < bytes; i++) {
    const byte = v % 256;
    v = Math.floor(v / 256);
    buf[endian === 'big' ? pos + bytes - 1 - i : pos + i] = byte;
  }
}

/** True when the framing is protobuf's delimited format (a varint length and nothing else). */
export function isVarintFraming(spec: FramingSpec): boolean {
  return spec.header.length === 1 && spec.header[0]!.kind === 'varint-length';
}

/** A splitter for the binding's framing: the varint decoder, or a fixed-header one. */
export function createSplitter(spec: FramingSpec, header: FixedHeader, maxFrameBytes: number): FrameSplitter {
  if (isVarintFraming(spec)) return new VarintSplitter(maxFrameBytes);
  return new FixedHeaderSplitter(header, maxFrameBytes);
}

/** protobuf's delimited stream (the bundled protocol): no header fields besides the length. */
class VarintSplitter implements FrameSplitter {
  private readonly decoder: FrameDecoder;
  private sink: FrameHandler | null = null;

  constructor(maxFrame: number) {
    this.decoder = new FrameDecoder(maxFrame);
  }

  get idle(): boolean {
    return this.decoder.idle;
  }

  get buffered(): number {
    return this.decoder.buffered;
  }

  feed(chunk: Uint8Array, sink: FrameHandler): ProtocolError | undefined {
    this.sink = sink;
    const err = this.decoder.feed(chunk, this);
    this.sink = null;
    return err;
  }

  onFrame(payload: Uint8Array): boolean {
    return this.sink!.onFrame(payload, -1, -1);
  }

  reset(): void {
    this.decoder.reset();
  }
}

/**
 * Frames with a fixed-width header (length, type id, seq, constants), as a
 * byte-level state machine: payloads are views into the chunk; only a frame that
 * straddles chunks is copied (its header into a small buffer, its payload into one
 * buffer of its exact size).
 */
class FixedHeaderSplitter implements FrameSplitter {
  private readonly head: Buffer;
  private headFill = 0;
  /** Payload length of the straddling frame; -1 while its header is being read. */
  private bodyLen = -1;
  private partial: Buffer | null = null;
  private partialFill = 0;
  private readonly values: HeaderValues = { typeId: -1, seq: -1 };

  constructor(
    private readonly header: FixedHeader,
    private readonly maxFrame: number,
  ) {
    this.head = Buffer.alloc(header.size);
  }

  get idle(): boolean {
    return this.headFill === 0 && this.bodyLen < 0;
  }

  get buffered(): number {
    return this.bodyLen < 0 ? this.headFill : this.header.size + this.partialFill;
  }

  feed(chunk: Uint8Array, sink: FrameHandler): ProtocolError | undefined {
    const size = this.header.size;
    let pos = 0;
    const end = chunk.length;
    while (pos < end) {
      if (this.bodyLen < 0) {
        let headBuf: Uint8Array;
        let headPos: number;
        if (this.headFill === 0 && end - pos >= size) {
          headBuf = chunk;
          headPos = pos;
          pos += size;
        } else {
          const take = Math.min(size - this.headFill, end - pos);
          this.head.set(chunk.subarray(pos, pos + take), this.headFill);
          this.headFill += take;
          pos += take;
          if (this.headFill < size) return undefined;
          this.headFill = 0;
          headBuf = this.head;
          headPos = 0;
        }
        const len = this.header.payloadLength(headBuf, headPos);
        if (len < 0) return this.fail('LF_ERR_BAD_LENGTH', 'frame length is smaller than its header');
        if (len > this.maxFrame) {
          return this.fail('LF_ERR_FRAME_TOO_LARGE', `frame of ${len} bytes exceeds the ${this.maxFrame}-byte limit`);
        }
        const bad = this.header.read(headBuf, headPos, true, this.values);
        if (bad) {
          this.reset();
          return bad;
        }
        if (end - pos >= len) {
          const payload = chunk.subarray(pos, pos + len);
          pos += len;
          if (!sink.onFrame(payload, this.values.typeId, this.values.seq)) return undefined;
          continue;
        }
        this.bodyLen = len;
        this.partial = Buffer.allocUnsafe(len);
        this.partialFill = 0;
      }
      const partial = this.partial!;
      const take = Math.min(this.bodyLen - this.partialFill, end - pos);
      partial.set(chunk.subarray(pos, pos + take), this.partialFill);
      this.partialFill += take;
      pos += take;
      if (this.partialFill === this.bodyLen) {
        this.partial = null;
        this.partialFill = 0;
        this.bodyLen = -1;
        if (!sink.onFrame(partial, this.values.typeId, this.values.seq)) return undefined;
      }
    }
    return undefined;
  }

  reset(): void {
    this.headFill = 0;
    this.bodyLen = -1;
    this.partial = null;
    this.partialFill = 0;
  }

  private fail(code: 'LF_ERR_BAD_LENGTH' | 'LF_ERR_FRAME_TOO_LARGE', message: string): ProtocolError {
    this.reset();
    return new ProtocolError(code, message);
  }
}
