// FarmRun end to end against an in-memory bus: the ending protocol (StopRun,
// WorkerDone, RunEnded, report), stop requests, abort thresholds, timeouts.
import type { RunEndedInfo } from '@loadfleet/report';
import { describe, expect, it } from 'vitest';
import {
  FarmRun,
  LiveHub,
  MemoryRunStore,
  WorkerRegistry,
  type FarmRunTimings,
  type HeartbeatInfo,
  type RunBus,
  type RunHandlers,
  newRunRecord,
  type RunRecord,
  type RunSpecInfo,
  type StopInfo,
} from '@loadfleet/controller';
import { parseScenario, type Plan } from '@loadfleet/scenario';
import { emptyWindow, freezeWindow, names } from '@loadfleet/stats';

const SCENARIO = (load: string, thresholds = '') => `
name: unit
target: 127.0.0.1:7000
load:
${load}
sessions:
  - name: s
    steps: [connect, close]
${thresholds}`;

class FakeBus implements RunBus {
  handlers: RunHandlers | null = null;
  specs = new Map<string, RunSpecInfo>();
  stops: StopInfo[] = [];
  ended: RunEndedInfo[] = [];
  detached = false;
  /** What the fake fleet does when StopRun / RunEnded go out. */
  onStop: (s: StopInfo) => void = () => {};
  onEnded: (e: RunEndedInfo) => void = () => {};

  async attach(_runId: string, handlers: RunHandlers) {
    this.handlers = handlers;
    return async () => {
      this.detached = true;
    };
  }
  async putSpec(spec: RunSpecInfo) {
    this.specs.set(spec.runId, spec);
  }
  async deleteSpec(runId: string) {
    this.specs.delete(runId);
  }
  async publishStop(s: StopInfo) {
    this.stops.push(s);
    this.onStop(s);
  }
  async publishEnded(e: RunEndedInfo) {
    this.ended.push(e);
    this.onEnded(e);
  }
}

const FAST: Partial<FarmRunTimings> = {
  startDelayMs: 50,
  tickMs: 20,
  gracefulStopMs: 300,
  workerDoneTimeoutMs: 300,
  reportTimeoutMs: 300,
};

async function setup(plan: Plan, timings: Partial<FarmRunTimings> = FAST) {
  const store = new MemoryRunStore();
  const bus = new FakeBus();
  const hub = new LiveHub();
  const registry = new WorkerRegistry();
  const record: RunRecord = { ...newRunRecord('r1', plan), state: 'running', step: 'starting', targets: [] };
  await store.create(record, JSON.stringify(plan));
  const run = new FarmRun({
    runId: 'r1',
    plan,
    planJson: JSON.stringify(plan),
    controllerId: 'c1',
    store,
    bus,
    registry,
    hub,
    timings,
  });
  return { store, bus, hub, registry, run };
}

/** A fake worker that asks for quota every 20 ms until told done. */
function askLoop(bus: FakeBus, workerId: string, granted: { n: number }): () => void {
  let done = false;
  const timer = setInterval(() => {
    if (!bus.handlers || done) return;
    // This run's own controller answers every ask (null is for a run it no longer leads).
    const g = bus.handlers.quota({ workerId, freeCapacity: 1000, weight: 1, activeUsers: 0 })!;
    granted.n += g.count;
    if (g.done) done = true;
  }, 20);
  return () => clearInterval(timer);
}

function heartbeat(workerId: string, runUsers: number): HeartbeatInfo {
  return {
    workerId,
    host: 'h',
    pid: 1,
    capacity: 10,
    activeUsers: runUsers,
    weight: 1,
    cpuPct: 0,
    rssBytes: 0,
    loopDelayP99Ms: 0,
    openSockets: runUsers,
    openFilesLimit: 0,
    bufferedRecords: 0,
    droppedRecords: 0,
    capacityLimit: '',
    runs: [{ runId: 'r1', activeUsers: runUsers, openSockets: runUsers }],
  };
}

