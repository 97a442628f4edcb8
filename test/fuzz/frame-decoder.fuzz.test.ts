// Fuzzing the chat protocol's frame decoder and envelope decoding, what every
// generator connection and the chat server run on bytes from the network. The unit
// properties (test/unit/protocol/properties.test.ts) pin the exact behaviour; these
// hunt for a throw, a frame over the limit, or a decoder left dirty after an error,
// with near-valid streams and for as long as `npm run fuzz` allows.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import {
  BODY_KINDS,
  FrameDecoder,
  ProtocolError,
  decodeEnvelope,
  encodeFrame,
  type FrameSink,
} from '@loadfleet/protocol';
import { ALL_SAMPLES, chunkBy, concat, rawFrame } from '../unit/protocol/fixtures.js';
import { fuzz, mutated } from './harness.js';

const DECODER_CODES = new Set(['LF_ERR_FRAME_TOO_LARGE', 'LF_ERR_BAD_LENGTH']);
const PAYLOAD_CODES = new Set(['LF_ERR_UNDECODABLE', 'LF_ERR_EMPTY_BODY']);

const chunkSizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4096 })), {
  minLength: 1,
  maxLength: 10,
});

/** Feeds every chunk, going on after errors as a server that keeps the connection would; checks each outcome. */
function feed(decoder: FrameDecoder, chunks: Uint8Array[]): number {
  let frames = 0;
  const sink: FrameSink = {
    onFrame(payload) {
      frames++;
      expect(payload.length).toBeLessThanOrEqual(decoder.maxFrame);
      const env = decodeEnvelope(payload);
      if (env instanceof ProtocolError) expect(PAYLOAD_CODES).toContain(env.code);
      else expect(BODY_KINDS).toContain(env.body);
      return true;
    },
  };
  for (const chunk of chunks) {
    const err = decoder.feed(chunk, sink);
    if (err !== undefined) {
      expect(DECODER_CODES).toContain(err.code);
      expect([decoder.idle, decoder.buffered]).toEqual([true, 0]);
    }
  }
  return frames;
}

const validStream = fc
  .array(fc.constantFrom(...ALL_SAMPLES), { minLength: 1, maxLength: 8 })
  .map((msgs) => concat(msgs.map((m) => Uint8Array.from(encodeFrame(m)))));

describe('frame decoder', () => {
  fuzz(
    'random bytes in random chunks, any frame limit: frames within the limit or a ProtocolError',
    () =>
      fc.property(fc.uint8Array({ maxLength: 2000 }), chunkSizes, fc.integer({ min: 0, max: 70_000 }), (b, s, max) => {
        feed(new FrameDecoder(max), chunkBy(b, s));
      }),
    3000,
  );

  fuzz(
    'valid streams with bit flips, cuts and splices: never a throw, never a dirty decoder',
    () =>
      fc.property(mutated(validStream), chunkSizes, (b, s) => {
        feed(new FrameDecoder(), chunkBy(b, s));
      }),
    3000,
  );

  fuzz(
    'frames of garbage payloads, some announcing more than they carry',
    () =>
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }).map(rawFrame), { maxLength: 10 }),
        fc.option(fc.integer({ min: 1, max: 2 ** 32 - 1 })),
        chunkSizes,
        (frames, lie, s) => {
          const bytes = concat(frames);
          // A length prefix that lies about the body: the stream ends (or overflows) mid-frame.
          const tail = lie === null ? new Uint8Array(0) : Uint8Array.from(encodeVarint(lie));
          feed(new FrameDecoder(), chunkBy(concat([bytes, tail]), s));
        },
      ),
    2000,
  );

  fuzz(
    'envelope payloads: decodeEnvelope answers an envelope or a ProtocolError, never a throw',
    () =>
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated(validStream.map((b) => b.subarray(1)))), (p) => {
        const env = decodeEnvelope(p);
        if (env instanceof ProtocolError) expect(PAYLOAD_CODES).toContain(env.code);
        else expect(BODY_KINDS).toContain(env.body);
      }),
    3000,
  );
});

function encodeVarint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
