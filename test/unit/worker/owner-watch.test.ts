import { describe, expect, it } from 'vitest';
import { OwnerWatch } from '@loadfleet/worker';

describe('OwnerWatch', () => {
  it("names the runs whose controller is silent longer than the run's owner timeout", () => {
    let now = 10_000;
    const w = new OwnerWatch(() => now);
    const a = { runId: 'a', controllerId: 'c1', ownerTimeoutMs: 1000, joinedAt: 10_000 };
    const b = { runId: 'b', controllerId: 'c2', ownerTimeoutMs: 5000, joinedAt: 10_000 };
    // Silence counts from the join at the latest: a worker that just joined gives the owner its full timeout.
    now = 11_000;
    expect(w.orphans([a, b])).toEqual([]);
    now = 11_001;
    expect(w.orphans([a, b])).toEqual([a]);
    w.heartbeat('c1');
    expect(w.orphans([a, b])).toEqual([]);
    now = 15_001;
    expect(w.orphans([a, b])).toEqual([a, b]);
    expect(w.silenceOf(b)).toBe(5001);
  });

  it('takes a heartbeat without an id as one from every controller', () => {
    let now = 0;
    const w = new OwnerWatch(() => now);
    const run = { runId: 'a', controllerId: 'c1', ownerTimeoutMs: 1000, joinedAt: 0 };
    now = 900;
    w.heartbeat('');
    now = 1500;
    expect(w.orphans([run])).toEqual([]);
  });
});
