import { describe, expect, it, vi } from 'vitest';
import type { TimerOwner } from '@loadfleet/engine';
import { IntervalQueue, slackFor } from '../../../libs/engine/src/interval-queue.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('IntervalQueue', () => {
  it('fires entries in the order added, with tag, kind, due time and lateness', async () => {
    let t = 104;
    const q = new IntervalQueue(7, () => t, { capacity: 4 });
    const fired: [number, number, number, number][] = [];
    const owner: TimerOwner = { onTimer: (tag, kind, due, late) => fired.push([tag, kind, due, late]) };
    for (let i = 0; i < 10; i++) q.add(100 + i, owner, i); // grows past its capacity of 4
    expect(q.size).toBe(10);
    await tick();
    expect(fired.map((f) => f[0])).toEqual([0, 1, 2, 3, 4]);
    expect(fired[0]).toEqual([0, 7, 100, 4]);
    t = 200;
    await tick();
    expect(fired.map((f) => f[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(q.size).toBe(0);
    q.stop();
  });

  it('on time and with maxEarly 0, fires only what is due', async () => {
    const t = 100;
    const q = new IntervalQueue(1, () => t, { maxSlackMs: 10 });
    const fired: [number, number][] = [];
    const owner: TimerOwner = { onTimer: (tag, _k, due, late) => fired.push([due, late]) };
    for (const due of [100, 100.25, 101, 105, 110]) q.add(due, owner, 0);
    await tick(10);
    expect(fired).toEqual([
      [100, 0],
      [100.25, -0.25],
    ]);
    expect(q.size).toBe(3);
    q.stop();
  });

  it('on time, fires what is due and at most maxEarly more within maxSlackMs: a bounded batch', async () => {
    const t = 100;
    const q = new IntervalQueue(1, () => t, { maxSlackMs: 10, maxEarly: 2 });
    const fired: number[] = [];
    // One wake-up only: the clock stands still, and the queue re-arms for what is left.
    const owner: TimerOwner = { onTimer: (tag, _k, due) => fired.push(due) === 1 && setImmediate(() => q.stop()) };
    for (const due of [99, 100, 101, 102, 103, 111]) q.add(due, owner, 0);
    await tick(10);
    expect(fired).toEqual([99, 100, 101, 102]);
  });

  it('late (the loop was busy), fires all that comes due within the lateness, whatever maxEarly, never late', async () => {
    const t = 106;
    const q = new IntervalQueue(1, () => t, { maxSlackMs: 10, maxEarly: 1 });
    const fired: number[] = [];
    const owner: TimerOwner = { onTimer: (tag, _k, due) => fired.push(due) === 1 && setImmediate(() => q.stop()) };
    for (const due of [100, 103, 110, 111, 111.5, 120]) q.add(due, owner, 0);
    await tick(10);
    // 6 ms late, 1 ms of it Node's timer resolution: what is due up to 106 + 5 fires now.
    expect(fired).toEqual([100, 103, 110, 111]);
  });

  it('never fires more than maxSlackMs ahead, however late the wake-up', async () => {
    const t = 1000;
    const q = new IntervalQueue(1, () => t, { maxSlackMs: 10 });
    const fired: number[] = [];
    const owner: TimerOwner = { onTimer: (tag, _k, due) => fired.push(due) };
    for (const due of [100, 1009, 1011]) q.add(due, owner, 0);
    await tick(10);
    expect(fired).toEqual([100, 1009]);
    q.stop();
  });

  it('slackFor: half a millisecond up to the timer resolution, then the lateness beyond it, capped', () => {
    expect(slackFor(0, 10)).toBe(0.5);
    expect(slackFor(1.2, 10)).toBe(0.5);
    expect(slackFor(4, 10)).toBe(3);
    expect(slackFor(40, 10)).toBe(10);
    expect(slackFor(40, 0)).toBe(0.5);
  });

  it('moves a due time earlier than the last one up to it, so the queue stays in order', async () => {
    let t = 45;
    const q = new IntervalQueue(1, () => t);
    const fired: [number, number][] = [];
    const owner: TimerOwner = { onTimer: (tag, _k, due) => fired.push([tag, due]) };
    q.add(50, owner, 1);
    q.add(40, owner, 2);
    await tick(10);
    expect(fired).toEqual([]);
    t = 50;
    await tick(10);
    expect(fired).toEqual([
      [1, 50],
      [2, 50],
    ]);
    q.stop();
  });

  it('lets an owner reschedule itself from onTimer, catching up one interval at a time', async () => {
    const t = 35;
    const q = new IntervalQueue(1, () => t);
    const dues: number[] = [];
    const owner: TimerOwner = {
      onTimer: (tag, _k, due) => {
        dues.push(due);
        q.add(due + 10, owner, tag);
      },
    };
    q.add(10, owner, 1);
    // The queue's own timer fires when the (busy) loop gets to it: wait for it, not a fixed time.
    await vi.waitFor(() => expect(dues.length).toBeGreaterThanOrEqual(3), { timeout: 5000, interval: 5 });
    await tick(20);
    expect(dues).toEqual([10, 20, 30]);
    expect(q.size).toBe(1);
    q.stop();
    expect(q.size).toBe(0);
  });
});
