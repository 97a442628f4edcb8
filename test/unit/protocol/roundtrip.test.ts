// Every message kind survives encodeFrame → FrameDecoder → decodeEnvelope with all
// its field values, and the committed static code still matches protocols/chat/chat.proto.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import {
  BODY_KINDS,
  Envelope,
  ErrorCode,
  FrameDecoder,
  KickReason,
  REPLY_OF,
  REQUEST_KINDS,
  ROOM_EVENT_KINDS,
  bodyKindOf,
  decodeEnvelope,
  encodeFrame,
  type EnvelopeInit,
} from '@loadfleet/protocol';
import {
  ALL_SAMPLES,
  BODY_SAMPLES,
  ERROR_SAMPLES,
  EVENT_SAMPLES,
  KICK_SAMPLES,
  assertSameEnvelope,
  concat,
  feedAll,
  varint,
} from './fixtures.js';

const PROTO = fileURLToPath(new URL('../../../protocols/chat/chat.proto', import.meta.url));

function roundTrip(msg: EnvelopeInit, chunkSize = Infinity) {
  const frame = encodeFrame(msg);
  const chunks: Uint8Array[] = [];
  for (let pos = 0; pos < frame.length; pos += Math.min(chunkSize, frame.length)) {
    chunks.push(frame.subarray(pos, pos + Math.min(chunkSize, frame.length)));
  }
  const decoder = new FrameDecoder();
  const { payloads, error } = feedAll(decoder, chunks);
  expect(error).toBeUndefined();
  expect(payloads).toHaveLength(1);
  expect(decoder.idle).toBe(true);
  return decodeEnvelope(payloads[0]!);
}

describe('round trip of every message kind', () => {
  it('covers every body kind and every room event kind', () => {
    expect(BODY_SAMPLES.map(([k]) => k)).toEqual([...BODY_KINDS]);
    expect(EVENT_SAMPLES.map(([k]) => k)).toEqual([...ROOM_EVENT_KINDS]);
    expect(ERROR_SAMPLES).toHaveLength(Object.keys(ErrorCode).length);
    expect(KICK_SAMPLES).toHaveLength(Object.keys(KickReason).length);
  });

  describe.each([
    ['body', BODY_SAMPLES],
    ['room event', EVENT_SAMPLES],
    ['error', ERROR_SAMPLES],
    ['kick', KICK_SAMPLES],
  ] as const)('%s', (_group, samples) => {
    it.each(samples.map(([name, msg]) => ({ name, msg })))('$name in one chunk', ({ msg }) => {
      const env = roundTrip(msg);
      assertSameEnvelope(env, msg);
      expect(bodyKindOf(env as Envelope)).toBe(Object.keys(msg).find((k) => k !== 'seq' && k !== 'sentAt'));
    });
    it.each(samples.map(([name, msg]) => ({ name, msg })))('$name one byte at a time', ({ msg }) => {
      assertSameEnvelope(roundTrip(msg, 1), msg);
    });
  });

  it('keeps extreme field values: u32 max, doubles with fractions, -0, NaN, long unicode strings', () => {
    const cases: EnvelopeInit[] = [
      { seq: 0xffff_ffff, sentAt: Number.MAX_VALUE, chat: { room: '', text: '🚀'.repeat(4000) } },
      { seq: 0, sentAt: -0, heartbeat: {} },
      { sentAt: Number.NaN, ack: { serverTime: Number.MIN_VALUE } },
      { sentAt: Number.NEGATIVE_INFINITY, heartbeatAck: { serverTime: 0.1 + 0.2 } },
      { error: { code: 99 as (typeof ErrorCode)[keyof typeof ErrorCode], reason: 'a code this build does not know' } },
      { event: { room: 'r', likes: { count: 0xffff_ffff, senders: 0 } } },
      { event: { join: {} } },
    ];
    for (const msg of cases) assertSameEnvelope(roundTrip(msg), msg);
  });

  it('frames are a varint length prefix followed by the Envelope bytes', () => {
    for (const msg of ALL_SAMPLES) {
      const body = Envelope.encode(msg).finish();
      expect(Buffer.from(encodeFrame(msg))).toEqual(Buffer.concat([Buffer.from(varint(body.length)), body]));
    }
  });

  it('hands each caller its own buffer: a later encode does not overwrite an earlier frame', () => {
    const a = encodeFrame(ALL_SAMPLES[0]!);
    const copy = Uint8Array.from(a);
    for (const msg of ALL_SAMPLES) encodeFrame(msg);
    expect(Uint8Array.from(a)).toEqual(copy);
  });

  it('a throwing encode leaves no stale bytes in the next frames', () => {
    const good: EnvelopeInit = { seq: 7, heartbeat: {} };
    const expected = Uint8Array.from(encodeFrame(good));
    // A bigint in a nested number field throws deep inside nested forks of the shared writer.
    const bad = { seq: 1, event: { room: 'r', gift: { giftId: 1n } } } as unknown as EnvelopeInit;
    expect(() => encodeFrame(bad)).toThrow(TypeError);
    for (let i = 0; i < 4; i++) expect(Uint8Array.from(encodeFrame(good))).toEqual(expected);
  });

  it('a stream of every sample decodes to the same sequence', () => {
    const stream = concat(ALL_SAMPLES.map(encodeFrame));
    const { payloads, error } = feedAll(new FrameDecoder(), [stream]);
    expect(error).toBeUndefined();
    expect(payloads).toHaveLength(ALL_SAMPLES.length);
    payloads.forEach((p, i) => assertSameEnvelope(decodeEnvelope(p), ALL_SAMPLES[i]!));
  });
});

describe('generated static code is in sync with protocols/chat/chat.proto', () => {
  const root = protobuf.loadSync(PROTO);
  const R = root.lookupType('loadfleet.chat.Envelope');

  it('encodes every sample to the same bytes as reflection, and decodes reflection bytes', () => {
    for (const msg of ALL_SAMPLES) {
      const staticBytes = Envelope.encode(msg).finish();
      const reflectBytes = R.encode(R.fromObject(msg)).finish();
      expect(Buffer.from(staticBytes).toString('hex')).toBe(Buffer.from(reflectBytes).toString('hex'));
      assertSameEnvelope(decodeEnvelope(reflectBytes), msg);
    }
  });

  it('BODY_KINDS and ROOM_EVENT_KINDS list the oneof members in proto order', () => {
    expect(R.oneofsArray.map((o) => o.name)).toEqual(['body']);
    expect(R.oneofs['body']!.fieldsArray.map((f) => f.name)).toEqual([...BODY_KINDS]);
    const event = root.lookupType('loadfleet.chat.RoomEvent');
    expect(event.oneofs['kind']!.fieldsArray.map((f) => f.name)).toEqual([...ROOM_EVENT_KINDS]);
  });

  it('every request kind is a body kind answered by a body kind', () => {
    for (const k of REQUEST_KINDS) {
      expect(BODY_KINDS).toContain(k);
      expect(BODY_KINDS).toContain(REPLY_OF[k]);
    }
  });
});
