// Fuzzing the bytes that come over NATS and Redis: every control-message codec
// answers null (or a message) to garbage and never throws; decodeWindow answers a
// window or a StatsError, nothing else, and never lets a name reach a prototype.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { codecs } from '@loadfleet/bus';
import { StatsError, StatsRecorder, decodeWindow, encodeWindow } from '@loadfleet/stats';
import { fuzz, mutated } from './harness.js';

const str = fc.string({ maxLength: 40 });
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const dbl = fc.double({ noNaN: true });

/** A valid message of each kind, as the services encode them. */
const messages: Record<keyof typeof codecs, fc.Arbitrary<Record<string, unknown>>> = {
  runSpec: fc.record({ runId: str, planJson: str, startAt: dbl, controllerId: str, ownerTimeoutMs: u32 }),
  quotaRequest: fc.record({ runId: str, workerId: str, freeCapacity: u32, weight: u32, activeUsers: u32 }),
  quotaGrant: fc.record({
    runId: str,
    firstUserId: u32,
    count: u32,
    windowStart: dbl,
    windowEnd: dbl,
    phase: fc.integer({ min: -1, max: 1000 }),
    done: fc.boolean(),
    stopUsers: u32,
    dropped: u32,
  }),
  workerHeartbeat: fc.record({
    workerId: str,
    host: str,
    pid: u32,
    capacity: u32,
    activeUsers: u32,
    weight: u32,
    cpuPct: dbl,
    rssBytes: dbl,
    runs: fc.array(fc.record({ runId: str, activeUsers: u32, openSockets: u32 }), { maxLength: 3 }),
    capacityLimit: str,
  }),
  stopRun: fc.record({ runId: str, reason: str, graceMs: u32 }),
  workerDone: fc.record({
    runId: str,
    workerId: str,
    lastSecond: u32,
    records: u32,
    droppedRecords: u32,
    refused: str,
  }),
  runEnded: fc.record({
    runId: str,
    state: str,
    stopReason: str,
    startedAt: dbl,
    endedAt: dbl,
    notes: fc.array(str, { maxLength: 3 }),
    workers: fc.array(fc.record({ id: str, host: str, users: u32, lost: fc.boolean() }), { maxLength: 3 }),
    graceMs: u32,
  }),
  statsRecord: fc.record({
    runId: str,
    workerId: str,
    second: u32,
    window: fc.uint8Array({ maxLength: 64 }),
    seq: u32,
  }),
  liveRollup: fc.record({ runId: str, second: u32, window: fc.uint8Array({ maxLength: 64 }), sources: u32 }),
};

type AnyCodec = { encode(m: unknown): Uint8Array; decode(b: Uint8Array): unknown };

/** Whatever the bytes, decode answers null or a message object; it never throws. */
function decodesSafely(codec: AnyCodec, bytes: Uint8Array): void {
  const out = codec.decode(bytes);
  expect(out === null || typeof out === 'object').toBe(true);
}

describe('control-message codecs', () => {
  for (const [name, valid] of Object.entries(messages) as [keyof typeof codecs, fc.Arbitrary<object>][]) {
    const codec = codecs[name] as unknown as AnyCodec;
    fuzz(
      `${name}: random bytes decode to null or a message, never a throw`,
      () => fc.property(fc.uint8Array({ maxLength: 300 }), (b) => decodesSafely(codec, b)),
      2000,
    );
    fuzz(
      `${name}: mutated valid messages decode to null or a message, never a throw`,
      () => fc.property(mutated(valid.map((m) => codec.encode(m))), (b) => decodesSafely(codec, b)),
      2000,
    );
  }
});

/** A recorder's window with counters, gauges and histograms under names that include hostile ones. */
const windows = fc
  .tuple(
    u32,
    fc.dictionary(fc.constantFrom('users.started', 'errors.protocol', '__proto__', 'constructor', 'x'), fc.nat(1e6)),
    fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 20 }),
  )
  .map(([second, counters, latencies]) => {
    const r = new StatsRecorder();
    for (const [name, n] of Object.entries(counters)) r.add(r.counter(name), n);
    const h = r.histogram('response.login');
    for (const v of latencies) r.record(h, v);
    r.set(r.gauge('users.active'), latencies.length);
    return encodeWindow(r.rotate(second));
  });

function decodesToWindowOrStatsError(bytes: Uint8Array): void {
  try {
    const w = decodeWindow(bytes);
    expect(Object.getPrototypeOf(w.counters)).toBe(null);
    expect(Object.getPrototypeOf(w.histograms)).toBe(null);
    for (const v of Object.values(w.counters)) expect(Number.isFinite(v)).toBe(true);
  } catch (err) {
    if (!(err instanceof StatsError)) throw err;
    expect(err.code).toBe('LF_ERR_STATS_DECODE');
  }
  // Nothing decoded may have reached Object.prototype.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('decodeWindow', () => {
  fuzz(
    'random bytes: a window or LF_ERR_STATS_DECODE, nothing else',
    () => fc.property(fc.uint8Array({ maxLength: 400 }), decodesToWindowOrStatsError),
    3000,
  );
  fuzz(
    'mutated valid windows: a window or LF_ERR_STATS_DECODE, nothing else',
    () => fc.property(mutated(windows), decodesToWindowOrStatsError),
    3000,
  );
  fuzz(
    'valid windows decode to what was encoded',
    () =>
      fc.property(windows, (bytes) => {
        expect(encodeWindow(decodeWindow(bytes))).toEqual(bytes);
      }),
    500,
  );
});