describe('FarmRun', () => {
  it('runs the schedule, stops the workers, waits for WorkerDone and the report, ends done', async () => {
    const plan = parseScenario(SCENARIO('  phases: [{ duration: 500ms, rate: 20 }]'));
    const { store, bus, run, hub, registry } = await setup(plan);
    const granted = { n: 0 };
    const beat = setInterval(() => registry.heartbeat(heartbeat('w1', 0)), 20);
    bus.onStop = () =>
      setTimeout(() => bus.handlers!.workerDone({ workerId: 'w1', lastSecond: 1, records: 1, droppedRecords: 0 }), 10);
    bus.onEnded = () => setTimeout(() => bus.handlers!.reportReady(), 10);
    const ends: string[] = [];
    hub.subscribe('r1', { status() {}, end: (e) => ends.push(e.state) });
    const stopAsking = askLoop(bus, 'w1', granted);
    const state = await run.run();
    stopAsking();
    clearInterval(beat);

    expect(state).toBe('done');
    expect(granted.n).toBe(10);
    expect(bus.specs.size).toBe(0);
    expect(bus.stops).toEqual([{ runId: 'r1', reason: 'schedule ended', graceMs: 0 }]);
    expect(bus.ended).toHaveLength(1);
    expect(bus.ended[0]).toMatchObject({
      runId: 'r1',
      state: 'done',
      workers: [{ id: 'w1', host: 'h', users: 10, lost: false }],
    });
    expect(bus.detached).toBe(true);
    expect(ends).toEqual(['done']);
    const rec = (await store.get('r1'))!;
    expect(rec).toMatchObject({ state: 'done', step: 'ended', stopReason: null, workers: [{ id: 'w1', users: 10 }] });
    expect(rec.startedAt).toBe(run.startAt);
  });

  it('a stop request ends the run as stopped, with the reason in StopRun', async () => {
    const plan = parseScenario(SCENARIO('  phases: [{ duration: 1m, rate: 5 }]'));
    const { store, bus, run } = await setup(plan);
    bus.onEnded = () => bus.handlers!.reportReady();
    const result = run.run();
    await new Promise((r) => setTimeout(r, 100));
    expect(bus.specs.has('r1')).toBe(true);
    expect(run.requestStop('enough')).toBe(true);
    expect(run.requestStop('again')).toBe(false);
    expect(await result).toBe('stopped');
    expect(bus.stops[0]!.reason).toBe('enough');
    expect((await store.get('r1'))!.state).toBe('stopped');
  });

  it('aborts on a failed abort threshold from the live rollups', async () => {
    const plan = parseScenario(
      SCENARIO(
        '  phases: [{ duration: 1m, rate: 5 }]',
        "thresholds:\n  - { expr: 'count(errors) < 3', abort: true }\n",
      ),
    );
    const { store, bus, run, hub } = await setup(plan);
    bus.onEnded = () => bus.handlers!.reportReady();
    const seen: number[] = [];
    hub.subscribe('r1', { status: (s) => seen.push(s.errors), end() {} });
    const result = run.run();
    await new Promise((r) => setTimeout(r, 60));
    const second = Math.floor(Date.now() / 1000);
    const w = (s: number, errors: number) => {
      const win = emptyWindow(s, 1);
      win.counters[names.error('connect')] = errors;
      return freezeWindow(win);
    };
    bus.handlers!.live(w(second, 1));
    bus.handlers!.live(w(second, 1)); // a repeated second counts once
    expect(run.stopping).toBe(false);
    bus.handlers!.live(w(second + 1, 2));
    expect(await result).toBe('aborted');
    expect(seen).toEqual([1, 2]);
    const rec = (await store.get('r1'))!;
    expect(rec.stopReason).toBe('threshold "count(errors) < 3" failed (observed 3)');
    expect(rec.live).toMatchObject({ second: second + 1, errorsTotal: 3 });
  });

  it('fails with "no report" when no aggregator answers, and notes workers that never said done', async () => {
    const plan = parseScenario(SCENARIO('  phases: [{ duration: 200ms, rate: 10 }]'));
    const { store, bus, run } = await setup(plan);
    const stop = askLoop(bus, 'w9', { n: 0 });
    // w9 keeps asking after done? No: it stops on done; keep it "live" by asking once more during the stop.
    bus.onStop = () => bus.handlers!.quota({ workerId: 'w9', freeCapacity: 0, weight: 1, activeUsers: 0 });
    const state = await run.run();
    stop();
    expect(state).toBe('failed');
    const rec = (await store.get('r1'))!;
    expect(rec.stopReason).toBe('no report');
    expect(rec.notes.join('\n')).toMatch(/no WorkerDone within 300 ms from w9/);
    expect(rec.notes.join('\n')).toMatch(/no report within 300 ms/);
    expect(bus.ended[0]!.workers).toEqual([{ id: 'w9', host: '', users: 2, lost: true }]);
  });

  it('abandon() ends at once as failed, StopRun and RunEnded still sent', async () => {
    const plan = parseScenario(SCENARIO('  phases: [{ duration: 1m, rate: 5 }]'));
    const { store, bus, run } = await setup(plan, { ...FAST, workerDoneTimeoutMs: 60_000, reportTimeoutMs: 60_000 });
    const result = run.run();
    await new Promise((r) => setTimeout(r, 60));
    bus.handlers!.quota({ workerId: 'w1', freeCapacity: 10, weight: 1, activeUsers: 0 });
    expect(await run.abandon('controller shut down')).toBe('failed');
    expect(await result).toBe('failed');
    expect(bus.stops).toHaveLength(1);
    expect(bus.ended[0]).toMatchObject({ state: 'failed', stopReason: 'controller shut down' });
    expect((await store.get('r1'))!.stopReason).toBe('controller shut down');
  });

  it('stops users still running gracefulStop after the schedule, saying how many', async () => {
    const plan = parseScenario(SCENARIO('  phases: [{ duration: 100ms, rate: 10 }]'));
    const { store, bus, run, registry } = await setup(plan);
    bus.onEnded = () => bus.handlers!.reportReady();
    bus.onStop = () => bus.handlers!.workerDone({ workerId: 'w1', lastSecond: 0, records: 0, droppedRecords: 0 });
    const beat = setInterval(() => registry.heartbeat(heartbeat('w1', 4)), 20);
    const state = await run.run();
    clearInterval(beat);
    expect(state).toBe('done');
    expect((await store.get('r1'))!.stopReason).toBe(
      '4 users still running 300 ms after the schedule ended were stopped',
    );
  });
});
