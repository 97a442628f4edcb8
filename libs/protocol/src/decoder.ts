import { ProtocolError } from './errors.js';

export const DEFAULT_MAX_FRAME = 64 * 1024;

/** Receives whole frame payloads. Returning false stops the current feed (e.g. the connection closed). */
export interface FrameSink {
  onFrame(payload: Uint8Array): boolean;
}

/**
 * A streaming decoder for varint-length-prefixed frames, as a byte-level state
 * machine: feed it any chunk; payloads are handed out as views into the chunk;
 * only a frame that straddles two chunks is copied, into one buffer of its exact size.
 */
export class FrameDecoder {
  /** The body of a frame that straddles chunks, allocated at its exact size once its length is known. */
  private partial: Buffer | null = null;
  private partialFill = 0;
  /** Length prefix in progress: value so far and bit shift (7 per byte consumed). */
  private lenValue = 0;
  private lenShift = 0;
  /** Body length of the straddling frame; -1 while reading a length prefix. */
  private bodyLen = -1;
  /** Length-prefix bytes of the straddling frame, so that `buffered` counts the whole unfinished frame. */
  private prefixLen = 0;

  constructor(readonly maxFrame: number = DEFAULT_MAX_FRAME) {}

  /** True when no partial frame is buffered. */
  get idle(): boolean {
    return this.bodyLen < 0 && this.lenShift === 0;
  }

  /**
   * Bytes received of the unfinished frame, length prefix included: 0 exactly when idle.
   * (A prefix that straddles chunks is held as a number, not as bytes, but it is still
   * part of a frame that a closing connection truncated.)
   */
  get buffered(): number {
    return this.bodyLen < 0 ? this.lenShift / 7 : this.prefixLen + this.partialFill;
  }

  feed(chunk: Uint8Array, sink: FrameSink): ProtocolError | undefined {
    let pos = 0;
    const end = chunk.length;
    while (pos < end) {
      if (this.bodyLen < 0) {
        // Reading the length prefix, one byte at a time (it may straddle chunks).
        const b = chunk[pos++]!;
        if (this.lenShift === 28 && b > 0x0f) return this.fail('LF_ERR_BAD_LENGTH', 'length prefix overflows 32 bits');
        this.lenValue += (b & 0x7f) * 2 ** this.lenShift;
        if (b & 0x80) {
          this.lenShift += 7;
          continue;
        }
        const len = this.lenValue;
        const prefixLen = this.lenShift / 7 + 1;
        this.lenValue = 0;
        this.lenShift = 0;
        if (len > this.maxFrame) {
          return this.fail('LF_ERR_FRAME_TOO_LARGE', `frame of ${len} bytes exceeds the ${this.maxFrame}-byte limit`);
        }
        if (end - pos >= len) {
          // The whole body is in this chunk: hand out a view.
          const payload = chunk.subarray(pos, pos + len);
          pos += len;
          if (!sink.onFrame(payload)) return undefined;
          continue;
        }
        this.bodyLen = len;
        this.prefixLen = prefixLen;
        this.partial = Buffer.allocUnsafe(len);
        this.partialFill = 0;
      }
      // Filling a frame body that started in an earlier chunk.
      const partial = this.partial!;
      const take = Math.min(this.bodyLen - this.partialFill, end - pos);
      partial.set(chunk.subarray(pos, pos + take), this.partialFill);
      this.partialFill += take;
      pos += take;
      if (this.partialFill === this.bodyLen) {
        this.partial = null;
        this.partialFill = 0;
        this.prefixLen = 0;
        this.bodyLen = -1;
        if (!sink.onFrame(partial)) return undefined;
      }
    }
    return undefined;
  }

  /** Forget any partial frame (after an error or when the connection is reused). */
  reset(): void {
    this.partial = null;
    this.partialFill = 0;
    this.lenValue = 0;
    this.lenShift = 0;
    this.bodyLen = -1;
    this.prefixLen = 0;
  }

  private fail(code: 'LF_ERR_BAD_LENGTH' | 'LF_ERR_FRAME_TOO_LARGE', message: string): ProtocolError {
    this.reset();
    return new ProtocolError(code, message);
  }
}
