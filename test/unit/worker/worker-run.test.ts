// One run on a worker: the engine driven by grants, windows out as StatsRecords (no network: think-only sessions).
import { describe, expect, it } from 'vitest';
import { codecs } from '@loadfleet/bus';
import { parseScenario } from '@loadfleet/scenario';
import { decodeWindow, names } from '@loadfleet/stats';
import { RecordBuffer, WorkerRun } from '@loadfleet/worker';

const plan = parseScenario(`
name: t
target: 127.0.0.1:7000
load:
  phases:
    - { duration: 10s, rate: 10 }
sessions:
  - name: s
    steps: [{ think: 20ms }]
`);

const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
};

describe('WorkerRun', () => {
  it('starts granted users, writes one record per second in sequence, closes the last window on stop', async () => {
    const buffer = new RecordBuffer();
    const now = Date.now();
    const run = new WorkerRun({ runId: 'r1', workerId: 'w1', plan, startAt: now, buffer });
    run.addGrant({
      firstUserId: 1,
      count: 20,
      windowStart: now,
      windowEnd: now + 100,
      phase: 0,
      done: true,
      stopUsers: 0,
      dropped: 3,
    });
    expect(run.pendingStarts + run.activeUsers).toBe(20);
    expect(run.wantsQuota).toBe(false);
    await until(() => run.source.done && run.activeUsers === 0);
    const second = Math.floor(Date.now() / 1000);
    run.tick(second - 1);
    run.tick(second - 1); // a second is closed once
    const result = await run.stop(0);
    await run.stop(0); // idempotent
    expect(run.state).toBe('stopped');
    run.tick(second + 5); // nothing after the stop

    const records = buffer.peek(100).map((r) => codecs.statsRecord.decode(r.bytes)!);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(result).toEqual({ lastSecond: records.at(-1)!.second, records: records.length });
    const seconds = records.map((r) => r.second);
    expect([...seconds].sort((a, b) => a - b)).toEqual(seconds);
    expect(new Set(seconds).size).toBe(seconds.length);
    let started = 0;
    let finished = 0;
    let dropped = 0;
    for (const r of records) {
      expect(r).toMatchObject({ runId: 'r1', workerId: 'w1' });
      const w = decodeWindow(r.window);
      expect(w.second).toBe(r.second);
      started += w.counters[names.USERS_STARTED] ?? 0;
      finished += w.counters[names.USERS_FINISHED] ?? 0;
      dropped += w.counters[names.USERS_DROPPED] ?? 0;
    }
    expect(started).toBe(20);
    expect(finished).toBe(20);
    expect(dropped).toBe(3); // the arrivals the controller could not place, counted by the worker told of them
  });

  it('writes nothing for seconds wholly before the schedule starts', async () => {
    const buffer = new RecordBuffer();
    const startAt = (Math.floor(Date.now() / 1000) + 10) * 1000;
    const run = new WorkerRun({ runId: 'r2', workerId: 'w1', plan, startAt, buffer });
    run.tick(startAt / 1000 - 2);
    run.tick(startAt / 1000 - 1);
    expect(buffer.size).toBe(0);
    run.tick(startAt / 1000);
    expect(buffer.size).toBe(1);
    await run.stop(0);
  });

  it('ignores grants once stopping', async () => {
    const buffer = new RecordBuffer();
    const now = Date.now();
    const run = new WorkerRun({ runId: 'r3', workerId: 'w1', plan, startAt: now, buffer });
    const stopped = run.stop(0);
    run.addGrant({
      firstUserId: 1,
      count: 5,
      windowStart: now,
      windowEnd: now + 10,
      phase: 0,
      done: false,
      stopUsers: 0,
      dropped: 0,
    });
    await stopped;
    expect(run.pendingStarts).toBe(0);
    expect(run.activeUsers).toBe(0);
  });
});
