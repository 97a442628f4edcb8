import { BODY_KINDS, encodeFrame, ErrorCode, REQUEST_KINDS, type Envelope } from '@loadfleet/protocol';
import { BODY_INDEX, EVENT, REPLY } from './counters.js';
import type { ChatCore } from './core.js';
import { encodeEvent } from './events.js';
import { ACTIVE, type Session } from './session.js';

const IS_REQUEST = Uint8Array.from(BODY_KINDS, (k) => ((REQUEST_KINDS as readonly string[]).includes(k) ? 1 : 0));

/**
 * Handles one decoded request. Every request is answered by exactly one reply
 * carrying its seq (or an error reply). serverTime is the receive time of the
 * chunk the request came in. Room events go to every member of the room,
 * including the sender (a client sees its own chat come back, which is also
 * how a generator measures fan-out delivery latency).
 */
export function dispatch(core: ChatCore, s: Session, env: Envelope): void {
  const kind = env.body!;
  const index = BODY_INDEX[kind];
  core.counters.messagesIn[index]!++;
  // --drop-rate: a lost request, as a faulty release would lose it (no reply, no effect).
  if (core.drop !== undefined && kind !== 'login' && IS_REQUEST[index] === 1 && core.drop()) {
    core.counters.requestsDropped[index]!++;
    return;
  }
  const seq = env.seq;
  if (kind === 'heartbeat') {
    core.reply(s, REPLY.heartbeatAck, encodeFrame({ seq, heartbeatAck: { serverTime: s.now } }));
    return;
  }
  if (kind === 'login') {
    if (s.state === ACTIVE) return core.replyError(s, seq, ErrorCode.ALREADY_LOGGED_IN, 'already logged in');
    s.state = ACTIVE;
    s.userId = env.login!.userId ?? 0;
    s.deadline = s.now + core.opts.heartbeatTimeout;
    core.counters.logins++;
    core.reply(s, REPLY.loginAck, encodeFrame({ seq, loginAck: { serverTime: s.now, userId: s.userId } }));
    return;
  }
  if (
    kind !== 'joinRoom' &&
    kind !== 'leave' &&
    kind !== 'chat' &&
    kind !== 'like' &&
    kind !== 'gift' &&
    kind !== 'beam'
  ) {
    return core.replyError(s, seq, ErrorCode.BAD_REQUEST, `${kind} is not a request`);
  }
  if (s.state !== ACTIVE) return core.replyError(s, seq, ErrorCode.NOT_LOGGED_IN, 'log in first');
  const name = env[kind]!.room ?? '';
  if (kind === 'joinRoom') return join(core, s, seq, name, env.sentAt);
  if (!s.inRoom(name)) return core.replyError(s, seq, ErrorCode.NOT_IN_ROOM, `not in room "${name}"`);
  const fanout = core.fanout;
  const room = fanout.rooms.get(name)!;
  const user = s.userId;
  const sentAt = env.sentAt;
  switch (kind) {
    case 'leave':
      core.leaveRoom(s, name, sentAt, true);
      core.reply(s, REPLY.left, encodeFrame({ seq, left: { serverTime: s.now, room: name } }));
      return;
    case 'chat':
      core.reply(s, REPLY.ack, encodeFrame({ seq, ack: { serverTime: s.now } }));
      fanout.publish(room, EVENT.chat, encodeEvent(name, user, sentAt, { chat: { text: env.chat!.text } }));
      return;
    case 'like':
      core.reply(s, REPLY.ack, encodeFrame({ seq, ack: { serverTime: s.now } }));
      // A like without a count is one like.
      fanout.like(room, user, sentAt, env.like!.count || 1);
      return;
    case 'gift': {
      const g = env.gift!;
      core.reply(s, REPLY.ack, encodeFrame({ seq, ack: { serverTime: s.now } }));
      const body = { gift: { giftId: g.giftId, count: g.count, value: g.value } };
      fanout.publish(room, EVENT.gift, encodeEvent(name, user, sentAt, body));
      return;
    }
    case 'beam': {
      const b = env.beam!;
      core.reply(s, REPLY.ack, encodeFrame({ seq, ack: { serverTime: s.now } }));
      fanout.publish(room, EVENT.beam, encodeEvent(name, user, sentAt, { beam: { beamId: b.beamId, value: b.value } }));
      return;
    }
  }
}

function join(core: ChatCore, s: Session, seq: number, name: string, sentAt: number): void {
  if (name === '') return core.replyError(s, seq, ErrorCode.BAD_REQUEST, 'room name required');
  const fanout = core.fanout;
  if (s.inRoom(name)) {
    // Joining twice is answered, not repeated: no second join event.
    const count = fanout.rooms.get(name)!.memberCount;
    core.reply(s, REPLY.joined, encodeFrame({ seq, joined: { serverTime: s.now, room: name, memberCount: count } }));
    return;
  }
  if (s.rooms.length >= core.maxRoomsPerSession) {
    return core.replyError(s, seq, ErrorCode.BAD_REQUEST, `at most ${core.maxRoomsPerSession} rooms per connection`);
  }
  const room = fanout.join(s, name);
  const memberCount = room.memberCount;
  core.reply(s, REPLY.joined, encodeFrame({ seq, joined: { serverTime: s.now, room: name, memberCount } }));
  fanout.publish(room, EVENT.join, encodeEvent(name, s.userId, sentAt, { join: { memberCount } }));
}
