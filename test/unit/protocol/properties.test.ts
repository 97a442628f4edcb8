// Property tests: whatever bytes arrive, in whatever chunks, the decoder never
// throws; valid frames always come back as exactly what was sent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BODY_KINDS,
  FrameDecoder,
  ProtocolError,
  decodeEnvelope,
  encodeFrame,
  type EnvelopeInit,
  type FrameSink,
} from '@loadfleet/protocol';
import { assertSameEnvelope, chunkBy, concat, rawFrame } from './fixtures.js';
import { runs } from '../../helpers/runs.js';

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const dbl = fc.double();
// Mostly short strings, sometimes long enough to need a 2-byte length prefix.
const str = fc.oneof(
  { weight: 9, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 100, maxLength: 300 }) },
);
// Enum fields: the known values, and any int32 a newer peer might send.
const enumValue = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
const opt = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(model, { requiredKeys: [] });

const eventKind = fc.oneof(
  fc.record({ chat: opt({ text: str }) }),
  fc.record({ likes: opt({ count: u32, senders: u32 }) }),
  fc.record({ gift: opt({ giftId: u32, count: u32, value: u32 }) }),
  fc.record({ beam: opt({ beamId: u32, value: u32 }) }),
  fc.record({ join: opt({ memberCount: u32 }) }),
  fc.record({ leave: opt({ memberCount: u32 }) }),
);

const body = fc.oneof(
  fc.record({ login: opt({ userId: u32, token: str }) }),
  fc.record({ loginAck: opt({ serverTime: dbl, userId: u32 }) }),
  fc.record({ joinRoom: opt({ room: str }) }),
  fc.record({ joined: opt({ serverTime: dbl, room: str, memberCount: u32 }) }),
  fc.record({ leave: opt({ room: str }) }),
  fc.record({ left: opt({ serverTime: dbl, room: str }) }),
  fc.record({ chat: opt({ room: str, text: str }) }),
  fc.record({ like: opt({ room: str, count: u32 }) }),
  fc.record({ gift: opt({ room: str, giftId: u32, count: u32, value: u32 }) }),
  fc.record({ beam: opt({ room: str, beamId: u32, value: u32 }) }),
  fc.constant({ heartbeat: {} }),
  fc.record({ heartbeatAck: opt({ serverTime: dbl }) }),
  fc.record({ ack: opt({ serverTime: dbl }) }),
  fc
    .tuple(opt({ room: str, originUser: u32, originSentAt: dbl }), eventKind)
    .map(([head, kind]) => ({ event: { ...head, ...kind } })),
  fc.record({ error: opt({ code: enumValue, reason: str }) }),
  fc.record({ kick: opt({ reason: enumValue, detail: str }) }),
);

const envelope: fc.Arbitrary<EnvelopeInit> = fc
  .tuple(opt({ seq: u32, sentAt: dbl }), body)
  .map(([head, b]) => ({ ...head, ...b }) as EnvelopeInit);

// Chunk sizes cycle: 1-byte feeds, small splits, and chunks holding many frames.
const chunkSizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 2000 })), {
  minLength: 1,
  maxLength: 8,
});

const DECODER_CODES = new Set(['LF_ERR_FRAME_TOO_LARGE', 'LF_ERR_BAD_LENGTH']);
const PAYLOAD_CODES = new Set(['LF_ERR_UNDECODABLE', 'LF_ERR_EMPTY_BODY']);

/** Feeds hostile chunks, continuing after errors, and checks every outcome is a frame or a ProtocolError. */
function feedHostile(decoder: FrameDecoder, chunks: Uint8Array[]): void {
  const sink: FrameSink = {
    onFrame(payload) {
      expect(payload.length).toBeLessThanOrEqual(decoder.maxFrame);
      const res = decodeEnvelope(payload);
      if (res instanceof ProtocolError) expect(PAYLOAD_CODES).toContain(res.code);
      else expect(BODY_KINDS).toContain(res.body);
      return true;
    },
  };
  for (const chunk of chunks) {
    const err = decoder.feed(chunk, sink);
    if (err !== undefined) {
      expect(err).toBeInstanceOf(ProtocolError);
      expect(DECODER_CODES).toContain(err.code);
      expect([decoder.idle, decoder.buffered]).toEqual([true, 0]);
    }
  }
}

describe('FrameDecoder properties', () => {
  it('random bytes in random chunks never throw', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        chunkSizes,
        fc.integer({ min: 0, max: 300 }),
        (bytes, sizes, max) => {
          feedHostile(new FrameDecoder(max), chunkBy(bytes, sizes));
        },
      ),
      { numRuns: runs(5000) },
    );
  });

  it('streams mixing valid frames, garbage payloads, garbage bytes and bit flips never throw', () => {
    const part = fc.oneof(
      envelope.map((m) => Uint8Array.from(encodeFrame(m))),
      fc.uint8Array({ maxLength: 60 }).map(rawFrame),
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
    );
    const flips = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 4 });
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), flips, chunkSizes, (parts, flipList, sizes) => {
        const bytes = concat(parts);
        for (const [at, mask] of flipList) if (bytes.length > 0) bytes[at % bytes.length]! ^= mask;
        feedHostile(new FrameDecoder(), chunkBy(bytes, sizes));
      }),
      { numRuns: runs(4000) },
    );
  });

  it('random valid message sequences in random chunks decode to exactly the sent sequence', () => {
    fc.assert(
      fc.property(fc.array(envelope, { maxLength: 20 }), chunkSizes, (msgs, sizes) => {
        const frames = msgs.map((m) => Uint8Array.from(encodeFrame(m)));
        const decoder = new FrameDecoder();
        const received: Uint8Array[] = [];
        let frameBytes = 0;
        const sink: FrameSink = {
          onFrame(p) {
            frameBytes += frames[received.length]!.length;
            received.push(Uint8Array.from(p));
            return true;
          },
        };
        let fed = 0;
        for (const chunk of chunkBy(concat(frames), sizes)) {
          expect(decoder.feed(chunk, sink)).toBeUndefined();
          fed += chunk.length;
          // Every byte fed is either in a frame handed out or in the unfinished one.
          expect(decoder.buffered).toBe(fed - frameBytes);
        }
        expect(received).toHaveLength(msgs.length);
        received.forEach((p, i) => assertSameEnvelope(decodeEnvelope(p), msgs[i]!));
        expect(decoder.idle).toBe(true);
      }),
      { numRuns: runs(3000) },
    );
  });

  it('a sink returning false stops the feed: no further frame from that chunk', () => {
    fc.assert(
      fc.property(fc.array(envelope, { minLength: 1, maxLength: 10 }), chunkSizes, fc.nat(), (msgs, sizes, k) => {
        const stopAt = k % msgs.length;
        const decoder = new FrameDecoder();
        let seen = 0;
        const sink: FrameSink = { onFrame: () => ++seen !== stopAt + 1 };
        for (const chunk of chunkBy(concat(msgs.map(encodeFrame)), sizes)) {
          expect(decoder.feed(chunk, sink)).toBeUndefined();
          if (seen > stopAt) break;
        }
        // Had the feed gone on after the stop, frames after it in the same chunk would count.
        expect(seen).toBe(stopAt + 1);
        expect(decoder.idle).toBe(true);
      }),
      { numRuns: runs(2000) },
    );
  });
});
