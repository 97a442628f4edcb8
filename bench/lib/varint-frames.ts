/**
 * The chat wire's framing (a varint length, then the frame) for the bare reference
 * clients and servers: calls `onFrame(ctx, buf, start, end)` for each whole frame of
 * `carry` + `chunk`, and returns the tail of an unfinished frame to carry into the next
 * chunk (null: none). No closure per chunk: these are the floor's hot path.
 */
export function splitFrames<T>(
  carry: Buffer | null,
  chunk: Buffer,
  ctx: T,
  onFrame: (ctx: T, buf: Buffer, start: number, end: number) => void,
): Buffer | null {
  const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
  let pos = 0;
  while (pos < buf.length) {
    let len = 0;
    let shift = 0;
    let p = pos;
    let whole = false;
    while (p < buf.length) {
      const b = buf[p++]!;
      len += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        whole = true;
        break;
      }
      shift += 7;
    }
    if (!whole || p + len > buf.length) break;
    onFrame(ctx, buf, p, p + len);
    pos = p + len;
  }
  return pos < buf.length ? Buffer.from(buf.subarray(pos)) : null;
}
