// The chat wire reads heartbeats without the general decode and writes their acks by
// hand: both must agree byte for byte with the protobuf codec, and anything else
// must take the general path.
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeFrame } from '@loadfleet/protocol';
import { heartbeatAckFrame, heartbeatSeq } from '../../../libs/chatroom/src/chat-wire.js';
import { makeCore } from './fakes.js';

/** A frame's payload: the frame without its varint length prefix. */
const payload = (f: Uint8Array) => {
  let i = 0;
  while (f[i]! & 0x80) i++;
  return f.subarray(i + 1);
};

const SEQS = [0, 1, 127, 128, 300, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, 4_294_967_295];

describe('chat wire heartbeat fast path', () => {
  it('reads the seq of every heartbeat as the codec writes it, with or without sent_at', () => {
    for (const seq of SEQS) {
      expect(heartbeatSeq(payload(encodeFrame({ seq, heartbeat: {} })))).toBe(seq);
      expect(heartbeatSeq(payload(encodeFrame({ seq, sentAt: 1_764_000_000_123.5, heartbeat: {} })))).toBe(seq);
    }
  });

  it('leaves every other frame to the general decode', () => {
    const others = [
      encodeFrame({ seq: 3, login: { userId: 1, token: 'x' } }),
      encodeFrame({ seq: 3, heartbeatAck: { serverTime: 1 } }),
      encodeFrame({ seq: 3, chat: { room: 'r', text: 'hi' } }),
      encodeFrame({ seq: 3, sentAt: 5, like: { room: 'r', count: 1 } }),
    ];
    for (const f of others) expect(heartbeatSeq(payload(f))).toBe(-1);
    // A heartbeat with trailing bytes, a truncated one, an unterminated seq.
    expect(heartbeatSeq(Uint8Array.from([0x08, 0x01, 0xa2, 0x01, 0x00, 0x00]))).toBe(-1);
    expect(heartbeatSeq(Uint8Array.from([0x08, 0x01, 0xa2, 0x01]))).toBe(-1);
    expect(heartbeatSeq(Uint8Array.from([0x08, 0xff, 0xff]))).toBe(-1);
    expect(heartbeatSeq(new Uint8Array(0))).toBe(-1);
  });

  it('writes the heartbeat ack byte for byte as the codec does', () => {
    for (const seq of SEQS) {
      for (const now of [1_764_000_000_123.25, 1, 0]) {
        const mine = heartbeatAckFrame(seq, now);
        expect(Buffer.from(mine).equals(Buffer.from(encodeFrame({ seq, heartbeatAck: { serverTime: now } })))).toBe(
          true,
        );
        const env = decodeEnvelope(payload(mine));
        expect(env).toMatchObject({ seq, body: 'heartbeatAck' });
      }
    }
  });

  it('answers a heartbeat read the fast way like any request: counted, acked with its seq', () => {
    const env = makeCore();
    const c = env.connect();
    c.send({ seq: 300, sentAt: 999, heartbeat: {} });
    const replies = c.t.frames();
    expect(replies.map((f) => [f.seq, f.body])).toEqual([[300, 'heartbeatAck']]);
    expect(replies[0]!.heartbeatAck).toMatchObject({ serverTime: 1_000_000 });
    expect(env.core.stats().messagesIn).toMatchObject({ heartbeat: 1 });
    expect(env.core.stats().repliesOut).toMatchObject({ heartbeatAck: 1 });
  });
});
