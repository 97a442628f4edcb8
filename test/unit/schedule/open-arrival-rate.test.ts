import { describe, expect, it } from 'vitest';
import { OpenArrivalRate, Random, type PlannedArrival } from '@loadfleet/schedule';
import { open, phase } from './load.js';

function allArrivals(next: () => PlannedArrival | null): PlannedArrival[] {
  const out: PlannedArrival[] = [];
  for (let a = next(); a; a = next()) out.push(a);
  return out;
}
const times = (s: OpenArrivalRate, rng = new Random(1)) => allArrivals(s.plannedArrivals(rng)).map((a) => a.atMs);

describe('OpenArrivalRate (virtual clock)', () => {
  it('spaces a constant rate evenly from the absolute start', () => {
    const t = times(new OpenArrivalRate(open([phase(10_000, 200)])));
    expect(t).toHaveLength(2000);
    expect(t[0]).toBe(0);
    expect(t[1]).toBeCloseTo(5, 9);
    expect(t[1999]).toBeCloseTo(9995, 6);
  });

  it('ramps linearly: arrivals by time t follow the integral of the rate', () => {
    const s = new OpenArrivalRate(open([phase(10_000, 0, 100)]));
    const t = times(s);
    // N(10 s) = 100 * 10 / 2 = 500
    expect(t).toHaveLength(500);
    // N(t) = 5 t^2 -> by 5 s, 125 arrivals
    expect(t.filter((x) => x < 5000)).toHaveLength(125);
    expect(s.arrivalsBetween(0, 5000)).toBeCloseTo(125, 9);
    expect(s.arrivalsBetween(5000, 10_000)).toBeCloseTo(375, 9);
    expect(s.rateAt(5000)).toBeCloseTo(50, 9);
  });

  it('agrees with its own planned arrivals in every window (the one integral)', () => {
    const s = new OpenArrivalRate(open([phase(1000, 10), phase(2000, 10, 30), phase(1000, 5)]));
    const t = times(s);
    for (let from = 0; from < 4000; from += 500) {
      const planned = t.filter((x) => x >= from && x < from + 500).length;
      expect(Math.abs(planned - s.arrivalsBetween(from, from + 500))).toBeLessThanOrEqual(1);
    }
    expect(s.arrivalsBetween(-1000, 10_000)).toBeCloseTo(55, 9);
    expect(s.lengthMs).toBe(4000);
    expect(s.usersAt()).toBeNull();
  });

  it('chains phases and reports the phase of each arrival', () => {
    const s = new OpenArrivalRate(open([phase(1000, 10, 10, 'a'), phase(2000, 10, 30, 'b'), phase(1000, 5, 5, 'c')]));
    const phases = new Map<number, number>();
    for (const a of allArrivals(s.plannedArrivals(new Random(1)))) phases.set(a.phase, (phases.get(a.phase) ?? 0) + 1);
    expect(phases.get(0)).toBe(10);
    expect(phases.get(1)).toBe(40);
    expect(phases.get(2)).toBe(5);
    expect([s.phaseAt(-5), s.phaseAt(500), s.phaseAt(1000), s.phaseAt(3999), s.phaseAt(4000)]).toEqual([
      'a',
      'a',
      'b',
      'c',
      'drain',
    ]);
  });

  it('draws Poisson arrivals whose count and gaps match the rate', () => {
    const seed = Number(process.env.LF_TEST_SEED ?? 42);
    const t = times(new OpenArrivalRate(open([phase(100_000, 100)], 'poisson')), new Random(seed));
    const msg = `seed ${seed} (LF_TEST_SEED)`;
    expect(Math.abs(t.length - 10_000), msg).toBeLessThan(400); // ±4 sigma
    const gaps = t.slice(1).map((x, i) => x - t[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean, msg).toBeGreaterThan(9.5);
    expect(mean, msg).toBeLessThan(10.5);
    // Exponential gaps: the coefficient of variation is 1.
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(sd / mean, msg).toBeGreaterThan(0.9);
    expect(sd / mean, msg).toBeLessThan(1.1);
  });

  it('peaks at the rate times the session time, at most every arrival and maxUsers', () => {
    const s = new OpenArrivalRate(open([phase(60_000, 100)]));
    expect(s.peakUsers(10_000)).toMatchObject({ users: 1000, field: 'phases' });
    expect(s.peakUsers(3_600_000)).toMatchObject({ users: 6000, how: 'every arrival of the schedule' });
    expect(new OpenArrivalRate(open([phase(60_000, 100)], 'uniform', 50)).peakUsers(10_000)).toMatchObject({
      users: 50,
      field: 'maxUsers',
    });
    expect(s.plannedUsers()).toBe(6000);
  });
});
