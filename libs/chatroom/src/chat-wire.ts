import {
  BODY_KINDS,
  decodeEnvelope,
  encodeFrame,
  ErrorCode,
  FrameDecoder,
  ProtocolError,
  REQUEST_KINDS,
  ROOM_EVENT_KINDS,
} from '@loadfleet/protocol';
import type { ChatCore } from './core.js';
import * as rq from './requests.js';
import type { Session } from './session.js';
import type { Wire } from './wire.js';

/** Index of each Envelope body kind in BODY_KINDS (the bundled wire's messagesIn order). */
export const BODY_INDEX = Object.fromEntries(BODY_KINDS.map((k, i) => [k, i])) as Record<
  (typeof BODY_KINDS)[number],
  number
>;
const LOGIN = BODY_INDEX.login;
const HEARTBEAT = BODY_INDEX.heartbeat;

/**
 * The seq of a payload that is exactly Envelope{seq?, sent_at?, heartbeat{}} as
 * encoders write it (fields in order, an empty body), or -1 for anything else,
 * which takes the general decode. Heartbeats are most of what a held user sends:
 * read this way they cost no decoded object.
 */
export function heartbeatSeq(p: Uint8Array): number {
  let i = 0;
  let seq = 0;
  if (p[0] === 0x08) {
    i = 1;
    for (let shift = 0; ; shift += 7) {
      if (i >= p.length || shift > 28) return -1;
      const b = p[i++]!;
      seq += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
  }
  if (p[i] === 0x11) i += 9;
  // Field 20 (heartbeat), length-delimited: tag 0xa2 0x01, length 0, and nothing after it.
  return i + 3 === p.length && p[i] === 0xa2 && p[i + 1] === 0x01 && p[i + 2] === 0x00 ? seq : -1;
}

const HEARTBEAT_ACK_TAIL = 12; // 0xaa 0x01 (field 21), length 9, 0x09 (server_time, double), 8 bytes

/** Envelope{seq, heartbeat_ack{server_time}}, byte for byte as encodeFrame writes it, without its writer. */
export function heartbeatAckFrame(seq: number, now: number): Uint8Array {
  if (now === 0 || seq > 0x0fffffff) return encodeFrame({ seq, heartbeatAck: { serverTime: now } });
  // The codec writes seq even when it is 0.
  const seqBytes = seq < 0x80 ? 2 : seq < 0x4000 ? 3 : seq < 0x200000 ? 4 : 5;
  const inner = seqBytes + HEARTBEAT_ACK_TAIL;
  const f = Buffer.allocUnsafe(1 + inner);
  f[0] = inner;
  let i = 1;
  f[i++] = 0x08;
  let v = seq;
  while (v >= 0x80) {
    f[i++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  f[i++] = v;
  f[i++] = 0xaa;
  f[i++] = 0x01;
  f[i++] = 9;
  f[i++] = 0x09;
  f.writeDoubleLE(now, i);
  return f;
}
const IS_REQUEST = Uint8Array.from(BODY_KINDS, (k) => ((REQUEST_KINDS as readonly string[]).includes(k) ? 1 : 0));

/**
 * The bundled chat protocol (protocols/chat/chat.proto): varint-length-prefixed
 * Envelopes; every request carries a seq that its reply echoes; times are
 * epoch milliseconds. /stats names its kinds as the Envelope body fields.
 */
export const chatWire: Wire = {
  name: 'chat',
  names: {
    messagesIn: BODY_KINDS,
    repliesOut: ['loginAck', 'joined', 'left', 'ack', 'heartbeatAck', 'error'],
    events: ROOM_EVENT_KINDS,
  },
  // EVENT order is ROOM_EVENT_KINDS order.
  eventIndex: [0, 1, 2, 3, 4, 5],
  answersLikes: true,
  newDecoder: (maxFrame) => new FrameDecoder(maxFrame),
  handle(core: ChatCore, s: Session, payload: Uint8Array): void {
    const hb = heartbeatSeq(payload);
    if (hb >= 0) {
      core.counters.messagesIn[HEARTBEAT]!++;
      if (core.dropped(HEARTBEAT)) return;
      return rq.heartbeat(core, s, hb);
    }
    const env = decodeEnvelope(payload);
    if (env instanceof ProtocolError) return core.protocolError(s, env);
    const kind = env.body!;
    const index = BODY_INDEX[kind];
    core.counters.messagesIn[index]!++;
    if (index !== LOGIN && IS_REQUEST[index] === 1 && core.dropped(index)) return;
    const seq = env.seq;
    const t = env.sentAt;
    switch (kind) {
      case 'heartbeat':
        return rq.heartbeat(core, s, seq);
      case 'login':
        return rq.login(core, s, seq, env.login!.userId ?? 0);
      case 'joinRoom':
        return rq.join(core, s, seq, env.joinRoom!.room ?? '', t);
      case 'leave':
        return rq.leave(core, s, seq, env.leave!.room ?? '', t);
      case 'chat':
        return rq.chat(core, s, seq, env.chat!.room ?? '', t, env.chat!.text ?? '');
      case 'like':
        return rq.like(core, s, seq, env.like!.room ?? '', t, env.like!.count ?? 0);
      case 'gift': {
        const g = env.gift!;
        return rq.gift(core, s, seq, g.room ?? '', t, g.giftId ?? 0, g.count ?? 0, g.value ?? 0);
      }
      case 'beam': {
        const b = env.beam!;
        return rq.beam(core, s, seq, b.room ?? '', t, b.beamId ?? 0, b.value ?? 0);
      }
      default:
        return rq.notARequest(core, s, seq, kind);
    }
  },
  forEachPayload(frames, fn) {
    let pos = 0;
    while (pos < frames.length) {
      let len = 0;
      let shift = 0;
      let b: number;
      do {
        b = frames[pos++]!;
        len += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
      fn(frames.subarray(pos, pos + len));
      pos += len;
    }
  },
  timeOf: (ms) => ms,
  reply: {
    login: (seq, now, userId) => encodeFrame({ seq, loginAck: { serverTime: now, userId } }),
    joined: (seq, now, room, memberCount) => encodeFrame({ seq, joined: { serverTime: now, room, memberCount } }),
    left: (seq, now, room) => encodeFrame({ seq, left: { serverTime: now, room } }),
    ack: (seq, now) => encodeFrame({ seq, ack: { serverTime: now } }),
    heartbeat: heartbeatAckFrame,
    error: (seq, code, reason) => encodeFrame({ seq, error: { code, reason } }),
  },
  event: {
    chat: (room, originUser, originSentAt, text) =>
      encodeFrame({ event: { room, originUser, originSentAt, chat: { text } } }),
    likes: (room, originUser, originSentAt, count, senders) =>
      encodeFrame({ event: { room, originUser, originSentAt, likes: { count, senders } } }),
    gift: (room, originUser, originSentAt, giftId, count, value) =>
      encodeFrame({ event: { room, originUser, originSentAt, gift: { giftId, count, value } } }),
    beam: (room, originUser, originSentAt, beamId, value) =>
      encodeFrame({ event: { room, originUser, originSentAt, beam: { beamId, value } } }),
    member: (room, originUser, originSentAt, joined, memberCount) =>
      encodeFrame({
        event: joined
          ? { room, originUser, originSentAt, join: { memberCount } }
          : { room, originUser, originSentAt, leave: { memberCount } },
      }),
  },
  kick: (reason, detail) => encodeFrame({ kick: { reason, detail } }),
  protocolErrorReply: (code) => encodeFrame({ seq: 0, error: { code: ErrorCode.PROTOCOL_ERROR, reason: code } }),
};
