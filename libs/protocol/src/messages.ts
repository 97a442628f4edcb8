import { loadfleet } from '../generated/chat.js';

export const chat = loadfleet.chat;
export const Envelope = loadfleet.chat.Envelope;
export type Envelope = loadfleet.chat.Envelope;
export type EnvelopeInit = loadfleet.chat.IEnvelope;
export type RoomEvent = loadfleet.chat.RoomEvent;
export const ErrorCode = loadfleet.chat.ErrorCode;
export const KickReason = loadfleet.chat.KickReason;

/** Every kind of Envelope body, in a fixed order: stats index arrays by it. */
export const BODY_KINDS = [
  'login',
  'loginAck',
  'joinRoom',
  'joined',
  'leave',
  'left',
  'chat',
  'like',
  'gift',
  'beam',
  'heartbeat',
  'heartbeatAck',
  'ack',
  'event',
  'error',
  'kick',
] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

/** Requests a client sends; each is answered by exactly one reply carrying its seq. */
export const REQUEST_KINDS = ['login', 'joinRoom', 'leave', 'chat', 'like', 'gift', 'beam', 'heartbeat'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** The reply body kind that answers each request kind (an `error` may answer any). */
export const REPLY_OF: Readonly<Record<RequestKind, BodyKind>> = {
  login: 'loginAck',
  joinRoom: 'joined',
  leave: 'left',
  chat: 'ack',
  like: 'ack',
  gift: 'ack',
  beam: 'ack',
  heartbeat: 'heartbeatAck',
};

/** Kinds of room event a server pushes (RoomEvent.kind). */
export const ROOM_EVENT_KINDS = ['chat', 'likes', 'gift', 'beam', 'join', 'leave'] as const;
export type RoomEventKind = (typeof ROOM_EVENT_KINDS)[number];

/** The set body kind of an envelope, or undefined when the oneof is empty. */
export function bodyKindOf(env: Envelope): BodyKind | undefined {
  return env.body as BodyKind | undefined;
}

/**
 * The kind of a room event envelope's event (RoomEvent.kind), or undefined when it
 * carries none. A decoded envelope's `event` is a RoomEvent with its `kind` oneof,
 * though the generated class types the field as the plain IRoomEvent.
 */
export function eventKindOf(env: Envelope): RoomEventKind | undefined {
  return (env.event as RoomEvent | null | undefined)?.kind ?? undefined;
}

/** Wall-clock milliseconds with a sub-millisecond fraction, as carried in sent_at. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
