/**
 * The fast path for the replies a user receives most: heartbeatAck and ack carry
 * only the request's seq and a server time, which the engine does not read. Decoding
 * them with protobufjs costs a Reader, an Envelope and a body object per frame;
 * this reads the seq and the body's field number in place. Anything that is not
 * exactly `[seq] [sent_at] heartbeatAck|ack { [server_time] }` returns 0, and the
 * caller decodes it in full (which also reports malformed frames).
 */

/** Envelope body field numbers (proto/chat.proto) the fast path recognises. */
export const FIELD_HEARTBEAT_ACK = 21;
export const FIELD_ACK = 22;

let seq = 0;

/** The seq of the frame last recognised by peekReply (0 when it had none). */
export function peekedSeq(): number {
  return seq;
}

/** FIELD_HEARTBEAT_ACK or FIELD_ACK when the payload is such a reply and nothing else; else 0. */
export function peekReply(p: Uint8Array): number {
  const end = p.length;
  let pos = 0;
  let s = 0;
  if (p[0] === 0x08) {
    // seq: a uint32 varint, at most 5 bytes.
    pos = 1;
    for (let shift = 0; ; shift += 7) {
      if (pos >= end || shift > 28) return 0;
      const b = p[pos++]!;
      s += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    if (s > 0xffffffff) return 0;
  }
  // sent_at: fixed64.
  if (p[pos] === 0x11) pos += 9;
  // The body tag: field 21 or 22, wire type 2, as the two-byte varint 0xaa|0xb2 0x01.
  if (pos + 3 > end || p[pos + 1] !== 0x01) return 0;
  const tag = p[pos]!;
  const field = tag === 0xaa ? FIELD_HEARTBEAT_ACK : tag === 0xb2 ? FIELD_ACK : 0;
  if (field === 0) return 0;
  const len = p[pos + 2]!;
  pos += 3;
  // The body: empty, or server_time (field 1, fixed64) alone; and nothing after it.
  if (len === 0 ? pos !== end : len !== 9 || pos + 9 !== end || p[pos] !== 0x09) return 0;
  seq = s;
  return field;
}
