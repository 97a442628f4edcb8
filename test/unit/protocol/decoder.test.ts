// FrameDecoder fed split, coalesced, truncated and malformed streams, and
// decodeEnvelope fed payloads that are not valid Envelopes.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_FRAME,
  FrameDecoder,
  ProtocolError,
  decodeEnvelope,
  encodeFrame,
  type FrameSink,
} from '@loadfleet/protocol';
import { ALL_SAMPLES, assertSameEnvelope, concat, feedAll, rawFrame, varint } from './fixtures.js';

const FRAMES = ALL_SAMPLES.map((m) => Uint8Array.from(encodeFrame(m)));
const STREAM = concat(FRAMES);

function expectAllSamples(payloads: Uint8Array[]): void {
  expect(payloads).toHaveLength(ALL_SAMPLES.length);
  payloads.forEach((p, i) => assertSameEnvelope(decodeEnvelope(p), ALL_SAMPLES[i]!));
}

function expectCode(err: ProtocolError | undefined, code: ProtocolError['code']): void {
  expect(err).toBeInstanceOf(ProtocolError);
  expect(err!.code).toBe(code);
}

describe('FrameDecoder: chunking', () => {
  it('the test stream has frames with 1- and 2-byte length prefixes', () => {
    expect(FRAMES.some((f) => f[0]! < 0x80)).toBe(true);
    expect(FRAMES.some((f) => f[0]! >= 0x80)).toBe(true);
  });

  it('decodes the same stream split at every byte boundary', () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      const decoder = new FrameDecoder();
      const { payloads, error } = feedAll(decoder, [STREAM.subarray(0, cut), STREAM.subarray(cut)]);
      expect(error).toBeUndefined();
      expectAllSamples(payloads);
      expect(decoder.idle).toBe(true);
      expect(decoder.buffered).toBe(0);
    }
  });

  it('decodes the stream cut in three at every position, with a short middle chunk', () => {
    // Three chunks, the middle one short: a prefix or body straddles two or three chunks.
    for (let cut = 0; cut < STREAM.length; cut++) {
      for (const mid of [1, 2, 3, 7]) {
        const chunks = [STREAM.subarray(0, cut), STREAM.subarray(cut, cut + mid), STREAM.subarray(cut + mid)];
        const { payloads, error } = feedAll(new FrameDecoder(), chunks);
        expect(error).toBeUndefined();
        expectAllSamples(payloads);
      }
    }
  });

  it('decodes the stream fed one byte at a time, buffering exactly the bytes of the unfinished frame', () => {
    const decoder = new FrameDecoder();
    const payloads: Uint8Array[] = [];
    const sink: FrameSink = { onFrame: (p) => (payloads.push(Uint8Array.from(p)), true) };
    let frameStart = 0;
    for (let pos = 0; pos < STREAM.length; pos++) {
      const before = payloads.length;
      expect(decoder.feed(STREAM.subarray(pos, pos + 1), sink)).toBeUndefined();
      if (payloads.length > before) frameStart = pos + 1;
      expect(decoder.buffered).toBe(pos + 1 - frameStart);
      expect(decoder.idle).toBe(decoder.buffered === 0);
    }
    expectAllSamples(payloads);
  });

  it('decodes many frames coalesced in one chunk as views into that chunk, without copying', () => {
    const chunk = concat([STREAM, STREAM, STREAM]);
    const views: Uint8Array[] = [];
    const err = new FrameDecoder().feed(chunk, { onFrame: (p) => (views.push(p), true) });
    expect(err).toBeUndefined();
    expect(views).toHaveLength(3 * ALL_SAMPLES.length);
    for (const v of views) expect(v.buffer).toBe(chunk.buffer);
    expectAllSamples(views.slice(0, ALL_SAMPLES.length).map((v) => Uint8Array.from(v)));
  });

  it('copies a straddling frame into a buffer of its exact size', () => {
    const frame = FRAMES.find((f) => f.length > 200)!;
    const views: Uint8Array[] = [];
    const decoder = new FrameDecoder();
    const sink: FrameSink = { onFrame: (p) => (views.push(p), true) };
    decoder.feed(frame.subarray(0, 10), sink);
    decoder.feed(frame.subarray(10), sink);
    expect(views).toHaveLength(1);
    expect(views[0]!.byteLength).toBe(frame.length - 2);
    expect(views[0]!.buffer).not.toBe(frame.buffer);
  });

  it('decodes empty chunks as nothing', () => {
    const decoder = new FrameDecoder();
    const { payloads, error } = feedAll(decoder, [new Uint8Array(0), STREAM.subarray(0, 3), new Uint8Array(0)]);
    expect(error).toBeUndefined();
    expect(payloads).toHaveLength(0);
    expect(decoder.buffered).toBe(3);
  });
});

