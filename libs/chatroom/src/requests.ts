import { ErrorCode } from '@loadfleet/protocol';
import type { ChatCore } from './core.js';
import type { Room } from './rooms.js';
import { ACTIVE, type Session } from './session.js';
import { EVENT, REPLY } from './wire.js';

/**
 * The room semantics, the same on every wire. A wire decodes a request and
 * calls one of these with its fields; `ctx` ties the reply to the request
 * (the bundled seq), `time` is the request's send time in the wire's unit
 * (copied into the pushes it causes). Every request is answered by exactly one
 * reply or one error reply, except a like on a wire that never answers likes.
 * Room events go to every member of the room, the sender included (a client
 * sees its own chat come back, which is how a generator measures fan-out
 * delivery latency). Replies carry the receive time of the chunk (s.now).
 */

export function login(core: ChatCore, s: Session, ctx: number, userId: number): void {
  if (s.state === ACTIVE) return core.replyError(s, ctx, ErrorCode.ALREADY_LOGGED_IN, 'already logged in');
  s.state = ACTIVE;
  s.userId = userId;
  s.deadline = s.now + core.opts.heartbeatTimeout;
  core.counters.logins++;
  core.reply(s, REPLY.login, core.wire.reply.login(ctx, s.now, userId));
}

export function heartbeat(core: ChatCore, s: Session, ctx: number): void {
  core.reply(s, REPLY.heartbeat, core.wire.reply.heartbeat(ctx, s.now));
}

/** A kind a client may not send (a reply or a push kind). */
export function notARequest(core: ChatCore, s: Session, ctx: number, kind: string): void {
  core.replyError(s, ctx, ErrorCode.BAD_REQUEST, `${kind} is not a request`);
}

export function join(core: ChatCore, s: Session, ctx: number, name: string, time: number): void {
  if (s.state !== ACTIVE) return core.replyError(s, ctx, ErrorCode.NOT_LOGGED_IN, 'log in first');
  if (name === '') return core.replyError(s, ctx, ErrorCode.BAD_REQUEST, 'room name required');
  const fanout = core.fanout;
  const wire = core.wire;
  if (s.inRoom(name)) {
    // Joining twice is answered, not repeated: no second join event.
    const count = fanout.rooms.get(name)!.memberCount;
    core.reply(s, REPLY.join, wire.reply.joined(ctx, s.now, name, count));
    return;
  }
  if (s.rooms.length >= core.maxRoomsPerSession) {
    return core.replyError(s, ctx, ErrorCode.BAD_REQUEST, `at most ${core.maxRoomsPerSession} rooms per connection`);
  }
  const room = fanout.join(s, name);
  const count = room.memberCount;
  core.reply(s, REPLY.join, wire.reply.joined(ctx, s.now, name, count));
  fanout.publish(room, wire.eventIndex[EVENT.join]!, wire.event.member(name, s.userId, time, true, count));
}

export function leave(core: ChatCore, s: Session, ctx: number, name: string, time: number): void {
  if (memberRoom(core, s, ctx, name, true) === undefined) return;
  core.leaveRoom(s, name, time, true);
  core.reply(s, REPLY.leave, core.wire.reply.left(ctx, s.now, name));
}

export function chat(core: ChatCore, s: Session, ctx: number, name: string, time: number, text: string): void {
  const room = memberRoom(core, s, ctx, name, true);
  if (room === undefined) return;
  const wire = core.wire;
  core.reply(s, REPLY.ack, wire.reply.ack(ctx, s.now));
  core.fanout.publish(room, wire.eventIndex[EVENT.chat]!, wire.event.chat(name, s.userId, time, text));
}

export function like(core: ChatCore, s: Session, ctx: number, name: string, time: number, count: number): void {
  const wire = core.wire;
  const room = memberRoom(core, s, ctx, name, wire.answersLikes);
  if (room === undefined) return;
  if (wire.answersLikes) core.reply(s, REPLY.ack, wire.reply.ack(ctx, s.now));
  // A like without a count is one like.
  core.fanout.like(room, s.userId, time, count || 1);
}

export function gift(
  core: ChatCore,
  s: Session,
  ctx: number,
  name: string,
  time: number,
  giftId: number,
  count: number,
  value: number,
): void {
  const room = memberRoom(core, s, ctx, name, true);
  if (room === undefined) return;
  const wire = core.wire;
  core.reply(s, REPLY.ack, wire.reply.ack(ctx, s.now));
  const frame = wire.event.gift(name, s.userId, time, giftId, count, value);
  core.fanout.publish(room, wire.eventIndex[EVENT.gift]!, frame);
}

export function beam(
  core: ChatCore,
  s: Session,
  ctx: number,
  name: string,
  time: number,
  beamId: number,
  value: number,
): void {
  const room = memberRoom(core, s, ctx, name, true);
  if (room === undefined) return;
  const wire = core.wire;
  core.reply(s, REPLY.ack, wire.reply.ack(ctx, s.now));
  core.fanout.publish(room, wire.eventIndex[EVENT.beam]!, wire.event.beam(name, s.userId, time, beamId, value));
}

/** The room of a request that needs membership, or undefined after answering why not (when `answer`). */
function memberRoom(core: ChatCore, s: Session, ctx: number, name: string, answer: boolean): Room | undefined {
  if (s.state !== ACTIVE) {
    if (answer) core.replyError(s, ctx, ErrorCode.NOT_LOGGED_IN, 'log in first');
    return undefined;
  }
  if (!s.inRoom(name)) {
    if (answer) core.replyError(s, ctx, ErrorCode.NOT_IN_ROOM, `not in room "${name}"`);
    return undefined;
  }
  return core.fanout.rooms.get(name)!;
}
