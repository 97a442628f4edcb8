// A worker's run follows the newest leader: grants under a lower fencing token than
// one already seen are refused (a leader paused past its lease), and what it holds of
// its grants is what it tells a controller taking the run over.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '@loadfleet/scenario';
import { RecordBuffer, WorkerRun } from '@loadfleet/worker';

const plan = parseScenario(`
name: t
target: 127.0.0.1:7000
load:
  phases:
    - { duration: 10s, rate: 10 }
sessions:
  - name: s
    steps: [{ think: 5s }]
`);

const grant = (first: number, count: number, start: number, end: number) => ({
  firstUserId: first,
  count,
  windowStart: start,
  windowEnd: end,
  phase: 0,
  done: false,
  stopUsers: 0,
  dropped: 0,
});

describe('WorkerRun fencing', () => {
  it('refuses grants under a lower token than the highest seen, and tells what it holds', async () => {
    const now = Date.now();
    const run = new WorkerRun({ runId: 'r1', workerId: 'w1', plan, startAt: now, buffer: new RecordBuffer() });
    expect(run.source.held).toEqual({
      grantedThrough: 0,
      lastUserId: 0,
      lastGrantAt: 0,
      usersGranted: 0,
      dropsReceived: 0,
    });
    expect(run.addGrant(grant(1, 5, now + 60_000, now + 60_500), 7)).toBe(true);
    // The new leader's RunSpec raised the token; the old leader's late grant is refused.
    expect(run.fence.admit(9)).toBe(true);
    expect(run.addGrant(grant(6, 5, now + 60_500, now + 61_000), 7)).toBe(false);
    expect(run.pendingStarts).toBe(5);
    expect(run.addGrant(grant(20, 3, now + 62_000, now + 62_300), 9)).toBe(true);
    expect(run.pendingStarts).toBe(8);
    // A grant without a token (an older controller) is taken as before.
    expect(run.addGrant({ ...grant(30, 1, now + 63_000, now + 63_100), dropped: 4 })).toBe(true);
    const held = run.source.held;
    // The refused grant counts for nothing: the controller finds it never arrived.
    expect(held).toMatchObject({ grantedThrough: now + 63_100, lastUserId: 30, usersGranted: 9, dropsReceived: 4 });
    expect(held.lastGrantAt).toBeGreaterThanOrEqual(now);
    expect(run.fence.refused).toBe(1);
    await run.stop(0);
  });
});
