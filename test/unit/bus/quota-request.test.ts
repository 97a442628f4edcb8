// The totals a worker tells in its QuotaRequest have presence on the wire: a worker that
// does not send them (an older one) is told apart from one that has received nothing,
// so the controller never takes its grants for lost.
import { codecs } from '@loadfleet/bus';
import { QuotaAllocator } from '@loadfleet/controller';
import { describe, expect, it } from 'vitest';
import { T0, openPlan, phase } from '../controller/sim.js';

const base = { runId: 'r', workerId: 'w', freeCapacity: 100, weight: 1, activeUsers: 0 };

describe('QuotaRequest totals', () => {
  it('absent when not sent, zero when sent as zero', () => {
    const without = codecs.quotaRequest.decode(codecs.quotaRequest.encode(base))!;
    expect(without.usersGranted ?? undefined).toBeUndefined();
    expect(without.pendingStarts ?? undefined).toBeUndefined();
    const zero = codecs.quotaRequest.decode(
      codecs.quotaRequest.encode({ ...base, usersGranted: 0, dropsReceived: 0, pendingStarts: 0 }),
    )!;
    expect([zero.usersGranted, zero.dropsReceived, zero.pendingStarts]).toEqual([0, 0, 0]);
  });

  it('a worker without totals keeps its grants: nothing counted lost', () => {
    const alloc = new QuotaAllocator(openPlan([phase(4000, 50)]), { startAt: T0 });
    let granted = 0;
    for (let t = T0 - 500; t <= T0 + 5000; t += 250) granted += alloc.request({ ...base }, t).count;
    expect(granted).toBe(200);
    expect(alloc.stats.dropped).toBe(0);
    expect(alloc.stats.droppedInTransit).toBe(0);
  });
});
