import { describe, expect, it } from 'vitest';
import { ClosedUsers, Random, RampingArrivalRate } from '@loadfleet/engine';
import type { ClosedLoad, OpenLoad, OpenPhase } from '@loadfleet/scenario';

const phase = (durationMs: number, fromRate: number, toRate = fromRate): OpenPhase => ({
  name: 'p',
  durationMs,
  fromRate,
  toRate,
  sessionWeights: null,
});
const open = (phases: OpenPhase[], arrivals: 'uniform' | 'poisson' = 'uniform'): OpenLoad => ({
  model: 'open',
  arrivals,
  maxUsers: 0,
  phases,
});

function allArrivals(s: RampingArrivalRate): number[] {
  const out: number[] = [];
  for (let a = s.next(); a; a = s.next()) out.push(a.atMs);
  return out;
}

describe('RampingArrivalRate (virtual clock)', () => {
  it('spaces a constant rate evenly from the absolute start', () => {
    const times = allArrivals(new RampingArrivalRate(open([phase(10_000, 200)])));
    expect(times).toHaveLength(2000);
    expect(times[0]).toBe(0);
    expect(times[1]).toBeCloseTo(5, 9);
    expect(times[1999]).toBeCloseTo(9995, 6);
  });

  it('ramps linearly: arrivals by time t follow the integral of the rate', () => {
    const s = new RampingArrivalRate(open([phase(10_000, 0, 100)]));
    const times = allArrivals(s);
    // N(10 s) = 100 * 10 / 2 = 500
    expect(times).toHaveLength(500);
    // N(t) = 5 t^2 -> by 5 s, 125 arrivals
    expect(times.filter((t) => t < 5000)).toHaveLength(125);
    expect(s.cumulativeAt(5000)).toBeCloseTo(125, 9);
    expect(s.rateAt(5000)).toBeCloseTo(50, 9);
  });

  it('chains phases and reports the phase of each arrival', () => {
    const s = new RampingArrivalRate(open([phase(1000, 10), phase(2000, 10, 30), phase(1000, 5)]));
    const phases = new Map<number, number>();
    for (let a = s.next(); a; a = s.next()) phases.set(a.phase, (phases.get(a.phase) ?? 0) + 1);
    expect(phases.get(0)).toBe(10);
    expect(phases.get(1)).toBe(40);
    expect(phases.get(2)).toBe(5);
  });

  it('draws Poisson arrivals whose count and gaps match the rate', () => {
    const s = new RampingArrivalRate(open([phase(100_000, 100)], 'poisson'), new Random(42));
    const times = allArrivals(s);
    expect(Math.abs(times.length - 10_000)).toBeLessThan(400); // ±4 sigma
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(9.5);
    expect(mean).toBeLessThan(10.5);
    // Exponential gaps: the coefficient of variation is 1.
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(sd / mean).toBeGreaterThan(0.9);
    expect(sd / mean).toBeLessThan(1.1);
  });
});

describe('ClosedUsers', () => {
  const load: ClosedLoad = {
    model: 'closed',
    users: 100,
    rampUpMs: 10_000,
    holdMs: 5000,
    rampDownMs: 5000,
    maxUsers: 0,
  };
  it('ramps up, holds, ramps down', () => {
    const c = new ClosedUsers(load);
    expect(c.totalMs).toBe(20_000);
    expect(c.usersAt(0)).toBe(1);
    expect(c.usersAt(5000)).toBe(51);
    expect(c.usersAt(12_000)).toBe(100);
    expect(c.usersAt(17_500)).toBe(50);
    expect(c.usersAt(20_000)).toBe(0);
    expect(c.rampUpStartMs(50)).toBe(5000);
  });
});
