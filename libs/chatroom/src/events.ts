import { encodeFrame, type EnvelopeInit } from '@loadfleet/protocol';

type RoomEventInit = NonNullable<EnvelopeInit['event']>;
type EventBody = Pick<RoomEventInit, 'chat' | 'likes' | 'gift' | 'beam' | 'join' | 'leave'>;

/** Encodes one room event push (Envelope.seq 0) as a length-prefixed frame. */
export function encodeEvent(room: string, originUser: number, originSentAt: number, body: EventBody): Uint8Array {
  return encodeFrame({ event: { room, originUser, originSentAt, ...body } });
}