describe('FrameDecoder: truncated input', () => {
  it('emits nothing for a frame missing its last byte and reports the partial', () => {
    const frame = FRAMES[6]!;
    const decoder = new FrameDecoder();
    const { payloads, error } = feedAll(decoder, [frame.subarray(0, frame.length - 1)]);
    expect(error).toBeUndefined();
    expect(payloads).toHaveLength(0);
    expect(decoder.idle).toBe(false);
    expect(decoder.buffered).toBe(frame.length - 1);
    // The rest arrives later: the frame completes.
    expect(feedAll(decoder, [frame.subarray(frame.length - 1)]).payloads).toHaveLength(1);
    expect(decoder.buffered).toBe(0);
  });

  it('reports a partial length prefix and a prefix with no body yet', () => {
    const frame = rawFrame(new Uint8Array(300)); // prefix 0xac 0x02
    const decoder = new FrameDecoder();
    expect(feedAll(decoder, [frame.subarray(0, 1)]).payloads).toHaveLength(0);
    expect([decoder.idle, decoder.buffered]).toEqual([false, 1]);
    expect(feedAll(decoder, [frame.subarray(1, 2)]).payloads).toHaveLength(0);
    expect([decoder.idle, decoder.buffered]).toEqual([false, 2]);
  });

  it('reset() forgets the partial frame', () => {
    const decoder = new FrameDecoder();
    feedAll(decoder, [FRAMES[0]!.subarray(0, 4)]);
    decoder.reset();
    expect([decoder.idle, decoder.buffered]).toEqual([true, 0]);
    const { payloads } = feedAll(decoder, [STREAM]);
    expectAllSamples(payloads);
  });
});

