// Randomness that a failing test can replay: a seeded PRNG instead of Math.random.
// The seed comes from LF_TEST_SEED when set (to replay), else it is drawn; a failing
// test prints it. fast-check properties are seeded the same way (test/setup/seed.ts).
import { randomInt } from 'node:crypto';
import { onTestFailed } from 'vitest';

export const REPLAY_SEED = process.env.LF_TEST_SEED ? Number(process.env.LF_TEST_SEED) : undefined;

/** A mulberry32 generator for the current test; its seed is printed if the test fails. */
export function seededRandom(): () => number {
  const seed = REPLAY_SEED ?? randomInt(2 ** 31);
  onTestFailed(() => {
    console.error(`seeded test failed: replay with LF_TEST_SEED=${seed}`);
  });
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
