import { describe, expect, it } from 'vitest';
import type { TimerOwner } from '@loadfleet/engine';
import { IntervalQueue } from '../../../libs/engine/src/interval-queue.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('IntervalQueue', () => {
  it('fires entries in the order added, with tag, kind, due time and lateness', async () => {
    let t = 104;
    const q = new IntervalQueue(7, () => t, 0, 4);
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

  it('with slack, fires what comes due within it in the same wake-up, early and never late', async () => {
    const t = 100;
    const q = new IntervalQueue(1, () => t, 10);
    const fired: [number, number][] = [];
    const owner: TimerOwner = { onTimer: (tag, _k, due, late) => fired.push([due, late]) };
    for (const due of [100, 105, 110, 111]) q.add(due, owner, 0);
    await tick(10);
    expect(fired).toEqual([
      [100, 0],
      [105, -5],
      [110, -10],
    ]);
    expect(q.size).toBe(1);
    q.stop();
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
    await tick(20);
    expect(dues).toEqual([10, 20, 30]);
    expect(q.size).toBe(1);
    q.stop();
    expect(q.size).toBe(0);
  });
});
