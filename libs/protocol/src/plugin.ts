import type { ProtocolError } from './errors.js';
import type { FrameSplitter } from './framing.js';

/**
 * What a protocol folder's TypeScript plugin may provide where its binding
 * cannot say enough: its own stream framing, its own frame encoding around a
 * kind's encoded message, its own decoding of a frame into a kind. Each part is
 * optional; what it leaves out comes from the binding. The module's default
 * export is a ProtocolPlugin (or a function of the spec returning one).
 *
 * Plugins are code: they run in local runs, never on a shared farm's workers.
 */
export interface ProtocolPlugin {
  /** Splits a stream into frames, handing each with its header's type id and seq (-1 when none). */
  createSplitter?(maxFrameBytes: number): FrameSplitter;
  /** A whole frame for a message of `kind`, given its encoded protobuf message and the values to stamp. */
  encodeFrame?(
    kind: string,
    message: Uint8Array,
    stamp: { seq: number; sentAtMs: number; stream: boolean },
  ): Uint8Array;
  /**
   * A frame's kind and message: the encoded protobuf message of that kind, or its
   * plain values; `seq` when it is a reply echoing a request's seq. Bad bytes: a ProtocolError.
   */
  decodeFrame?(
    frame: Uint8Array,
    header: { typeId: number; seq: number },
  ): { kind: string; body: Uint8Array | Record<string, unknown>; seq?: number } | ProtocolError;
}
