import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AcceptBalancer, type AcceptCommand } from '@loadfleet/chatroom';

const seed = process.env.LF_TEST_SEED ? Number(process.env.LF_TEST_SEED) : undefined;

describe('accept balancer', () => {
  it('stops a process that runs ahead of the others and starts it again once they catch up', () => {
    const b = new AcceptBalancer(3, 1000, 10);
    for (let i = 0; i < 3; i++) expect(b.listening(i)).toEqual([]);
    expect(b.report(0, 30)).toEqual([{ slot: 0, accept: false }]);
    expect(b.paused(0)).toEqual([]);
    expect(b.report(1, 20)).toEqual([]);
    expect(b.report(2, 20)).toEqual([{ slot: 0, accept: true }]);
    expect(b.listening(0)).toEqual([]);
  });

  it('stops a process near its capacity when another can take the connections, never the last one', () => {
    const b = new AcceptBalancer(2, 100, 5);
    b.listening(0);
    b.listening(1);
    // Ahead of the mean at first, then level.
    expect(b.report(1, 90)).toEqual([{ slot: 1, accept: false }]);
    expect(b.paused(1)).toEqual([]);
    expect(b.report(0, 90)).toEqual([{ slot: 1, accept: true }]);
    expect(b.listening(1)).toEqual([]);
    expect(b.report(0, 96)).toEqual([{ slot: 0, accept: false }]);
    b.paused(0);
    // The other one reaches its high mark too: nobody accepting is below it, so room anywhere is used.
    expect(b.report(1, 97)).toEqual([{ slot: 0, accept: true }]);
    b.listening(0);
    // Full, while another has room: it stops.
    expect(b.report(1, 100)).toEqual([{ slot: 1, accept: false }]);
    b.paused(1);
    // Every process full: the one still accepting keeps accepting (and refuses beyond its capacity).
    expect(b.report(0, 100)).toEqual([]);
    expect(b.isAccepting(0)).toBe(true);
  });

  it('starts the others again when the last accepting process dies', () => {
    const b = new AcceptBalancer(3, 100, 5);
    [0, 1, 2].forEach((i) => b.listening(i));
    b.report(0, 99);
    b.report(1, 98);
    b.paused(0);
    b.paused(1);
    expect(b.gone(2)).toEqual([
      { slot: 0, accept: true },
      { slot: 1, accept: true },
    ]);
  });

  it('whatever the loads and the order of events, some process is always accepting', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.nat(5), fc.nat(120), fc.boolean()), { maxLength: 200 }),
        (n, events) => {
          const b = new AcceptBalancer(n, 100);
          const told: AcceptCommand[] = [];
          for (let i = 0; i < n; i++) told.push(...b.listening(i));
          for (const [s, open, confirm] of events) {
            const slot = s % n;
            told.push(...b.report(slot, open));
            // Workers confirm what they were told, in any order, sometimes late.
            if (confirm && told.length > 0) {
              const c = told.shift()!;
              told.push(...(c.accept ? b.listening(c.slot) : b.paused(c.slot)));
            }
            let accepting = 0;
            for (let i = 0; i < n; i++) if (b.isAccepting(i)) accepting++;
            expect(accepting).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});
