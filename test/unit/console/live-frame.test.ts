// The console's live stream: frames from merged seconds, and a size that does not
// grow with the fleet (the worker table travels as a rotating page).
import { describe, expect, it } from 'vitest';
import { historyFrames, liveFrame, workerDigest, WORKER_ROWS_PER_FRAME, type LiveFrame } from '@loadfleet/console';
import type { WorkerEntry } from '@loadfleet/controller';
import type { TimelineSecond } from '@loadfleet/stats';

const summary = (p50: number, p99: number) => ({
  count: 10,
  min: p50,
  max: p99,
  mean: p50,
  p50,
  p90: p99,
  p95: p99,
  p99,
  p999: p99,
});

const row: TimelineSecond = {
  second: 1000,
  sources: 3,
  counters: {
    'users.started': 12,
    'msg.out.chat': 30,
    'msg.in.event': 300,
    'errors.error_reply': 2,
    'conn.failed.refused': 1,
  },
  gauges: { 'users.active': 40, 'arrivals.target': 12, 'health.cpuPct': 30 },
  latency: { 'response.chat': summary(1.5, 9), 'delivery.chat': summary(3, 20), delivery: summary(3, 20) },
};

function worker(i: number, runId: string): WorkerEntry {
  return {
    id: `w-${String(i).padStart(4, '0')}`,
    host: 'gen-1',
    pid: i,
    capacity: 1000,
    capacityLimit: 'memory',
    weight: 1,
    activeUsers: 10,
    health: {
      cpuPct: 50,
      rssBytes: 1,
      loopDelayP99Ms: i % 10 === 0 ? 80 : 5,
      openSockets: 10,
      openFilesLimit: 20000,
      bufferedRecords: 0,
      droppedRecords: 0,
    },
    runs: [{ runId, activeUsers: 10, openSockets: 10 }],
    lastSeen: 0,
    lost: false,
    lostAt: null,
    version: '0.1.0',
    left: false,
  };
}

describe('liveFrame', () => {
  it('splits latency per reply kind and fan-out per event kind, counts per kind, errors by reason', () => {
    const f = liveFrame(row, 999_000, () => 'steady', false);
    expect(f).toMatchObject({
      s: 1000,
      t: 1,
      phase: 'steady',
      users: 40,
      usersTarget: null,
      arrivals: 12,
      arrivalsTarget: 12,
      msgOut: { chat: 30 },
      msgIn: { event: 300 },
      latency: { chat: [1.5, 9, 9] },
      delivery: { chat: [3, 20, 20] },
      errors: { error_reply: 2, 'conn.refused': 1 },
    });
  });

  it('folds a long history into a bounded number of points, keeping latency peaks', () => {
    const frames: LiveFrame[] = Array.from({ length: 3600 }, (_, i) => ({
      ...liveFrame({ ...row, second: 1000 + i }, 1_000_000, () => 'p'),
      latency: { chat: [1, 2, i === 1234 ? 500 : 3] },
    }));
    const h = historyFrames(frames, 600);
    expect(h.frames.length).toBeLessThanOrEqual(600);
    expect(h.step).toBe(6);
    expect(Math.max(...h.frames.map((f) => f.latency.chat![2]))).toBe(500);
  });
});

describe('workerDigest', () => {
  it('sends the same number of rows whatever the fleet size, and shows every worker in turn', () => {
    const sizes = [10, 100, 1000].map((n) => {
      const fleet = Array.from({ length: n }, (_, i) => worker(i, 'r1'));
      const seen = new Set<string>();
      const pages = Math.ceil(n / WORKER_ROWS_PER_FRAME);
      let bytes = 0;
      for (let s = 0; s < pages; s++) {
        const d = workerDigest(fleet, 'r1', s);
        for (const r of d.rows) seen.add(r.id);
        bytes = Math.max(bytes, JSON.stringify(d).length);
        expect(d.count).toBe(n);
        expect(d.users).toBe(10 * n);
        expect(d.saturated).toBe(Math.ceil(n / 10));
      }
      expect(seen.size).toBe(n);
      return bytes;
    });
    expect(sizes[2]).toBeLessThanOrEqual(sizes[1]! + 50);
  });

  it('leaves out workers of other runs, keeps lost participants', () => {
    const other = worker(1, 'r2');
    const lost = { ...worker(2, 'r2'), runs: [], lost: true };
    const d = workerDigest([worker(0, 'r1'), other, lost], 'r1', 0, new Set([lost.id]));
    expect(d.rows.map((r) => r.id)).toEqual(['w-0000', 'w-0002']);
    expect(d.lost).toBe(1);
  });
});
