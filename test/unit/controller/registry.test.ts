import { describe, expect, it } from 'vitest';
import { WorkerRegistry, type HeartbeatInfo } from '@loadfleet/controller';

const hb = (workerId: string, extra: Partial<HeartbeatInfo> = {}): HeartbeatInfo => ({
  workerId,
  host: 'h1',
  pid: 42,
  capacity: 1000,
  activeUsers: 0,
  weight: 1,
  cpuPct: 10,
  rssBytes: 1e8,
  loopDelayP99Ms: 2,
  openSockets: 0,
  openFilesLimit: 65536,
  bufferedRecords: 0,
  droppedRecords: 0,
  capacityLimit: 'open files',
  runs: [],
  ...extra,
});

describe('WorkerRegistry (virtual clock)', () => {
  it('shows a worker that said it was leaving as left, never lost; its version as it said', () => {
    let now = 1_000_000;
    const reg = new WorkerRegistry({ now: () => now });
    reg.heartbeat(hb('w1', { version: '0.1.0' }));
    reg.heartbeat(hb('w1', { version: '0.1.0', leaving: true }));
    now += 10_000;
    expect(reg.sweep()).toEqual([]);
    expect(reg.get('w1')).toMatchObject({ left: true, lost: false, version: '0.1.0' });
    expect(reg.isLive('w1')).toBe(false);
    expect(reg.counts()).toEqual({ live: 0, lost: 0 });
    reg.heartbeat(hb('w1')); // started again under the same id
    expect(reg.get('w1')).toMatchObject({ left: false, version: '' });
  });

  it('marks a worker lost after 3 s of silence, and back when it speaks again', () => {
    let now = 1_000_000;
    const reg = new WorkerRegistry({ now: () => now });
    reg.heartbeat(hb('w1'));
    reg.heartbeat(hb('w2'));
    now += 2_000;
    reg.heartbeat(hb('w2'));
    now += 999;
    expect(reg.sweep()).toEqual([]);
    expect(reg.isLive('w1')).toBe(true);
    now += 2;
    const lost = reg.sweep();
    expect(lost.map((e) => e.id)).toEqual(['w1']);
    expect(lost[0]!.lostAt).toBe(now);
    expect(reg.sweep()).toEqual([]); // reported once
    expect(reg.list().map((e) => [e.id, e.lost])).toEqual([
      ['w1', true],
      ['w2', false],
    ]);
    expect(reg.counts()).toEqual({ live: 1, lost: 1 });
    reg.heartbeat(hb('w1'));
    expect(reg.get('w1')!.lost).toBe(false);
    expect(reg.counts()).toEqual({ live: 2, lost: 0 });
  });

  it('keeps what the heartbeat says: capacity, health, stats buffers, per-run users', () => {
    const reg = new WorkerRegistry({ now: () => 5 });
    reg.heartbeat(
      hb('w1', {
        activeUsers: 7,
        bufferedRecords: 3,
        droppedRecords: 1,
        runs: [{ runId: 'r1', activeUsers: 7, openSockets: 7 }],
      }),
    );
    const e = reg.get('w1')!;
    expect(e).toMatchObject({ host: 'h1', pid: 42, capacity: 1000, activeUsers: 7, lastSeen: 5, lost: false });
    expect(e.health).toMatchObject({ bufferedRecords: 3, droppedRecords: 1, loopDelayP99Ms: 2, cpuPct: 10 });
    expect(e.runs).toEqual([{ runId: 'r1', activeUsers: 7, openSockets: 7 }]);
  });

  it('forgets a worker lost for long', () => {
    let now = 0;
    const reg = new WorkerRegistry({ now: () => now, forgetAfterMs: 60_000 });
    reg.heartbeat(hb('w1'));
    now = 60_001;
    expect(reg.list()).toEqual([]);
  });
});
