/** A small hand-written im-lite client (examples/protocols/im-lite/im_lite.proto) for the chat server's tests. */
import net from 'node:net';
import protobuf from 'protobufjs/minimal.js';
import { IM, imlite } from '@loadfleet/chatroom';

type Codec = { encode(m: object, w?: protobuf.Writer): protobuf.Writer; decode(b: Uint8Array): object };

/** Payload codecs of every type id the server sends. */
const SERVER: Record<number, Codec> = {
  [IM.LoginResp]: imlite.LoginResp,
  [IM.EnterRoomResp]: imlite.EnterRoomResp,
  [IM.LeaveRoomResp]: imlite.LeaveRoomResp,
  [IM.ActionResp]: imlite.ActionResp,
  [IM.Pong]: imlite.Pong,
  [IM.TextPush]: imlite.TextPush,
  [IM.LikePush]: imlite.LikePush,
  [IM.GiftPush]: imlite.GiftPush,
  [IM.BeamPush]: imlite.BeamPush,
  [IM.MemberPush]: imlite.MemberPush,
  [IM.ErrorResp]: imlite.ErrorResp,
  [IM.Kickout]: imlite.Kickout,
};

export interface ImFrame {
  type: number;
  // Decoded message; fields as the generated classes name them.
  msg: Record<string, unknown> & { meta?: { roomId: string; fromUid: number; originTimeUs: number } };
}

/** [length u32 BE][type u16 BE][payload]. */
export function imFrame(type: number, payload: Uint8Array): Buffer {
  const out = Buffer.alloc(6 + payload.length);
  out.writeUInt32BE(payload.length + 2, 0);
  out.writeUInt16BE(type, 4);
  out.set(payload, 6);
  return out;
}

export const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

export class ImLiteClient {
  readonly frames: ImFrame[] = [];
  closed = false;
  readonly closedP: Promise<void>;
  private buf = Buffer.alloc(0);

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      while (this.buf.length >= 6 && this.buf.length >= 4 + this.buf.readUInt32BE(0)) {
        const len = this.buf.readUInt32BE(0);
        const type = this.buf.readUInt16BE(4);
        const codec = SERVER[type];
        if (codec === undefined) throw new Error(`server sent unknown type ${type}`);
        this.frames.push({ type, msg: codec.decode(this.buf.subarray(6, 4 + len)) as ImFrame['msg'] });
        this.buf = this.buf.subarray(4 + len);
      }
    });
    socket.on('error', () => {});
    this.closedP = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  static connect(port: number, host = '127.0.0.1'): Promise<ImLiteClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => resolve(new ImLiteClient(socket)));
      socket.once('error', reject);
    });
  }

  send(type: number, codec: Codec, msg: object): void {
    this.socket.write(imFrame(type, codec.encode(msg).finish()));
  }

  login(uid: number): void {
    this.send(IM.LoginReq, imlite.LoginReq, { uid, ticket: 't', clientTimeUs: nowUs() });
  }
  enter(roomId: string): void {
    this.send(IM.EnterRoomReq, imlite.EnterRoomReq, { roomId, clientTimeUs: nowUs() });
  }
  leave(roomId: string): void {
    this.send(IM.LeaveRoomReq, imlite.LeaveRoomReq, { roomId, clientTimeUs: nowUs() });
  }
  text(roomId: string, text: string, clientTimeUs = nowUs()): void {
    this.send(IM.SendTextReq, imlite.SendTextReq, { roomId, text, clientTimeUs });
  }
  like(roomId: string, count: number, clientTimeUs = nowUs()): void {
    this.send(IM.SendLikeReq, imlite.SendLikeReq, { roomId, count, clientTimeUs });
  }
  gift(roomId: string, giftId: number, count: number, value: number): void {
    this.send(IM.SendGiftReq, imlite.SendGiftReq, { roomId, giftId, count, value, clientTimeUs: nowUs() });
  }
  beam(roomId: string, beamId: number, value: number): void {
    this.send(IM.SendBeamReq, imlite.SendBeamReq, { roomId, beamId, value, clientTimeUs: nowUs() });
  }
  ping(): void {
    this.send(IM.Ping, imlite.Ping, { clientTimeUs: nowUs() });
  }
  writeRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Frames of these types, in arrival order. */
  of(...types: number[]): ImFrame[] {
    return this.frames.filter((f) => types.includes(f.type));
  }

  /** Waits until `count` frames of `types` arrived; resolves with them. */
  async waitCount(count: number, types: number[], timeoutMs = 5000): Promise<ImFrame[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.of(...types);
      if (got.length >= count) return got;
      if (Date.now() > deadline) throw new Error(`timed out: ${got.length}/${count} frames of ${types}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
