import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalArrivalSource, Random, scheduleOf, type Arrival, type ArrivalSink } from '@loadfleet/schedule';
import { closed, open, phase } from './load.js';

/**
 * A sink whose users live `sessionMs`, then keep their connection `closingMs`
 * longer (a target slow to close), as the engine's usersHeld counts them.
 */
class Sink implements ArrivalSink {
  readonly arrivals: (Arrival & { at: number })[] = [];
  activeUsers = 0;
  sockets = 0;
  peakSockets = 0;
  source: LocalArrivalSource | null = null;
  private readonly alive = new Set<{ ended: boolean }>();
  constructor(
    private readonly sessionMs = Infinity,
    private readonly closingMs = 0,
  ) {}
  get usersHeld(): number {
    return Math.max(this.activeUsers, this.sockets);
  }
  admit(arrival: Arrival): void {
    this.arrivals.push({ ...arrival, at: Date.now() });
    this.activeUsers++;
    this.peakSockets = Math.max(this.peakSockets, ++this.sockets);
    const user = { ended: false };
    this.alive.add(user);
    if (this.sessionMs !== Infinity) setTimeout(() => this.end(user), this.sessionMs);
  }
  stopUsers(count: number): void {
    for (const user of [...this.alive].slice(0, count)) this.end(user);
  }
  private end(user: { ended: boolean }): void {
    if (user.ended) return;
    user.ended = true;
    this.alive.delete(user);
    this.activeUsers--;
    this.source?.slotFreed();
    setTimeout(() => {
      this.sockets--;
      this.source?.slotFreed();
    }, this.closingMs);
  }
}

const T = 1_800_000_000_000;
beforeEach(() => {
  vi.useFakeTimers({ now: T });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LocalArrivalSource', () => {
  it('issues each planned arrival at its intended time from the absolute start', () => {
    const src = new LocalArrivalSource(scheduleOf(open([phase(2000, 10)])), [1], { rng: new Random(1) });
    const sink = new Sink();
    src.start(sink);
    vi.advanceTimersByTime(2500);
    expect(sink.arrivals.map((a) => a.intendedAt - T)).toEqual([
      0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900,
    ]);
    expect(sink.arrivals.every((a) => a.at === a.intendedAt)).toBe(true);
    expect(sink.arrivals.map((a) => a.userId)).toEqual([...Array(20).keys()].map((i) => i + 1));
    expect(src.done).toBe(true);
    expect(src.targetFor(T / 1000)).toEqual({ arrivals: 10, users: null });
  });

  it('holds users: replaces each user once its connection is gone, never more at once', () => {
    const src = new LocalArrivalSource(scheduleOf(closed(10, 1000, 5000)), [1], { rng: new Random(1) });
    const sink = new Sink(200, 50);
    sink.source = src;
    src.start(sink);
    vi.advanceTimersByTime(3000);
    expect(sink.peakSockets).toBe(10);
    // ~2 s of hold with 250 ms cycles: each of the 10 slots was replaced several times.
    expect(sink.arrivals.length).toBeGreaterThan(60);
    vi.advanceTimersByTime(3500);
    expect(src.done).toBe(true);
    expect(sink.activeUsers).toBe(0);
    expect(sink.peakSockets).toBe(10);
  });
});
