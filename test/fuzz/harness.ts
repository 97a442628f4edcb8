// One way to run a fuzz property: a fixed number of cases in `npm test`, or for a
// time budget each under `npm run fuzz` (scripts/fuzz.js sets LF_FUZZ_SECONDS and
// LF_FUZZ_OUT, then prints what every property ran).
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect, it } from 'vitest';

const SECONDS = Number(process.env.LF_FUZZ_SECONDS ?? 0);
/** A failure's seed (and path) from its replay line. */
const REPLAY = process.env.LF_TEST_SEED
  ? { seed: Number(process.env.LF_TEST_SEED), ...(process.env.LF_TEST_PATH ? { path: process.env.LF_TEST_PATH } : {}) }
  : undefined;
const OUT = process.env.LF_FUZZ_OUT;

/** True under `npm run fuzz`. */
export const LONG_RUN = SECONDS > 0;
const SLICE_RUNS = 20_000;

/**
 * A vitest case that checks `property`: `ciRuns` cases in CI, or as many as fit in
 * LF_FUZZ_SECONDS seconds in a long run (or `longRuns` cases). Either way a failure
 * shows the counterexample and the LF_TEST_SEED / LF_TEST_PATH that replay it.
 */
export function fuzz<Ts extends [unknown, ...unknown[]]>(
  name: string,
  property: () => fc.IProperty<Ts>,
  ciRuns: number,
  /** Under `npm run fuzz`: this many cases instead of a time budget (0: the budget). */
  longRuns = 0,
): void {
  const budgetMs = SECONDS * 1000;
  it(
    name,
    async () => {
      const started = Date.now();
      let runs = 0;
      let failure: fc.RunDetails<Ts> | null = null;
      if (!LONG_RUN || REPLAY !== undefined) {
        const d = fc.check(property(), { numRuns: ciRuns, ...REPLAY });
        runs = d.numRuns;
        if (d.failed) failure = d;
      } else if (longRuns > 0) {
        // Slices with fresh seeds, yielding in between (see below); a failure names its slice's seed.
        while (failure === null && runs < longRuns) {
          const d = fc.check(property(), { numRuns: Math.min(SLICE_RUNS, longRuns - runs) });
          runs += d.numRuns;
          if (d.failed) failure = d;
          await new Promise((r) => setImmediate(r));
        }
      } else {
        // Slices of a second, each with a fresh seed, yielding in between: a worker
        // blocked for minutes would miss vitest's own heartbeats.
        while (failure === null && Date.now() - started < budgetMs) {
          const slice = Math.min(1000, budgetMs - (Date.now() - started));
          const d = fc.check(property(), { numRuns: 1_000_000_000, interruptAfterTimeLimit: slice });
          runs += d.numRuns;
          if (d.failed) failure = d;
          await new Promise((r) => setImmediate(r));
        }
      }
      if (OUT) {
        const line = { name, runs, failed: failure !== null, seed: failure?.seed ?? null, ms: Date.now() - started };
        appendFileSync(OUT, `${JSON.stringify(line)}\n`);
      }
      if (failure) {
        const replay = `replay: LF_TEST_SEED=${failure.seed}${failure.counterexamplePath ? ` LF_TEST_PATH=${failure.counterexamplePath}` : ''} npx vitest run -t "${name}"`;
        expect.fail(`${fc.defaultReportMessage(failure) ?? `property "${name}" failed`}\n${replay}`);
      }
      expect(runs).toBeGreaterThan(0);
    },
    LONG_RUN ? (longRuns > 0 ? 3_600_000 : budgetMs * 2 + 60_000) : 120_000,
  );
}

/** Bytes with a few bit flips, a cut, or a splice of random bytes: near-valid input finds more than noise. */
export function mutated(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const flip = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }));
  return fc
    .tuple(
      valid,
      fc.array(flip, { maxLength: 6 }),
      fc.option(fc.nat()),
      fc.option(fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 16 }))),
    )
    .map(([bytes, flips, cut, splice]) => {
      let b = Uint8Array.from(bytes);
      for (const [at, mask] of flips) if (b.length > 0) b[at % b.length]! ^= mask;
      if (cut !== null && b.length > 0) b = b.subarray(0, cut % b.length);
      if (splice !== null) {
        const at = b.length === 0 ? 0 : splice[0] % b.length;
        b = Uint8Array.from([...b.subarray(0, at), ...splice[1], ...b.subarray(at)]);
      }
      return b;
    });
}
