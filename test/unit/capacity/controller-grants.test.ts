// The controller never grants a worker more than the free capacity it advertised,
// in the closed model (what bench:scale runs) as in the open one.
import { describe, expect, it } from 'vitest';
import { QuotaAllocator } from '@loadfleet/controller';
import { closedPlan, openPlan, phase, simulate, SimWorker, T0 } from '../controller/sim.js';

const START = T0 + 1000;

describe('grants within capacity', () => {
  it('closed model: holds each worker at its capacity even when the fleet is short', () => {
    // 1,000 users wanted, 3 workers of 300: 900 is all the fleet can hold.
    const alloc = new QuotaAllocator(closedPlan({ users: 1000, rampUpMs: 2000, holdMs: 6000, rampDownMs: 0 }), {
      startAt: START,
    });
    const fleet = [0, 80, 160].map((offset, i) => new SimWorker(`w${i}`, 300, 1, 60_000, offset));
    let worst = 0;
    simulate(alloc, fleet, T0, START + 7000, (t) => {
      for (const w of fleet) worst = Math.max(worst, w.active(t) + w.pending(t));
    });
    expect(worst).toBeLessThanOrEqual(300);
    expect(fleet.reduce((a, w) => a + w.active(START + 5000), 0)).toBe(900);
  });

  it('open model: a full worker gets nothing more, the others take its share', () => {
    const alloc = new QuotaAllocator(openPlan([phase(5000, 400)]), { startAt: START });
    const full = new SimWorker('full', 100, 1, 60_000, 0);
    const roomy = new SimWorker('roomy', 100_000, 1, 60_000, 125);
    let worst = 0;
    simulate(alloc, [full, roomy], T0, START + 6000, (t) => {
      worst = Math.max(worst, full.active(t) + full.pending(t));
    });
    expect(worst).toBe(100);
    expect(full.active(START + 5500) + roomy.active(START + 5500)).toBe(2000);
  });
});
