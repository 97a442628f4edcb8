/**
 * Fast paths for the frames a user receives most. heartbeatAck and ack carry only
 * the request's seq and a server time, which the engine does not read; a room
 * event is read for its kind and origin time only. Decoding them with protobufjs
 * costs a Reader, an Envelope, a body object (and for events the room and text
 * strings) per frame; these read the few fields in place.
 *
 * They accept only frames that are well-formed in every byte, with each field of
 * the wire type chat.proto gives it and no unknown field; anything else answers
 * "no", and the caller decodes the frame in full, which also reports the
 * malformed ones. So what they accept, protobufjs would decode to the same values.
 *
 * Layouts (proto/chat.proto, fields in number order as protobufjs writes them):
 *   Envelope  [0x08 seq varint]? [0x11 sent_at f64]? body
 *   heartbeatAck = field 21, ack = field 22: { [0x09 server_time f64]? }
 *   event = field 23: RoomEvent { room 1, origin_user 2, origin_sent_at 3 (f64), kind 10..15 }
 */

/** Envelope body field numbers the reply fast path recognises. */
export const FIELD_HEARTBEAT_ACK = 21;
export const FIELD_ACK = 22;

let seq = 0;
let originSentAt = 0;
/** Where the varint last read by readVarint ends (-1: malformed or truncated). */
let next = 0;

/** The seq of the frame last recognised by peekReply or peekEvent (0 when it had none). */
export function peekedSeq(): number {
  return seq;
}

/** The origin_sent_at of the event last recognised by peekEvent (0 when it had none). */
export function peekedOriginSentAt(): number {
  return originSentAt;
}

/** A varint of at most `maxBytes` bytes before `end`; its end goes to `next` (-1 when malformed). */
function readVarint(p: Uint8Array, pos: number, end: number, maxBytes: number): number {
  let v = 0;
  for (let i = 0; i < maxBytes && pos < end; i++) {
    const b = p[pos++]!;
    v += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) {
      next = pos;
      return v;
    }
  }
  next = -1;
  return 0;
}

const f64 = new DataView(new ArrayBuffer(8));
function readDouble(p: Uint8Array, pos: number): number {
  for (let i = 0; i < 8; i++) f64.setUint8(i, p[pos + i]!);
  return f64.getFloat64(0, true);
}

/** Position after the envelope's seq and sent_at (seq is left in `seq`), or -1 when malformed. */
function skipHeader(p: Uint8Array): number {
  let pos = 0;
  seq = 0;
  if (p[0] === 0x08) {
    seq = readVarint(p, 1, p.length, 5);
    if (next < 0 || seq > 0xffffffff) return -1;
    pos = next;
  }
  if (p[pos] === 0x11) pos += 9;
  return pos <= p.length ? pos : -1;
}

/** FIELD_HEARTBEAT_ACK or FIELD_ACK when the payload is such a reply and nothing else; else 0. */
export function peekReply(p: Uint8Array): number {
  const end = p.length;
  let pos = skipHeader(p);
  // The body tag: field 21 or 22, wire type 2, as the two-byte varint 0xaa|0xb2 0x01.
  if (pos < 0 || pos + 3 > end || p[pos + 1] !== 0x01) return 0;
  const tag = p[pos]!;
  const field = tag === 0xaa ? FIELD_HEARTBEAT_ACK : tag === 0xb2 ? FIELD_ACK : 0;
  if (field === 0) return 0;
  const len = p[pos + 2]!;
  pos += 3;
  // The body: empty, or server_time (field 1, fixed64) alone; and nothing after it.
  if (len === 0 ? pos !== end : len !== 9 || pos + 9 !== end || p[pos] !== 0x09) return 0;
  return field;
}

/** Wire types of fields 1, 2, 3… of each room event kind's message, by kind index (chat.proto). */
const KIND_WIRES: readonly (readonly number[])[] = [
  [2], // ChatEvent: text
  [0, 0], // LikesEvent: count, senders
  [0, 0, 0], // GiftEvent: gift_id, count, value
  [0, 0], // BeamEvent: beam_id, value
  [0], // MemberEvent (join): member_count
  [0], // MemberEvent (leave): member_count
];
/** Wire types of RoomEvent fields 1, 2, 3: room, origin_user, origin_sent_at. */
const EVENT_WIRES: readonly number[] = [2, 0, 1];

/**
 * For a room event: the index of its kind in ROOM_EVENT_KINDS (RoomEvent fields
 * 10..15 are chat, likes, gift, beam, join, leave), 6 for an event without a kind,
 * or -1 when the payload is not such an event, well-formed.
 */
export function peekEvent(p: Uint8Array): number {
  const end = p.length;
  const start = skipHeader(p);
  // The body tag: field 23, wire type 2 = 0xba 0x01; the RoomEvent runs to the end of the frame.
  if (start < 0 || start + 3 > end || p[start] !== 0xba || p[start + 1] !== 0x01) return -1;
  const len = readVarint(p, start + 2, end, 5);
  if (next < 0 || next + len !== end) return -1;
  let pos = next;
  let sentAt = 0;
  let kind = 6;
  while (pos < end) {
    const tag = p[pos++]!;
    const field = tag >> 3;
    const wire = tag & 7;
    const isKind = field >= 10 && field <= 15;
    if (tag >= 0x80 || (isKind ? wire !== 2 : field < 1 || field > 3 || wire !== EVENT_WIRES[field - 1])) return -1;
    if (wire === 1) {
      if (pos + 8 > end) return -1;
      sentAt = readDouble(p, pos);
      pos += 8;
    } else if (wire === 0) {
      readVarint(p, pos, end, 10);
      if (next < 0) return -1;
      pos = next;
    } else {
      const n = readVarint(p, pos, end, 5);
      if (next < 0 || next + n > end) return -1;
      // Two kinds in one event (which one protobufjs reports is its own business): the full decoder's.
      if (isKind && (kind !== 6 || !wellFormed(p, next, next + n, KIND_WIRES[field - 10]!))) return -1;
      if (isKind) kind = field - 10;
      pos = next + n;
    }
  }
  originSentAt = sentAt;
  return kind;
}

/** True when p[pos, end) is a message of fields 1.. with exactly these wire types (varint or length-delimited). */
function wellFormed(p: Uint8Array, pos: number, end: number, wires: readonly number[]): boolean {
  while (pos < end) {
    const tag = p[pos++]!;
    const field = tag >> 3;
    if (tag >= 0x80 || field < 1 || field > wires.length || (tag & 7) !== wires[field - 1]) return false;
    const v = readVarint(p, pos, end, (tag & 7) === 0 ? 10 : 5);
    if (next < 0) return false;
    pos = (tag & 7) === 0 ? next : next + v;
  }
  return pos === end;
}
