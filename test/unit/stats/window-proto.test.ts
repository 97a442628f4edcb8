// The stats window is a message of proto/control.proto (StatsWindow); libs/stats writes
// and reads it by hand for speed. These hold the two together, byte for byte.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { control } from '@loadfleet/protocol';
import { decodeWindow, encodeWindow, freezeWindow } from '@loadfleet/stats';
import { expectSameWindow, micros, windowOf } from './helpers.js';

const name = fc.oneof(fc.constantFrom('msg.out.chat', '__proto__', 'é✓'), fc.string());
const number = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const windows = fc
  .record({
    second: fc.integer({ min: 0, max: 0xffffffff }),
    counters: fc.dictionary(name, number, { maxKeys: 6 }),
    gauges: fc.dictionary(name, number, { maxKeys: 6 }),
    histograms: fc.dictionary(name, fc.array(micros, { minLength: 1, maxLength: 100 }), { maxKeys: 3 }),
  })
  .map(({ second, counters, gauges, histograms }) =>
    freezeWindow({ ...windowOf(second, histograms), counters: { ...counters }, gauges: { ...gauges }, sources: 2 }),
  );

describe('StatsWindow (proto/control.proto) and encodeWindow', () => {
  it('the generated code reads the hand-written bytes and writes them back identically (property)', () => {
    fc.assert(
      fc.property(windows, (w) => {
        const bytes = encodeWindow(w);
        const m = control.StatsWindow.decode(bytes);
        expect(m.magic).toBe(0x5753464c);
        expect(m.version).toBe(1);
        expect(m.second).toBe(w.second);
        expect(m.counters.map((v) => v.name).sort()).toEqual(Object.keys(w.counters).sort());
        const again = control.StatsWindow.encode(m).finish();
        expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
        expectSameWindow(decodeWindow(again), w);
      }),
      { numRuns: 100 },
    );
  });

  it('the hand-written reader takes a window the generated code wrote', () => {
    const bytes = control.StatsWindow.encode({
      magic: 0x5753464c,
      version: 1,
      second: 1_800_000_000,
      sources: 1,
      counters: [
        { name: 'users.started', int: 7 },
        { name: 'bytes', num: 2.5 },
      ],
      gauges: [{ name: 'users.active', int: -3 }],
    }).finish();
    const w = decodeWindow(bytes);
    expect(w).toMatchObject({ second: 1_800_000_000, sources: 1 });
    expect({ ...w.counters }).toEqual({ 'users.started': 7, bytes: 2.5 });
    expect({ ...w.gauges }).toEqual({ 'users.active': -3 });
  });
});
