import protobuf from 'protobufjs/minimal.js';
import { ErrorCode } from '@loadfleet/protocol';
import { imlite } from '../generated/im-lite.js';
import type { ChatCore } from './core.js';
import { HEADER, ImLiteDecoder, ImLiteFrameError } from './im-lite-framing.js';
import * as rq from './requests.js';
import type { Session } from './session.js';
import type { Wire } from './wire.js';

/** Type ids (examples/protocols/im-lite/im_lite.proto, header comment). */
export const IM = {
  LoginReq: 1,
  LoginResp: 2,
  EnterRoomReq: 3,
  EnterRoomResp: 4,
  LeaveRoomReq: 5,
  LeaveRoomResp: 6,
  SendTextReq: 7,
  SendGiftReq: 8,
  SendBeamReq: 9,
  ActionResp: 10,
  SendLikeReq: 11,
  Ping: 12,
  Pong: 13,
  TextPush: 20,
  LikePush: 21,
  GiftPush: 22,
  BeamPush: 23,
  MemberPush: 24,
  ErrorResp: 30,
  Kickout: 31,
} as const;

/** messagesIn order, and the index of each request type id in it (-1: not a request). */
const IN_NAMES = [
  'loginReq',
  'enterRoomReq',
  'leaveRoomReq',
  'sendTextReq',
  'sendLikeReq',
  'sendGiftReq',
  'sendBeamReq',
  'ping',
] as const;
const IN_TYPES: number[] = [
  IM.LoginReq,
  IM.EnterRoomReq,
  IM.LeaveRoomReq,
  IM.SendTextReq,
  IM.SendLikeReq,
  IM.SendGiftReq,
  IM.SendBeamReq,
  IM.Ping,
];
const IN_INDEX = new Int8Array(256).fill(-1);
IN_TYPES.forEach((type, i) => (IN_INDEX[type] = i));

/** The bundled ErrorCode (index) as an im-lite Result. */
const RESULT_OF = [0, 1, 2, 3, 3, 4];

const writer = protobuf.Writer.create();

/** Encodes one message of `type` as a whole frame: [length][type][payload]. */
function frame<T>(type: number, codec: { encode(m: T, w: protobuf.Writer): protobuf.Writer }, msg: T): Uint8Array {
  // finish() does not reset the writer.
  writer.reset();
  codec.encode(msg, writer);
  const body = writer.finish();
  const out = Buffer.allocUnsafe(HEADER + body.length);
  out.writeUInt32BE(body.length + 2, 0);
  out.writeUInt16BE(type, 4);
  out.set(body, HEADER);
  return out;
}

const us = (ms: number) => Math.round(ms * 1000);
const meta = (roomId: string, fromUid: number, originTimeUs: number) => ({ roomId, fromUid, originTimeUs });

/**
 * im-lite: [u32 BE length][u16 BE type id][protobuf payload], no envelope
 * and no seq: replies go out in request order (a like is never answered), an
 * ErrorResp takes the place of a failed request's reply, and pushes carry the
 * origin request's client_time_us in meta.origin_time_us. A frame over the
 * limit, a type id that is not a request, or a payload that does not decode
 * is a protocol error: Kickout PROTOCOL_VIOLATION, then close.
 */
