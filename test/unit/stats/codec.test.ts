// encodeWindow / decodeWindow: exact round trips, and typed errors for anything else.
import fc from 'fast-check';
import hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { StatsError, decodeWindow, emptyWindow, encodeWindow, freezeWindow, type StatsWindow } from '@loadfleet/stats';
import { expectSameHistogram, expectSameWindow, micros, windowOf } from './helpers.js';

const name = fc.oneof(
  fc.constantFrom('msg.out.chat', 'errors.protocol', '__proto__', 'constructor', 'é✓'),
  fc.string(),
);
const number = fc.oneof(
  fc.integer(),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const windows = fc
  .record({
    second: fc.oneof(fc.constantFrom(0, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff })),
    counters: fc.dictionary(name, number, { maxKeys: 6 }),
    gauges: fc.dictionary(name, number, { maxKeys: 6 }),
    histograms: fc.dictionary(name, fc.array(micros, { minLength: 1, maxLength: 200 }), { maxKeys: 4 }),
  })
  .map(({ second, counters, gauges, histograms }) => {
    // Counters and gauges set directly: a window may hold any finite number under any name.
    const w = { ...windowOf(second, histograms), counters: { ...counters }, gauges: { ...gauges }, sources: 3 };
    return freezeWindow(w);
  });

function roundTrip(w: StatsWindow): StatsWindow {
  return decodeWindow(encodeWindow(w));
}

function expectDecodeError(bytes: Uint8Array): void {
  let error: unknown;
  try {
    decodeWindow(bytes);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(StatsError);
  expect((error as StatsError).code).toBe('LF_ERR_STATS_DECODE');
}

describe('encodeWindow / decodeWindow', () => {
  it('round-trips exactly: counters, gauges, every bucket, exact extremes (property)', () => {
    fc.assert(
      fc.property(windows, (w) => expectSameWindow(roundTrip(w), w)),
      { numRuns: 150 },
    );
  });

  it('round-trips an empty window and extreme values', () => {
    expectSameWindow(roundTrip(emptyWindow(0)), emptyWindow(0));
    const w = windowOf(
      0xffffffff,
      { top: [3_600_000_000, 3_600_000_000], zero: [0, 0, 0], mixed: [0, 1, 2 ** 31, 3_599_999_999] },
      { huge: Number.MAX_SAFE_INTEGER, negative: -(2 ** 40), fraction: 0.1 + 0.2 },
      { 'users.active': 0, 'health.cpuPct': 137.5 },
    );
    expectSameWindow(roundTrip(w), w);
  });

  it('is compact: a busy histogram costs bytes, not the 93 KiB of its buckets', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => 500 + ((i * 7919) % 200_000));
    const bytes = encodeWindow(windowOf(1, { 'response.chat': values }, { 'msg.out.chat': 10_000 }));
    expect(bytes.length).toBeLessThan(20_000);
  });

  it('writes histograms that hdr-histogram-js itself decodes to the same counts', () => {
    const w = windowOf(1, { h: [0, 1, 999, 12_345, 3_600_000_000] });
    const bytes = encodeWindow(w);
    const b64 = hdr.encodeIntoCompressedBase64(w.histograms['h']!);
    // Its decoder knows buckets only, not the exact extremes our format carries beside them.
    expectSameHistogram(hdr.decodeFromCompressedBase64(b64, 64), roundTrip(w).histograms['h'], true);
    expect(bytes.length).toBeGreaterThan(0);
  });

  it('rejects a second it cannot encode', () => {
    for (const second of [-1, 1.5, 2 ** 32]) {
      expect(() => encodeWindow(emptyWindow(second))).toThrow(StatsError);
    }
  });

  it('throws LF_ERR_STATS_DECODE for bytes that are not a window', () => {
    expectDecodeError(new Uint8Array());
    expectDecodeError(new Uint8Array([1, 2, 3]));
    expectDecodeError(new TextEncoder().encode('{"second": 1}'));
    expectDecodeError(new Uint8Array([0x10, 0x01])); // a version, no magic
  });

  it('never hangs or throws anything but StatsError on random bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeWindow(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(StatsError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never hangs or throws anything but StatsError on corrupted windows (property)', () => {
    const valid = encodeWindow(windowOf(5, { h: [1, 500, 70_000] }, { c: 3 }, { g: 1 }));
    const corruption = fc.oneof(
      fc.record({ at: fc.nat(valid.length - 1), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ cut: fc.nat(valid.length - 1) }),
    );
    fc.assert(
      fc.property(fc.array(corruption, { minLength: 1, maxLength: 4 }), (changes) => {
        let bytes = Uint8Array.from(valid);
        for (const c of changes) {
          if ('cut' in c) bytes = bytes.subarray(0, c.cut);
          else if (c.at < bytes.length) bytes[c.at] = c.byte;
        }
        const started = performance.now();
        try {
          decodeWindow(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(StatsError);
        }
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { numRuns: 2000 },
    );
  });
});
