// The hot path's peek against the full decoder on random, near-valid frames of
// both protocols: whatever the peek accepts, the decoder must read the same way.
// `npm run fuzz` runs a million cases of each.
import fc from 'fast-check';
import { describe } from 'vitest';
import { ProtocolError, encodeFrame, type WireProtocol } from '@loadfleet/protocol';
import { chatProtocol, imLiteProtocol } from '../helpers/protocols.js';
import { ALL_SAMPLES } from '../unit/protocol/fixtures.js';
import { fuzz, mutated } from './harness.js';

const chat = chatProtocol();
const im = imLiteProtocol();
const MILLION = 1_000_000;

function agrees(wp: WireProtocol, payload: Uint8Array, typeId: number): boolean {
  const k = wp.peek(payload, typeId, -1);
  if (k < 0) return true;
  const { seq, originMs, event } = wp.peeker;
  const d = wp.decode(payload, typeId, -1);
  if (d instanceof ProtocolError)
    throw new Error(`peek accepted (kind ${wp.kinds[k]!.name}) what the decoder rejects: ${d.message}`);
  const same = d.kind.index === k && d.seq === seq && Object.is(d.originMs, originMs) && d.event === event;
  if (!same)
    throw new Error(
      `peek read ${JSON.stringify({ k, seq, originMs, event })}, decoder ${JSON.stringify({ k: d.kind.index, seq: d.seq, originMs: d.originMs, event: d.event })}`,
    );
  return true;
}

const chatFrames = fc.constantFrom(...ALL_SAMPLES).map((init) => {
  const f = encodeFrame(init);
  let p = 0;
  while (f[p]! & 0x80) p++;
  return Uint8Array.from(f.subarray(p + 1));
});

const imFrames = fc
  .record({
    kind: fc.constantFrom(...im.kinds),
    room: fc.string({ maxLength: 8 }),
    n: fc.nat(),
    t: fc.bigInt({ min: 0n, max: 2n ** 62n }),
  })
  .map(({ kind, room, n, t }) => {
    const values: Record<string, unknown> = { meta: { room_id: room, from_uid: n, origin_time_us: String(t) } };
    for (const f of kind.type.fieldsArray) if (f.type === 'uint32') values[f.name] = n;
    const body = im.encodeBody(kind, Object.fromEntries(Object.entries(values).filter(([k]) => kind.type.fields[k])));
    return { typeId: kind.id, body };
  });

describe('fuzzing: the peek agrees with the decoder', () => {
  fuzz(
    'peek vs decoder, bundled protocol',
    () => fc.property(mutated(chatFrames), (p) => agrees(chat, p, -1)),
    20_000,
    MILLION,
  );
  fuzz(
    'peek vs decoder, im-lite',
    () =>
      fc.property(
        fc.tuple(imFrames, fc.integer({ min: 0, max: 40 })),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
        ([{ typeId, body }, idDelta], flips) => {
          const b = Uint8Array.from(body);
          for (const [at, mask] of flips) if (b.length > 0) b[at % b.length]! ^= mask;
          return agrees(im, b, idDelta === 0 ? typeId : idDelta);
        },
      ),
    20_000,
    MILLION,
  );
});
