import { describe, expect, it } from 'vitest';
import {
  FrameDecoder,
  ROOM_EVENT_KINDS,
  decodeEnvelope,
  encodeFrame,
  ProtocolError,
  type EnvelopeInit,
} from '@loadfleet/protocol';
import {
  FIELD_ACK,
  FIELD_HEARTBEAT_ACK,
  peekEvent,
  peekReply,
  peekedOriginSentAt,
  peekedSeq,
} from '../../../libs/engine/src/frame-peek.js';

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
      for (let k = Math.floor(Math.random() * 3); k > 0; k--)
        p[Math.floor(Math.random() * p.length)] = Math.floor(Math.random() * 256);
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

describe('peekEvent', () => {
  const events: EnvelopeInit[] = [
    { event: { room: 'room-1', originUser: 7, originSentAt: 1_795_000_000_123.5, chat: { text: 'hi all' } } },
    { event: { room: 'room-2', likes: { count: 12, senders: 3 } } },
    { seq: 0, sentAt: 5, event: { originSentAt: 9.25, gift: { giftId: 2, count: 1, value: 10 } } },
    { event: { room: 'r', originUser: 300_000, beam: { beamId: 1, value: 50 } } },
    { event: { room: 'r', join: { memberCount: 18 } } },
    { event: { room: 'x'.repeat(200), leave: { memberCount: 0 } } },
    { event: { room: 'no kind' } },
  ];

  it('reads the kind and origin time of every kind of room event', () => {
    for (const init of events) {
      const p = payloadOf(init);
      const env = decodeEnvelope(p);
      if (env instanceof ProtocolError) throw env;
      const want = env.event!.kind ? ROOM_EVENT_KINDS.indexOf(env.event!.kind as never) : 6;
      expect(peekEvent(p)).toBe(want);
      expect(peekedOriginSentAt()).toBe(env.event!.originSentAt);
    }
  });

  it('leaves replies and requests to the other paths', () => {
    for (const init of [
      { seq: 1, heartbeatAck: { serverTime: 1 } },
      { seq: 2, chat: { room: 'r', text: 't' } },
      { kick: { reason: 1 } },
    ] as EnvelopeInit[]) {
      expect(peekEvent(payloadOf(init))).toBe(-1);
    }
  });

  it('never accepts a frame that the full decoder reads differently', () => {
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const base = payloadOf(events[i % events.length]!);
      const p = Uint8Array.from(base.subarray(0, Math.max(1, base.length - Math.floor(Math.random() * 3))));
      for (let k = Math.floor(Math.random() * 3); k > 0; k--)
        p[Math.floor(Math.random() * p.length)] = Math.floor(Math.random() * 256);
      const kind = peekEvent(p);
      if (kind < 0) continue;
      accepted++;
      const env = decodeEnvelope(p);
      expect(env).not.toBeInstanceOf(ProtocolError);
      if (env instanceof ProtocolError) continue;
      expect(env.body).toBe('event');
      expect(kind).toBe(env.event!.kind ? ROOM_EVENT_KINDS.indexOf(env.event!.kind as never) : 6);
      expect(peekedOriginSentAt()).toBe(env.event!.originSentAt);
    }
    expect(accepted).toBeGreaterThan(0);
  });
});
