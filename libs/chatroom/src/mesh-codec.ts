/**
 * The records two chat server processes exchange on their mesh link (a Unix
 * socket between each pair): [u32 BE length of the rest][u8 type][body].
 *   HELLO  u16 slot                          who is on the other end
 *   COUNT  u32 members, room (utf8)          that process's members of a room now
 *   EVENT  u8 kind, u32 room length, room, frame   a push to deliver to its members
 * Frames are the wire's encoded bytes, forwarded as they are (never decoded).
 */
export const HELLO = 0;
export const COUNT = 1;
export const EVENT_RECORD = 2;

export interface MeshSink {
  hello(slot: number): void;
  count(room: string, members: number): void;
  event(room: string, kind: number, frame: Uint8Array): void;
}

export function encodeHello(slot: number): Buffer {
  const b = Buffer.allocUnsafe(7);
  b.writeUInt32BE(3, 0);
  b[4] = HELLO;
  b.writeUInt16BE(slot, 5);
  return b;
}

export function encodeCount(room: string, members: number): Buffer {
  const roomLen = Buffer.byteLength(room);
  const b = Buffer.allocUnsafe(9 + roomLen);
  b.writeUInt32BE(5 + roomLen, 0);
  b[4] = COUNT;
  b.writeUInt32BE(members, 5);
  b.write(room, 9);
  return b;
}

export function encodeEventRecord(room: string, kind: number, frame: Uint8Array): Buffer {
  const roomLen = Buffer.byteLength(room);
  const b = Buffer.allocUnsafe(10 + roomLen + frame.length);
  b.writeUInt32BE(6 + roomLen + frame.length, 0);
  b[4] = EVENT_RECORD;
  b[5] = kind;
  b.writeUInt32BE(roomLen, 6);
  b.write(room, 10);
  b.set(frame, 10 + roomLen);
  return b;
}

/** Thrown when a peer sends bytes that are not mesh records: a bug, never client input. */
export class MeshProtocolError extends Error {
  override readonly name = 'MeshProtocolError';
  readonly code = 'LF_ERR_MESH_RECORD';
}

/**
 * Splits a mesh link's byte stream into records. Only the tail of a chunk
 * that holds part of a record is kept (copied once, joined with the next chunk).
 */
export class MeshDecoder {
  private rest: Buffer | null = null;

  feed(chunk: Buffer, sink: MeshSink): void {
    const buf = this.rest === null ? chunk : Buffer.concat([this.rest, chunk]);
    this.rest = null;
    let pos = 0;
    while (buf.length - pos >= 4) {
      const len = buf.readUInt32BE(pos);
      if (buf.length - pos - 4 < len) break;
      const start = pos + 4;
      pos = start + len;
      switch (buf[start]) {
        case HELLO:
          sink.hello(buf.readUInt16BE(start + 1));
          break;
        case COUNT:
          sink.count(buf.toString('utf8', start + 5, pos), buf.readUInt32BE(start + 1));
          break;
        case EVENT_RECORD: {
          const roomEnd = start + 6 + buf.readUInt32BE(start + 2);
          sink.event(buf.toString('utf8', start + 6, roomEnd), buf[start + 1]!, buf.subarray(roomEnd, pos));
          break;
        }
        default:
          throw new MeshProtocolError(`unknown mesh record type ${buf[start]}`);
      }
    }
    if (pos < buf.length) this.rest = Buffer.from(buf.subarray(pos));
  }
}
