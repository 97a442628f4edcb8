import { describe, expect, it } from 'vitest';
import { ProtocolError, encodeFrame, type EnvelopeInit, type WireProtocol } from '@loadfleet/protocol';
import { chatProtocol, imLiteProtocol } from '../../helpers/protocols.js';
import { ALL_SAMPLES, EVENT_SAMPLES } from './fixtures.js';

const chat = chatProtocol();
const im = imLiteProtocol();

/** The payload of a bundled-protocol frame (after its varint length). */
function payloadOf(init: EnvelopeInit): Uint8Array {
  const frame = encodeFrame(init);
  let p = 0;
  while (frame[p]! & 0x80) p++;
  return frame.subarray(p + 1);
}

/** What the peek read of a frame it accepted, and what the full decoder reads; null when it fell back. */
export function readings(wp: WireProtocol, payload: Uint8Array, typeId: number) {
  const k = wp.peek(payload, typeId, -1);
  if (k < 0) return null;
  const peeked = { kind: k, seq: wp.peeker.seq, originMs: wp.peeker.originMs, event: wp.peeker.event };
  const d = wp.decode(payload, typeId, -1);
  const decoded =
    d instanceof ProtocolError ? d : { kind: d.kind.index, seq: d.seq, originMs: d.originMs, event: d.event };
  return { peeked, decoded };
}

describe('peek: the hot path reading of a received frame', () => {
  it('reads every bundled message kind as the full decoder does', () => {
    for (const init of ALL_SAMPLES) {
      const r = readings(chat, payloadOf(init), -1);
      expect(r, JSON.stringify(init)).not.toBeNull();
      expect(r!.peeked).toEqual(r!.decoded);
    }
  });

  it('reads room events: the kind, their origin time and their stats name', () => {
    for (const [name, init] of EVENT_SAMPLES) {
      const k = chat.peek(payloadOf(init), -1, -1);
      expect(chat.kinds[k]!.name).toBe('event');
      expect(chat.eventNames[chat.peeker.event]).toBe(name);
      expect(chat.peeker.originMs).toBe(init.event!.originSentAt);
    }
  });

  it('reads the seq of replies, up to 2^32 - 1', () => {
    for (const seq of [1, 127, 128, 16_384, 0xfffffffe, 0xffffffff]) {
      const k = chat.peek(payloadOf({ seq, sentAt: 5, heartbeatAck: { serverTime: 1 } }), -1, -1);
      expect(chat.kinds[k]!.name).toBe('heartbeatAck');
      expect(chat.peeker.seq).toBe(seq);
    }
  });

  it('falls back to the full decoder for what it cannot vouch for', () => {
    const hb = payloadOf({ seq: 3, heartbeatAck: { serverTime: 1 } });
    const cases: [string, number[]][] = [
      ['truncated', [...hb.subarray(0, hb.length - 1)]],
      ['two oneof members', [...payloadOf({ seq: 3, ack: {} }), ...payloadOf({ heartbeatAck: {} })]],
      ['a known field with the wrong wire type', [0x09, 1, 2, 3, 4, 5, 6, 7, 8, ...hb]],
      ['a 6-byte varint for a 32-bit field', [0x08, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00, ...hb.subarray(2)]],
      ['a group', [0x1b, 0x1c, ...hb]],
      ['field number 0', [0x00, 0x00, ...hb]],
      ['no body', [0x08, 0x05]],
      [
        'a split event with two kinds',
        [...payloadOf({ event: { room: 'r', chat: { text: 'a' }, likes: { count: 1, senders: 1 } } })],
      ],
    ];
    for (const [what, bytes] of cases) expect(chat.peek(Uint8Array.from(bytes), -1, -1), what).toBe(-1);
  });

  // Shapes that once made the old chat-only peek accept what the decoder rejected (issue 15).
  it('never accepts the corrupted event frames that broke the old peek', () => {
    const ev = payloadOf(EVENT_SAMPLES[0]![1]);
    const shapes = [
      Uint8Array.from([...ev.subarray(0, 10), 0xff, 0xff, ...ev.subarray(12, 20)]),
      Uint8Array.from([...ev.subarray(0, ev.length - 3)]),
      Uint8Array.from([0xba, 0x01, 0x05, 0x0a, 0x10, 0x61, 0x62, 0x63]),
      Uint8Array.from([0xba, 0x01, 0x04, 0x52, 0x02, 0x0a, 0x05]),
    ];
    for (const p of shapes) {
      const r = readings(chat, p, -1);
      if (r) expect(r.peeked).toEqual(r.decoded);
    }
  });

  it('reads im-lite frames: the type id names the kind, origin times come in microseconds', () => {
    const push = im.kind('textPush')!;
    const body = im.encodeBody(push, {
      meta: { room_id: 'r', from_uid: 9, origin_time_us: '1732555555123456' },
      text: 'x',
    });
    const r = readings(im, body, push.id);
    expect(r!.peeked).toEqual(r!.decoded);
    expect(r!.peeked.originMs).toBeCloseTo(1_732_555_555_123.456, 3);
    expect(im.eventNames[r!.peeked.event]).toBe('textPush');
    // An unknown type id is the decoder's protocol error.
    expect(im.peek(body, 999, -1)).toBe(-1);
    expect(im.decode(body, 999, -1)).toMatchObject({ code: 'LF_ERR_UNKNOWN_TYPE' });
  });
});
