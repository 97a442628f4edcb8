import { describe, expect, it } from 'vitest';
import { spliceRequestFrame } from '@loadfleet/engine';
import { FrameDecoder, decodeEnvelope, encodeFrame, type Envelope } from '@loadfleet/protocol';

function bodyOf(init: object): Uint8Array {
  const f = encodeFrame(init);
  let p = 0;
  while (f[p]! & 0x80) p++;
  return f.subarray(p + 1);
}

describe('spliceRequestFrame', () => {
  it('builds the same envelope protobufjs would, for every seq size', () => {
    const body = bodyOf({ chat: { room: 'room-1', text: 'x'.repeat(300) } });
    for (const seq of [1, 127, 128, 16_383, 16_384, 2_097_152, 268_435_456, 0xfffffffe]) {
      const frame = spliceRequestFrame(seq, 1_795_000_000_123.25, body);
      const got: Envelope[] = [];
      expect(
        new FrameDecoder().feed(frame, { onFrame: (p) => (got.push(decodeEnvelope(p) as Envelope), true) }),
      ).toBeUndefined();
      expect(got).toHaveLength(1);
      expect(got[0]!.seq).toBe(seq);
      expect(got[0]!.sentAt).toBe(1_795_000_000_123.25);
      expect(got[0]!.body).toBe('chat');
      expect(got[0]!.chat!.text).toHaveLength(300);
    }
  });
});