describe('FrameDecoder: bad length prefixes', () => {
  it('accepts a frame of exactly maxFrame bytes and rejects one more', () => {
    const decoder = new FrameDecoder(16);
    expect(feedAll(decoder, [rawFrame(new Uint8Array(16))]).payloads).toHaveLength(1);
    const { payloads, error } = feedAll(decoder, [rawFrame(new Uint8Array(17))]);
    expect(payloads).toHaveLength(0);
    expectCode(error, 'LF_ERR_FRAME_TOO_LARGE');
  });

  it('defaults to a 64 KiB limit', () => {
    expect(DEFAULT_MAX_FRAME).toBe(64 * 1024);
    const decoder = new FrameDecoder();
    expect(feedAll(decoder, [rawFrame(new Uint8Array(DEFAULT_MAX_FRAME))]).payloads).toHaveLength(1);
    expectCode(feedAll(decoder, [Uint8Array.from(varint(DEFAULT_MAX_FRAME + 1))]).error, 'LF_ERR_FRAME_TOO_LARGE');
  });

  it.each([
    ['2 GiB', [0x80, 0x80, 0x80, 0x80, 0x08]],
    ['4 GiB - 1', [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])('rejects a prefix announcing %s before buffering any of it, even fed byte by byte', (_name, prefix) => {
    const decoder = new FrameDecoder();
    const bytes = Uint8Array.from([...prefix, 1, 2, 3]);
    const { error, errorChunk } = feedAll(
      decoder,
      Array.from(bytes, (_b, i) => bytes.subarray(i, i + 1)),
    );
    expectCode(error, 'LF_ERR_FRAME_TOO_LARGE');
    expect(errorChunk).toBe(4);
    expect([decoder.idle, decoder.buffered]).toEqual([true, 0]);
  });

  it.each([
    ['six bytes of varint', [0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['five continuation bytes', [0x80, 0x80, 0x80, 0x80, 0x80]],
    ['a value over 32 bits', [0x80, 0x80, 0x80, 0x80, 0x10]],
  ])('rejects %s with LF_ERR_BAD_LENGTH at the fifth byte', (_name, prefix) => {
    const bytes = Uint8Array.from(prefix);
    expectCode(feedAll(new FrameDecoder(), [bytes]).error, 'LF_ERR_BAD_LENGTH');
    const decoder = new FrameDecoder();
    const { error, errorChunk } = feedAll(
      decoder,
      Array.from(bytes, (_b, i) => bytes.subarray(i, i + 1)),
    );
    expectCode(error, 'LF_ERR_BAD_LENGTH');
    expect(errorChunk).toBe(4);
    expect(decoder.idle).toBe(true);
  });

  it('stops at the bad prefix: frames before it are emitted, bytes after it are not', () => {
    const bytes = concat([FRAMES[0]!, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff]), FRAMES[1]!]);
    const { payloads, error } = feedAll(new FrameDecoder(), [bytes]);
    expect(payloads).toHaveLength(1);
    expectCode(error, 'LF_ERR_BAD_LENGTH');
  });

  it('decodes a clean stream after an error (the decoder resets itself)', () => {
    const decoder = new FrameDecoder(16);
    expectCode(feedAll(decoder, [rawFrame(new Uint8Array(17))]).error, 'LF_ERR_FRAME_TOO_LARGE');
    expect(feedAll(decoder, [rawFrame([0x08, 0x01])]).payloads).toHaveLength(1);
  });
});

describe('FrameDecoder: sink returning false', () => {
  it('stops the feed at that frame, leaving the decoder idle', () => {
    const decoder = new FrameDecoder();
    let seen = 0;
    const err = decoder.feed(STREAM, { onFrame: () => ++seen < 3 });
    expect(err).toBeUndefined();
    expect(seen).toBe(3);
    expect(decoder.idle).toBe(true);
  });

  it('stops the feed at a frame completed from a partial', () => {
    const decoder = new FrameDecoder();
    let seen = 0;
    const sink: FrameSink = { onFrame: () => (++seen, false) };
    decoder.feed(STREAM.subarray(0, 2), sink);
    decoder.feed(STREAM.subarray(2), sink);
    expect(seen).toBe(1);
    expect(decoder.idle).toBe(true);
  });
});

describe('decodeEnvelope: bad payloads', () => {
  it('returns LF_ERR_EMPTY_BODY for an empty frame and for an envelope without a body', () => {
    const { payloads } = feedAll(new FrameDecoder(), [Uint8Array.from([0x00])]);
    expect(payloads).toEqual([new Uint8Array(0)]);
    expectCode(decodeEnvelope(payloads[0]!) as ProtocolError, 'LF_ERR_EMPTY_BODY');
    const headerOnly = encodeFrame({ seq: 5, sentAt: 12.5 }).subarray(1);
    expectCode(decodeEnvelope(headerOnly) as ProtocolError, 'LF_ERR_EMPTY_BODY');
  });

  it.each([
    ['a truncated nested message', [0x82, 0x01, 0x05, 0x0a]],
    ['a truncated varint', [0x08, 0x80]],
    ['a truncated double', [0x11, 0x00, 0x00]],
    ['an invalid wire type', [...varint((99 << 3) | 7)]],
    ['a stray end-group tag', [...varint((99 << 3) | 4)]],
    ['a nested length past its parent', [0xba, 0x01, 0x05, 0x52, 0x05, 0x0a, 0x01, 0x72, 0x00, 0x00]],
  ])('returns LF_ERR_UNDECODABLE for %s, keeping the cause', (_name, bytes) => {
    const err = decodeEnvelope(Uint8Array.from(bytes));
    expectCode(err as ProtocolError, 'LF_ERR_UNDECODABLE');
    expect((err as ProtocolError).cause).toBeInstanceOf(Error);
  });

  it('skips unknown field numbers around a known body, at the top level and nested', () => {
    const chat = encodeFrame({ seq: 3, chat: { room: 'r', text: 't' } }).subarray(1);
    const unknown = [
      [...varint((99 << 3) | 0), ...varint(123456)], // varint
      [...varint((100 << 3) | 2), 3, 0x78, 0x79, 0x7a], // length-delimited
      [...varint((101 << 3) | 5), 1, 2, 3, 4], // fixed32
      [...varint((102 << 3) | 1), 1, 2, 3, 4, 5, 6, 7, 8], // fixed64
    ].flat();
    const env = decodeEnvelope(Uint8Array.from([...unknown, ...chat, ...unknown]));
    assertSameEnvelope(env, { seq: 3, chat: { room: 'r', text: 't' } });

    // RoomEvent{room: "r", <field 50>, chat{text: "hi"}} inside Envelope field 23.
    const event = [0x0a, 0x01, 0x72, ...varint(50 << 3), 0x01, 0x52, 0x04, 0x0a, 0x02, 0x68, 0x69];
    assertSameEnvelope(decodeEnvelope(Uint8Array.from([0xba, 0x01, event.length, ...event])), {
      event: { room: 'r', chat: { text: 'hi' } },
    });
  });

  it('returns LF_ERR_EMPTY_BODY when only unknown fields remain (a body kind from a newer peer)', () => {
    const futureBody = [...varint((26 << 3) | 2), 2, 0x08, 0x01];
    expectCode(decodeEnvelope(Uint8Array.from([0x08, 0x09, ...futureBody])) as ProtocolError, 'LF_ERR_EMPTY_BODY');
  });
});
