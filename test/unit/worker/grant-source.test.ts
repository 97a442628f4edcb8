// Quota grants become arrivals spread evenly over each grant's window (docs/FARM.md, "Pacing").
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseScenario } from '@loadfleet/scenario';
import { Random, type Arrival, type ArrivalSink } from '@loadfleet/schedule';
import { GrantArrivalSource, type Grant } from '@loadfleet/worker';

const plan = parseScenario(`
name: t
target: 127.0.0.1:7000
load:
  phases:
    - { name: a, duration: 10s, rate: 10, sessions: { x: 1 } }
    - { name: b, duration: 10s, rate: 10 }
sessions:
  - name: x
    weight: 1
    steps: [{ think: 10ms }]
  - name: y
    weight: 3
    steps: [{ think: 10ms }]
`);

/** A sink that records each arrival with the clock when it came. */
class FakeTarget implements ArrivalSink {
  readonly spawned: (Arrival & { at: number })[] = [];
  stopped = 0;
  activeUsers = 0;
  get usersHeld(): number {
    return this.activeUsers;
  }
  admit(arrival: Arrival): void {
    this.spawned.push({ ...arrival, at: Date.now() });
    this.activeUsers++;
  }
  stopUsers(count: number): void {
    this.stopped += count;
    this.activeUsers -= Math.min(count, this.activeUsers);
  }
}

const T = 1_800_000_000_000;
const grant = (g: Partial<Grant>): Grant => ({
  firstUserId: 1,
  count: 0,
  windowStart: T,
  windowEnd: T + 1000,
  phase: -1,
  done: false,
  stopUsers: 0,
  dropped: 0,
  ...g,
});

beforeEach(() => {
  vi.useFakeTimers({ now: T - 500 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('GrantArrivalSource', () => {
  it('spreads a grant evenly over its window; each intended time is exact', () => {
    const src = new GrantArrivalSource(plan, { rng: new Random(1) });
    const target = new FakeTarget();
    src.start(target);
    src.addGrant(grant({ firstUserId: 101, count: 40, windowStart: T, windowEnd: T + 1000 }));
    expect(src.pendingStarts).toBe(40);
    vi.advanceTimersByTime(499);
    expect(target.spawned).toHaveLength(0); // nothing before the window: never a burst
    vi.advanceTimersByTime(1001);
    expect(target.spawned).toHaveLength(40);
    target.spawned.forEach((t, i) => {
      expect(t.userId).toBe(101 + i);
      expect(t.intendedAt).toBe(T + ((i + 0.5) * 1000) / 40);
      // Started when due (the timer's 1 ms resolution), never early.
      expect(t.at).toBeGreaterThanOrEqual(t.intendedAt);
      expect(t.at - t.intendedAt).toBeLessThan(1);
    });
    expect(src.pendingStarts).toBe(0);
    expect(src.done).toBe(false);
  });

  it('issues consecutive grants in order with one timer, and starts late ones at once', () => {
    const src = new GrantArrivalSource(plan, { rng: new Random(1) });
    const target = new FakeTarget();
    src.start(target);
    src.addGrant(grant({ firstUserId: 1, count: 3, windowStart: T, windowEnd: T + 300 }));
    src.addGrant(grant({ firstUserId: 4, count: 3, windowStart: T + 300, windowEnd: T + 600 }));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1200);
    expect(target.spawned.map((t) => t.userId)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(target.spawned.map((t) => t.intendedAt - T)).toEqual([50, 150, 250, 350, 450, 550]);
    // A grant whose window has passed: every start is due now, intended times unchanged (lateness counts).
    src.addGrant(grant({ firstUserId: 7, count: 2, windowStart: T, windowEnd: T + 100 }));
    expect(target.spawned.slice(6).map((t) => [t.userId, t.intendedAt - T])).toEqual([
      [7, 25],
      [8, 75],
    ]);
  });

  it("picks sessions by the grant's phase weights", () => {
    const src = new GrantArrivalSource(plan, { rng: new Random(7) });
    const target = new FakeTarget();
    src.start(target);
    src.addGrant(grant({ firstUserId: 1, count: 200, phase: 0 }));
    src.addGrant(grant({ firstUserId: 201, count: 4000, phase: 1, windowStart: T + 1000, windowEnd: T + 2000 }));
    src.addGrant(grant({ firstUserId: 4201, count: 4000, phase: -1, windowStart: T + 2000, windowEnd: T + 3000 }));
    vi.advanceTimersByTime(4000);
    const phaseA = target.spawned.slice(0, 200);
    expect(phaseA.every((t) => t.session === 0)).toBe(true); // phase a: only x
    for (const slice of [target.spawned.slice(200, 4200), target.spawned.slice(4200)]) {
      const y = slice.filter((t) => t.session === 1).length / slice.length;
      expect(y).toBeGreaterThan(0.72); // the sessions' own weights, 1:3
      expect(y).toBeLessThan(0.78);
    }
  });

  it('is done after a done grant once all its starts are issued, and asks no more', () => {
    const src = new GrantArrivalSource(plan);
    const target = new FakeTarget();
    src.start(target);
    src.addGrant(grant({ count: 2, done: true }));
    expect(src.wantsQuota).toBe(false);
    expect(src.done).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(target.spawned).toHaveLength(1);
    expect(src.done).toBe(false);
    vi.advanceTimersByTime(500);
    expect(target.spawned).toHaveLength(2);
    expect(src.done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is done at once on an empty done grant', () => {
    const src = new GrantArrivalSource(plan);
    src.start(new FakeTarget());
    src.addGrant(grant({ count: 0, done: true }));
    expect(src.done).toBe(true);
  });

  it('stops users as grants say, also when told before it started', () => {
    const src = new GrantArrivalSource(plan);
    const target = new FakeTarget();
    src.addGrant(grant({ stopUsers: 3 }));
    src.start(target);
    expect(target.stopped).toBe(3);
    src.addGrant(grant({ stopUsers: 2 }));
    expect(target.stopped).toBe(5);
  });

  it('stop() cancels the starts not issued yet', () => {
    const src = new GrantArrivalSource(plan);
    const target = new FakeTarget();
    src.start(target);
    src.addGrant(grant({ count: 10 }));
    vi.advanceTimersByTime(1000); // T + 500: half the window
    expect(target.spawned).toHaveLength(5);
    src.stop();
    expect(src.pendingStarts).toBe(0);
    expect(src.done).toBe(true);
    vi.advanceTimersByTime(5000);
    expect(target.spawned).toHaveLength(5);
    src.addGrant(grant({ count: 10, windowStart: T + 2000, windowEnd: T + 3000 }));
    vi.advanceTimersByTime(5000);
    expect(target.spawned).toHaveLength(5);
  });

  it("reports this worker's share of the schedule per second", () => {
    const src = new GrantArrivalSource(plan);
    src.start(new FakeTarget());
    const s = T / 1000;
    src.addGrant(grant({ count: 10, windowStart: T + 500, windowEnd: T + 1500 }));
    expect(src.targetFor(s)).toEqual({ arrivals: 5, users: 0 });
    expect(src.targetFor(s + 1)).toEqual({ arrivals: 5, users: 0 });
    expect(src.targetFor(s + 2)).toEqual({ arrivals: 0, users: 0 });
  });
});
