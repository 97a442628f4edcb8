/**
 * How many runs a property test makes: its own figure under `npm test`, scaled down
 * by LF_TEST_RUNS_SCALE (npm run test:unit sets 0.2, so the unit suite stays under a
 * minute; `npm run fuzz` runs the long searches).
 */
const SCALE = Number(process.env.LF_TEST_RUNS_SCALE ?? 1) || 1;

export function runs(n: number): number {
  return Math.max(20, Math.round(n * SCALE));
}
