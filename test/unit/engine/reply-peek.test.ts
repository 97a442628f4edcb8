import { describe, expect, it } from 'vitest';
import { FrameDecoder, decodeEnvelope, encodeFrame, ProtocolError, type EnvelopeInit } from '@loadfleet/protocol';
import { FIELD_ACK, FIELD_HEARTBEAT_ACK, peekReply, peekedSeq } from '../../../libs/engine/src/reply-peek.js';

function payloadOf(init: EnvelopeInit): Uint8Array {
  const out: Uint8Array[] = [];
  new FrameDecoder().feed(encodeFrame(init), { onFrame: (p) => (out.push(p), true) });
  return out[0]!;
}

describe('peekReply', () => {
  it('reads the seq and kind of heartbeatAck and ack frames as protobufjs encodes them', () => {
    for (const seq of [0, 1, 127, 128, 16_384, 0xfffffffe]) {
      for (const sentAt of [0, 1_795_000_000_123.25]) {
        for (const serverTime of [0, 1_795_000_000_456.5]) {
          const hb = payloadOf({ seq, sentAt, heartbeatAck: { serverTime } });
          expect(peekReply(hb)).toBe(FIELD_HEARTBEAT_ACK);
          expect(peekedSeq()).toBe(seq);
          const ack = payloadOf({ seq, sentAt, ack: { serverTime } });
          expect(peekReply(ack)).toBe(FIELD_ACK);
          expect(peekedSeq()).toBe(seq);
        }
      }
    }
  });

  it('leaves every other frame to the full decoder', () => {
    const others: EnvelopeInit[] = [
      { seq: 1, loginAck: { serverTime: 5, userId: 3 } },
      { seq: 2, joined: { room: 'r', memberCount: 4 } },
      { seq: 3, error: { code: 1, reason: 'no' } },
      { event: { room: 'r', chat: { text: 'hi' } } },
      { kick: { reason: 1 } },
      { seq: 4, heartbeat: {} },
    ];
    for (const init of others) expect(peekReply(payloadOf(init))).toBe(0);
  });

  it('never accepts a frame that the full decoder reads differently', () => {
    const base = payloadOf({ seq: 300, sentAt: 12.5, heartbeatAck: { serverTime: 99 } });
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const p = Uint8Array.from(base.subarray(0, 1 + Math.floor(Math.random() * base.length)));
      for (let k = Math.floor(Math.random() * 3); k > 0; k--) p[Math.floor(Math.random() * p.length)] = Math.floor(Math.random() * 256);
      const field = peekReply(p);
      if (field === 0) continue;
      accepted++;
      const env = decodeEnvelope(p);
      expect(env).not.toBeInstanceOf(ProtocolError);
      if (env instanceof ProtocolError) continue;
      expect(env.body).toBe(field === FIELD_HEARTBEAT_ACK ? 'heartbeatAck' : 'ack');
      expect(env.seq).toBe(peekedSeq());
    }
    expect(accepted).toBeGreaterThan(0);
  });
});
