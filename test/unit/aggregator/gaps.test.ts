// A worker writes one stats record per run per second without fail, so a second it has
// no window for is data truly lost: the report must say which, for whom.
import { describe, expect, it } from 'vitest';
import { findGaps, gapNotes } from '@loadfleet/aggregator';

const T = 1_800_000_000;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => T + from + i);

describe('findGaps', () => {
  it('finds nothing when every worker wrote every second (joining late, or ending a second early)', () => {
    const seconds = new Map([
      ['w1', range(0, 20)],
      ['w2', range(5, 19)],
    ]);
    expect(findGaps(seconds, new Set())).toEqual([]);
  });

  it('finds the seconds a worker lost in the middle, and a worker whose last records never came', () => {
    const seconds = new Map([
      ['w1', range(0, 20)],
      ['w2', [...range(0, 4), ...range(10, 20)]],
      ['w3', range(0, 12)],
    ]);
    const gaps = findGaps(seconds, new Set());
    expect(gaps).toEqual([
      { workerId: 'w2', holes: range(5, 9), endsEarlyBy: 0, lastSecond: T + 20 },
      { workerId: 'w3', holes: [], endsEarlyBy: 8, lastSecond: T + 12 },
    ]);
    const notes = gapNotes(gaps);
    expect(notes[0]).toBe(
      `worker w2: no stats for 5 s (${iso(T + 5)} to ${iso(T + 9)}) — records dropped or never written to Redis; the report undercounts those seconds`,
    );
    expect(notes[1]).toMatch(/^worker w3: its stats end at \S+, 8 s before the run's last second/);
  });

  it('names the missing last second of stats of a lost worker (docs/FARM.md)', () => {
    const seconds = new Map([
      ['w1', range(0, 20)],
      ['w2', range(0, 7)],
    ]);
    const gaps = findGaps(seconds, new Set(['w2']));
    expect(gaps).toEqual([{ workerId: 'w2', holes: [], endsEarlyBy: 0, lastSecond: T + 7, lost: true }]);
    expect(gapNotes(gaps)).toEqual([
      `worker w2 (lost): its stats end with the second from ${iso(T + 7)}; its last second of stats, ` +
        `from ${iso(T + 8)} until it was lost, never reached Redis and is missing from this report`,
    ]);
  });
});

function iso(s: number): string {
  return new Date(s * 1000).toISOString();
}