export const imLiteWire: Wire = {
  name: 'im-lite',
  names: {
    messagesIn: IN_NAMES,
    repliesOut: ['loginResp', 'enterRoomResp', 'leaveRoomResp', 'actionResp', 'pong', 'errorResp'],
    events: ['textPush', 'likePush', 'giftPush', 'beamPush', 'memberPush'],
  },
  // chat, likes, gift, beam, join, leave: joins and leaves are both MemberPush.
  eventIndex: [0, 1, 2, 3, 4, 4],
  answersLikes: false,
  newDecoder: (maxFrame) => new ImLiteDecoder(maxFrame),
  handle(core: ChatCore, s: Session, payload: Uint8Array): void {
    const type = (payload[0]! << 8) | payload[1]!;
    const index = type < 256 ? IN_INDEX[type]! : -1;
    if (index < 0) return core.protocolError(s, new ImLiteFrameError('LF_ERR_UNKNOWN_TYPE', `type id ${type}`));
    let m: Request;
    try {
      m = DECODE[index]!(payload.subarray(2));
    } catch (err) {
      // protobufjs throws on a truncated or malformed payload.
      return core.protocolError(s, new ImLiteFrameError('LF_ERR_UNDECODABLE', (err as Error).message, { cause: err }));
    }
    core.counters.messagesIn[index]!++;
    if (type !== IM.LoginReq && core.dropped(index)) return;
    dispatch(core, s, type, m);
  },
  forEachPayload(frames, fn) {
    let pos = 0;
    while (pos + 4 <= frames.length) {
      const len = ((frames[pos]! << 24) | (frames[pos + 1]! << 16) | (frames[pos + 2]! << 8) | frames[pos + 3]!) >>> 0;
      fn(frames.subarray(pos + 4, pos + 4 + len));
      pos += 4 + len;
    }
  },
  timeOf: us,
  reply: {
    login: (_ctx, now, uid) => frame(IM.LoginResp, imlite.LoginResp, { uid, serverTimeUs: us(now) }),
    joined: (_ctx, _now, roomId, online) => frame(IM.EnterRoomResp, imlite.EnterRoomResp, { roomId, online }),
    left: (_ctx, _now, roomId) => frame(IM.LeaveRoomResp, imlite.LeaveRoomResp, { roomId }),
    ack: () => frame(IM.ActionResp, imlite.ActionResp, {}),
    heartbeat: (_ctx, now) => frame(IM.Pong, imlite.Pong, { serverTimeUs: us(now) }),
    error: (_ctx, code, message) => frame(IM.ErrorResp, imlite.ErrorResp, { code: RESULT_OF[code] ?? 3, message }),
  },
  event: {
    chat: (room, user, time, text) => frame(IM.TextPush, imlite.TextPush, { meta: meta(room, user, time), text }),
    likes: (room, user, time, count, senders) =>
      frame(IM.LikePush, imlite.LikePush, { meta: meta(room, user, time), count, senders }),
    gift: (room, user, time, giftId, count, value) =>
      frame(IM.GiftPush, imlite.GiftPush, { meta: meta(room, user, time), giftId, count, value }),
    beam: (room, user, time, beamId, value) =>
      frame(IM.BeamPush, imlite.BeamPush, { meta: meta(room, user, time), beamId, value }),
    member: (room, user, time, joined, online) =>
      frame(IM.MemberPush, imlite.MemberPush, {
        meta: meta(room, user, time),
        change: joined ? imlite.MemberChange.JOINED : imlite.MemberChange.LEFT,
        online,
      }),
  },
  kick: (reason, detail) => frame(IM.Kickout, imlite.Kickout, { reason, detail }),
  protocolErrorReply: () => undefined,
};

type Request =
  | imlite.LoginReq
  | imlite.EnterRoomReq
  | imlite.LeaveRoomReq
  | imlite.SendTextReq
  | imlite.SendLikeReq
  | imlite.SendGiftReq
  | imlite.SendBeamReq
  | imlite.Ping;

/** Payload decoders in messagesIn order. */
const DECODE: ((body: Uint8Array) => Request)[] = [
  (b) => imlite.LoginReq.decode(b),
  (b) => imlite.EnterRoomReq.decode(b),
  (b) => imlite.LeaveRoomReq.decode(b),
  (b) => imlite.SendTextReq.decode(b),
  (b) => imlite.SendLikeReq.decode(b),
  (b) => imlite.SendGiftReq.decode(b),
  (b) => imlite.SendBeamReq.decode(b),
  (b) => imlite.Ping.decode(b),
];

function dispatch(core: ChatCore, s: Session, type: number, m: Request): void {
  switch (type) {
    case IM.LoginReq:
      return rq.login(core, s, 0, (m as imlite.LoginReq).uid);
    case IM.Ping:
      return rq.heartbeat(core, s, 0);
    case IM.EnterRoomReq: {
      const r = m as imlite.EnterRoomReq;
      return rq.join(core, s, 0, r.roomId, r.clientTimeUs);
    }
    case IM.LeaveRoomReq: {
      const r = m as imlite.LeaveRoomReq;
      return rq.leave(core, s, 0, r.roomId, r.clientTimeUs);
    }
    case IM.SendTextReq: {
      const r = m as imlite.SendTextReq;
      return rq.chat(core, s, 0, r.roomId, r.clientTimeUs, r.text);
    }
    case IM.SendLikeReq: {
      const r = m as imlite.SendLikeReq;
      return rq.like(core, s, 0, r.roomId, r.clientTimeUs, r.count);
    }
    case IM.SendGiftReq: {
      const r = m as imlite.SendGiftReq;
      return rq.gift(core, s, 0, r.roomId, r.clientTimeUs, r.giftId, r.count, r.value);
    }
    case IM.SendBeamReq: {
      const r = m as imlite.SendBeamReq;
      return rq.beam(core, s, 0, r.roomId, r.clientTimeUs, r.beamId, r.value);
    }
  }
}

// ErrorCode values are the index into RESULT_OF; keep them in step with the bundled enum.
if (RESULT_OF[ErrorCode.ALREADY_LOGGED_IN] !== 4 || RESULT_OF[ErrorCode.NOT_IN_ROOM] !== 2) {
  throw new Error('im-lite result mapping is out of step with ErrorCode');
}
