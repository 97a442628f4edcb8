import type { Distribution } from '@loadfleet/scenario';

import type { Random } from '@loadfleet/schedule';

// The PRNG lives with the schedule (the lowest layer that draws); the engine draws think times from it too.
export { Random, cumulativeWeights } from '@loadfleet/schedule';

/** A think time in ms drawn from a distribution, clamped to its bounds. */
export function sampleMs(d: Distribution, rng: Random): number {
  switch (d.kind) {
    case 'constant':
      return d.ms;
    case 'uniform':
      return d.minMs + rng.next() * (d.maxMs - d.minMs);
    case 'exponential':
      return clamp(d.meanMs * rng.exponential(), d.minMs, d.maxMs);
    case 'normal':
      return clamp(d.meanMs + d.stddevMs * rng.normal(), d.minMs, d.maxMs);
  }
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
