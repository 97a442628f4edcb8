import { describe, expect, it } from 'vitest';
import { ClosedUsers, scheduleOf } from '@loadfleet/schedule';
import { closed } from './load.js';

describe('ClosedUsers', () => {
  const load = closed(100, 10_000, 5000, 5000);

  it('ramps up, holds, ramps down', () => {
    const c = new ClosedUsers(load);
    expect(c.lengthMs).toBe(20_000);
    expect(c.usersAt(-1)).toBe(0);
    expect(c.usersAt(0)).toBe(1);
    expect(c.usersAt(5000)).toBe(51);
    expect(c.usersAt(12_000)).toBe(100);
    expect(c.usersAt(17_500)).toBe(50);
    expect(c.usersAt(20_000)).toBe(0);
    expect(c.rampUpStartMs(50)).toBe(5000);
    expect([c.phaseAt(0), c.phaseAt(10_000), c.phaseAt(15_000), c.phaseAt(20_000)]).toEqual([
      'ramp-up',
      'hold',
      'ramp-down',
      'drain',
    ]);
  });

  it('plans the ramp-up starts only, as many as usersAt wants by each time', () => {
    const c = new ClosedUsers(load);
    const next = c.plannedArrivals();
    const t: number[] = [];
    for (let a = next(); a; a = next()) t.push(a.atMs);
    expect(t).toHaveLength(100);
    expect(c.plannedUntilMs).toBe(10_000);
    for (const ms of [0, 1, 99, 100, 4999, 5000, 9999]) expect(t.filter((x) => x <= ms).length).toBe(c.usersAt(ms));
  });

  it('sets a user count and no rate; peaks at users', () => {
    const c = scheduleOf(load);
    expect(c.holdsUsers).toBe(true);
    expect(c.arrivalsBetween(0, 1000)).toBeNull();
    expect(c.rateAt(0)).toBeNull();
    expect(c.peakUsers(1e9)).toEqual({ users: 100, field: 'users', how: 'load.users' });
  });
});
