import type { FrameError, PayloadSink, StreamDecoder } from './wire.js';

/** Bad im-lite bytes from a peer: one connection's problem, counted and closed, never thrown across. */
export class ImLiteFrameError extends Error implements FrameError {
  override readonly name = 'ImLiteFrameError';
  constructor(
    readonly code: 'LF_ERR_FRAME_TOO_LARGE' | 'LF_ERR_BAD_LENGTH' | 'LF_ERR_UNKNOWN_TYPE' | 'LF_ERR_UNDECODABLE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bytes before the payload: the 4-byte length and the 2-byte type id. */
export const HEADER = 6;

/**
 * im-lite framing, [length: u32 BE][type: u16 BE][payload], length counting
 * type + payload: a byte-level state machine like the bundled FrameDecoder.
 * It hands out [type][payload] as a view into the chunk; only a frame that
 * straddles chunks is copied, into one buffer of its exact size.
 */
export class ImLiteDecoder implements StreamDecoder {
  /** Length bytes read so far of a length that straddles chunks (0 = at a frame boundary). */
  private lenBytes = 0;
  private len = 0;
  private partial: Buffer | null = null;
  private fill = 0;

  constructor(readonly maxFrame: number) {}

  feed(chunk: Uint8Array, sink: PayloadSink): ImLiteFrameError | undefined {
    let pos = 0;
    const end = chunk.length;
    while (pos < end) {
      if (this.partial === null) {
        if (this.lenBytes === 0 && end - pos >= 4) {
          this.len = ((chunk[pos]! << 24) | (chunk[pos + 1]! << 16) | (chunk[pos + 2]! << 8) | chunk[pos + 3]!) >>> 0;
          pos += 4;
        } else {
          this.len = (this.len << 8) | chunk[pos++]!;
          if (++this.lenBytes < 4) continue;
          this.len >>>= 0;
          this.lenBytes = 0;
        }
        const len = this.len;
        this.len = 0;
        if (len > this.maxFrame) {
          return new ImLiteFrameError('LF_ERR_FRAME_TOO_LARGE', `frame of ${len} bytes exceeds ${this.maxFrame}`);
        }
        if (len < 2) return new ImLiteFrameError('LF_ERR_BAD_LENGTH', `frame length ${len} leaves no type id`);
        if (end - pos >= len) {
          const frame = chunk.subarray(pos, pos + len);
          pos += len;
          if (!sink.onFrame(frame)) return undefined;
          continue;
        }
        this.partial = Buffer.allocUnsafe(len);
        this.fill = 0;
      }
      const partial = this.partial;
      const take = Math.min(partial.length - this.fill, end - pos);
      partial.set(chunk.subarray(pos, pos + take), this.fill);
      this.fill += take;
      pos += take;
      if (this.fill === partial.length) {
        this.partial = null;
        if (!sink.onFrame(partial)) return undefined;
      }
    }
    return undefined;
  }
}

/** Encodes [length][type][body] into one new buffer. */
export function imLiteFrame(type: number, body: Uint8Array): Uint8Array {
  const out = Buffer.allocUnsafe(HEADER + body.length);
  out.writeUInt32BE(body.length + 2, 0);
  out.writeUInt16BE(type, 4);
  out.set(body, HEADER);
  return out;
}
