// Shared fixtures for the protocol tests: one sample of every message kind, and
// helpers to build raw frames and to drive a FrameDecoder.
import {
  ErrorCode,
  FrameDecoder,
  KickReason,
  ProtocolError,
  type Envelope,
  type EnvelopeInit,
  type FrameSink,
} from '@loadfleet/protocol';

const SENT_AT = 1_732_555_555_123.456;
const U32_MAX = 0xffff_ffff;

/** One sample per Envelope body kind, with every field set to a non-default value. */
export const BODY_SAMPLES: ReadonlyArray<readonly [string, EnvelopeInit]> = [
  ['login', { seq: 1, sentAt: SENT_AT, login: { userId: 42, token: 'tok-ü-🔑' } }],
  ['loginAck', { seq: 1, loginAck: { serverTime: SENT_AT + 0.25, userId: 42 } }],
  ['joinRoom', { seq: 2, sentAt: SENT_AT, joinRoom: { room: 'room-大厅' } }],
  ['joined', { seq: 2, joined: { serverTime: SENT_AT + 1, room: 'room-大厅', memberCount: 1234 } }],
  ['leave', { seq: 3, sentAt: SENT_AT, leave: { room: 'r1' } }],
  ['left', { seq: 3, left: { serverTime: SENT_AT + 2, room: 'r1' } }],
  ['chat', { seq: 4, sentAt: SENT_AT, chat: { room: 'r1', text: 'hello 👋 world\n\u0000end' } }],
  ['like', { seq: 5, sentAt: SENT_AT, like: { room: 'r1', count: 7 } }],
  ['gift', { seq: 6, sentAt: SENT_AT, gift: { room: 'r1', giftId: 9, count: 3, value: U32_MAX } }],
  ['beam', { seq: 7, sentAt: SENT_AT, beam: { room: 'r1', beamId: 2, value: 500 } }],
  ['heartbeat', { seq: U32_MAX, sentAt: SENT_AT, heartbeat: {} }],
  ['heartbeatAck', { seq: U32_MAX, heartbeatAck: { serverTime: SENT_AT + 0.001 } }],
  ['ack', { seq: 8, ack: { serverTime: SENT_AT + 3.5 } }],
  ['event', { event: { room: 'r1', originUser: 77, originSentAt: SENT_AT, chat: { text: 'hi' } } }],
  ['error', { seq: 9, error: { code: ErrorCode.NOT_IN_ROOM, reason: 'join first' } }],
  ['kick', { kick: { reason: KickReason.SLOW_CONSUMER, detail: 'outbound queue full' } }],
];

/** One RoomEvent push per event kind. */
export const EVENT_SAMPLES: ReadonlyArray<readonly [string, EnvelopeInit]> = [
  ['chat', { event: { room: 'r', originUser: 1, originSentAt: SENT_AT, chat: { text: 'x'.repeat(300) } } }],
  ['likes', { event: { room: 'r', originUser: 2, originSentAt: SENT_AT, likes: { count: 50, senders: 12 } } }],
  ['gift', { event: { room: 'r', originUser: 3, originSentAt: SENT_AT, gift: { giftId: 4, count: 5, value: 6 } } }],
  ['beam', { event: { room: 'r', originUser: 4, originSentAt: SENT_AT, beam: { beamId: 8, value: 9 } } }],
  ['join', { event: { room: 'r', originUser: 5, originSentAt: SENT_AT, join: { memberCount: 10 } } }],
  ['leave', { event: { room: 'r', originUser: 6, originSentAt: SENT_AT, leave: { memberCount: 9 } } }],
];

const enumValues = (e: Record<string, string | number>): number[] =>
  Object.values(e).filter((v): v is number => typeof v === 'number');

/** An error for every ErrorCode and a kick for every KickReason. */
export const ERROR_SAMPLES: ReadonlyArray<readonly [string, EnvelopeInit]> = enumValues(ErrorCode).map((code) => [
  `error ${ErrorCode[code]}`,
  { seq: code, error: { code, reason: `reason ${code}` } },
]);
export const KICK_SAMPLES: ReadonlyArray<readonly [string, EnvelopeInit]> = enumValues(KickReason).map((reason) => [
  `kick ${KickReason[reason]}`,
  { kick: { reason, detail: `detail ${reason}` } },
]);

export const ALL_SAMPLES: EnvelopeInit[] = [...BODY_SAMPLES, ...EVENT_SAMPLES, ...ERROR_SAMPLES, ...KICK_SAMPLES].map(
  ([, m]) => m,
);

/** The decoded message as a plain object of the fields present on the wire, for toEqual. */
export function toPlain(msg: unknown): unknown {
  if (msg === null || typeof msg !== 'object') return msg;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(msg)) out[key] = toPlain((msg as Record<string, unknown>)[key]);
  return out;
}

/** The oneof member set in an EnvelopeInit (the key that is neither seq nor sentAt). */
export function bodyOf(init: EnvelopeInit): string | undefined {
  return Object.keys(init).find((k) => k !== 'seq' && k !== 'sentAt');
}

/** Asserts that a decoded envelope carries exactly the fields and values that were sent. */
export function assertSameEnvelope(actual: Envelope | ProtocolError, expected: EnvelopeInit): void {
  if (actual instanceof ProtocolError) throw new Error(`expected an envelope, got ${actual.code}: ${actual.message}`);
  const got = canonicalJson(toPlain(actual));
  const want = canonicalJson(expected);
  if (got !== want) throw new Error(`envelope mismatch:\n got  ${got}\n want ${want}`);
  if (actual.body !== bodyOf(expected)) throw new Error(`body ${String(actual.body)} !== ${bodyOf(expected)}`);
}

/** JSON with sorted keys, spelling out the numbers JSON would lose (-0, NaN, ±Infinity). */
function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_key, val: unknown) => {
    if (typeof val === 'number') return Object.is(val, -0) ? '#-0' : Number.isFinite(val) ? val : `#${val}`;
    if (val === null || typeof val !== 'object') return val;
    return Object.fromEntries(Object.entries(val).sort(([a], [b]) => (a < b ? -1 : 1)));
  });
}

/** A protobuf varint, for hand-made frames. */
export function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** A frame made of a raw payload. */
export function rawFrame(payload: ArrayLike<number>): Uint8Array {
  return Uint8Array.from([...varint(payload.length), ...Array.from(payload)]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

/** Splits bytes into chunks whose sizes cycle through `sizes` (each ≥ 1). */
export function chunkBy(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let pos = 0, i = 0; pos < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    out.push(bytes.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

export interface FeedResult {
  /** Copies of the payloads the sink received, in order. */
  payloads: Uint8Array[];
  error: ProtocolError | undefined;
  /** Index of the chunk whose feed returned the error. */
  errorChunk: number;
}

/** Feeds every chunk (stopping at the first error), copying each payload since views die with their chunk. */
export function feedAll(decoder: FrameDecoder, chunks: readonly Uint8Array[]): FeedResult {
  const payloads: Uint8Array[] = [];
  const sink: FrameSink = {
    onFrame(p) {
      payloads.push(Uint8Array.from(p));
      return true;
    },
  };
  for (let i = 0; i < chunks.length; i++) {
    const error = decoder.feed(chunks[i]!, sink);
    if (error !== undefined) return { payloads, error, errorChunk: i };
  }
  return { payloads, error: undefined, errorChunk: -1 };
}
