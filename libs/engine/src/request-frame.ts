/**
 * Builds a request frame around a pre-encoded body: only seq and sent_at change
 * from one send to the next, so the protobuf body is encoded once per step.
 * Byte layout (chat.proto Envelope): [len varint][0x08 seq varint][0x11 sent_at f64 LE][body field].
 */
export function spliceRequestFrame(seq: number, sentAt: number, body: Uint8Array): Buffer {
  const inner = 1 + varintLength(seq) + 9 + body.length;
  const frame = Buffer.allocUnsafe(varintLength(inner) + inner);
  let p = writeVarint(frame, 0, inner);
  frame[p++] = 0x08;
  p = writeVarint(frame, p, seq);
  frame[p++] = 0x11;
  frame.writeDoubleLE(sentAt, p);
  frame.set(body, p + 8);
  return frame;
}

function varintLength(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

function writeVarint(buf: Buffer, pos: number, v: number): number {
  while (v > 0x7f) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[pos++] = v;
  return pos;
}
