// Cheap peeks into server frames for the benchmark driver: it must not spend
// more CPU decoding than the server spends encoding, so it reads only the tag
// of the body (and of a room event's kind) instead of decoding the protobuf.

/** Envelope body field numbers (protocols/chat/chat.proto). */
export const F = { loginAck: 11, joined: 13, left: 15, heartbeatAck: 21, ack: 22, event: 23, error: 24, kick: 25 };
/** RoomEvent kind field numbers. */
export const EV = { chat: 10, likes: 11, gift: 12, beam: 13, join: 14, leave: 15 };

function varint(buf: Uint8Array, pos: number): [number, number] {
  let v = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++]!;
    v += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [v, pos];
    shift += 7;
  }
}

/** Skips fields until one not in `skip`; returns [fieldNumber, positionAfterTag] or [0, end]. */
function firstField(buf: Uint8Array, pos: number, end: number, skip: number[]): [number, number] {
  while (pos < end) {
    let tag: number;
    [tag, pos] = varint(buf, pos);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (!skip.includes(field)) return [field, pos];
    if (wire === 0) [, pos] = varint(buf, pos);
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      let len: number;
      [len, pos] = varint(buf, pos);
      pos += len;
    } else return [0, end];
  }
  return [0, end];
}

/** The body field number of an Envelope payload (seq = 1 and sent_at = 2 are skipped). */
export function bodyField(payload: Uint8Array): number {
  return firstField(payload, 0, payload.length, [1, 2])[0];
}

/** For an event payload: the RoomEvent kind field number (room, origin_user, origin_sent_at skipped). */
export function eventKind(payload: Uint8Array): number {
  const [field, pos] = firstField(payload, 0, payload.length, [1, 2]);
  if (field !== F.event) return 0;
  const [len, start] = varint(payload, pos);
  return firstField(payload, start, start + len, [1, 2, 3])[0];
}
