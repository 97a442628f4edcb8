import { describe, expect, it } from 'vitest';
import { TimerHeap, type TimerOwner } from '@loadfleet/engine';
import { seededRandom } from '../../helpers/seeded.js';

describe('TimerHeap', () => {
  it('fires entries in due order, with their tags and lateness', async () => {
    const heap = new TimerHeap();
    const fired: number[] = [];
    const owner: TimerOwner = { onTimer: (tag) => fired.push(tag) };
    const now = performance.now();
    for (const [d, tag] of [
      [30, 3],
      [10, 1],
      [20, 2],
      [10, 11],
      [0, 0],
    ] as const)
      heap.add(now + d, owner, tag, 0);
    await new Promise((r) => setTimeout(r, 60));
    expect(fired.slice(0, 1)).toEqual([0]);
    expect(fired.slice(1, 3).sort()).toEqual([1, 11]);
    expect(fired.slice(3)).toEqual([2, 3]);
    expect(heap.size).toBe(0);
  });

  it('keeps heap order over many random entries', async () => {
    let t = 0;
    const heap = new TimerHeap(() => t);
    const seen: number[] = [];
    const owner: TimerOwner = { onTimer: (_tag, _kind, due) => seen.push(due) };
    const random = seededRandom();
    for (let i = 0; i < 2000; i++) heap.add(Math.floor(random() * 1000), owner, i, 0);
    t = 2000;
    await new Promise((r) => setTimeout(r, 5));
    expect(seen).toHaveLength(2000);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    heap.stop();
  });
});
