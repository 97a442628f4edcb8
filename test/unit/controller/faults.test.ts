// The controller's side of the farm's faults (docs/RELIABILITY.md, "Faults"), without a
// network: a lost worker's unstarted grants written off as drops, silence excused while
// the controller's own NATS link is down, a run's end recorded once the store is back,
// and the notes the report gets for each.
import type { RunEndedInfo } from '@loadfleet/report';
import { describe, expect, it } from 'vitest';
import {
  FarmRun,
  LiveHub,
  MemoryRunStore,
  QuotaAllocator,
  WorkerRegistry,
  persist,
  type HeartbeatInfo,
  type RunBus,
  type RunHandlers,
  type RunPatch,
  newRunRecord,
  type RunRecord,
  type FarmRunState,
} from '@loadfleet/controller';
import { parseScenario, type Plan } from '@loadfleet/scenario';
import { SimWorker, T0, openPlan, phase, simulate } from './sim.js';

const START = T0 + 1000;

describe('QuotaAllocator.writeOff (a worker lost mid-run)', () => {
  it('counts the starts the dead worker had not made as dropped, carried to the next grant', () => {
    const alloc = new QuotaAllocator(openPlan([phase(10_000, 100)]), { startAt: START });
    const a = new SimWorker('a', 10_000, 1, 1000, 0);
    const b = new SimWorker('b', 10_000, 1, 1000, 125);
    simulate(alloc, [a, b], T0, START + 2000);
    const lastAsk = Math.max(...a.grants.map((g) => g.at));
    a.silent = true;
    simulate(alloc, [a, b], START + 2005, START + 5000);

    const deadBy = lastAsk + 250;
    const unstarted = a.users.filter((u) => u.start > deadBy).length;
    expect(unstarted).toBeGreaterThan(10);
    expect(alloc.writeOff('a', deadBy, START + 5000)).toBe(unstarted);
    expect(alloc.stats.droppedByLoss).toBe(unstarted);
    expect(alloc.writeOff('a', deadBy, START + 5000)).toBe(0); // once
    // Carried once the loss is sure (5 s without a word from it), not at once.
    expect(b.ask(alloc, START + 5005).dropped).toBe(0);
    expect(alloc.unreportedDropped).toBe(unstarted);
    // b took a's share meanwhile: the schedule was kept but for a's last grants.
    simulate(alloc, [a, b], START + 5010, START + 16_000);
    const carried = b.grants.reduce((n, g) => n + g.dropped, 0);
    expect(carried).toBe(unstarted);
    const started = a.users.filter((u) => u.start <= deadBy).length + b.users.length;
    expect(started + alloc.stats.dropped).toBe(1000);
    expect(alloc.stats.dropped).toBe(unstarted);
  });

  it('takes the write-off back when the worker taken for lost asks again: every arrival counted once', () => {
    const alloc = new QuotaAllocator(openPlan([phase(10_000, 100)]), { startAt: START });
    const a = new SimWorker('a', 10_000, 1, 1000, 0);
    const b = new SimWorker('b', 10_000, 1, 1000, 125);
    simulate(alloc, [a, b], T0, START + 2000);
    const lastAsk = Math.max(...a.grants.map((g) => g.at));
    a.silent = true; // a busy box: its heartbeats and requests late, not dead
    simulate(alloc, [a, b], START + 2005, START + 3500);
    const unstarted = alloc.writeOff('a', lastAsk + 250, START + 3500);
    expect(unstarted).toBeGreaterThan(10);
    a.silent = false;
    simulate(alloc, [a, b], START + 3505, START + 16_000);
    // a started its grants after all: nothing of it is dropped, nor carried to anyone's stats.
    expect(alloc.stats.dropped).toBe(0);
    expect(alloc.stats.writeOffsTakenBack).toBe(unstarted);
    expect([...a.grants, ...b.grants].reduce((n, g) => n + g.dropped, 0)).toBe(0);
    expect(a.users.length + b.users.length).toBe(1000);
  });

  it('writes nothing off for a worker that was only silent and asked again', () => {
    const alloc = new QuotaAllocator(openPlan([phase(10_000, 100)]), { startAt: START });
    const a = new SimWorker('a', 10_000);
    simulate(alloc, [a], T0, START + 2000);
    a.silent = true;
    simulate(alloc, [a], START + 2005, START + 6000); // forgotten by the allocator's own sweep
    a.silent = false;
    a.ask(alloc, START + 6005);
    expect(alloc.workers().map((w) => w.workerId)).toEqual(['a']);
    expect(alloc.stats.droppedByLoss).toBe(0);
  });
});

describe('WorkerRegistry while the controller cannot hear', () => {
  it('declares nobody lost during the pause, and counts silence from the resume', () => {
    let now = 1000;
    const reg = new WorkerRegistry({ now: () => now });
    reg.heartbeat(hb('w1', 0));
    reg.pause();
    now += 10_000;
    expect(reg.sweep()).toEqual([]);
    expect(reg.isLive('w1')).toBe(true);
    reg.resume(now);
    now += 2000;
    expect(reg.sweep()).toEqual([]);
    now += 1500;
    expect(reg.sweep().map((e) => e.id)).toEqual(['w1']);
    expect(reg.isLive('w1')).toBe(false);
  });
});

describe('persist', () => {
  it('retries a failing write until it succeeds, and gives up after its bound', async () => {
    let calls = 0;
    const log = { info() {}, warn() {}, error() {} };
    const ok = await persist(
      async () => {
        if (++calls < 3) throw new Error('redis down');
        return 'written';
      },
      { forMs: 5000, everyMs: 5, log, what: 't' },
    );
    expect({ ok, calls }).toEqual({ ok: 'written', calls: 3 });
    const never = await persist(
      async () => {
        throw new Error('redis down');
      },
      { forMs: 30, everyMs: 5, log, what: 't' },
    );
    expect(never).toBeUndefined();
  });
});

describe('FarmRun under faults', () => {
  it('notes a lost worker with the sessions that died with it', async () => {
    const f = await setup(parseScenario(scenario('1m', 5)), new WorkerRegistry({ lostAfterMs: 200 }));
    const beat1 = setInterval(() => f.registry.heartbeat(hb('w1', 3)), 20);
    const beat2 = setInterval(() => f.registry.heartbeat(hb('w2', 7)), 20);
    const result = f.run.run();
    await waitUntil(() => f.run.workers().length === 2);
    clearInterval(beat2);
    await waitUntil(() => f.run.workers().some((w) => w.lost));
    f.run.requestStop();
    f.bus.onEnded = () => f.bus.handlers!.reportReady();
    f.bus.handlers!.workerDone({ workerId: 'w1', lastSecond: 0, records: 3, droppedRecords: 0 });
    expect(await result).toBe('stopped');
    clearInterval(beat1);
    const notes = f.bus.ended[0]!.notes.join('\n');
    expect(notes).toMatch(/worker w2 lost at \S+ \(last heard \S+\): 7 sessions died with it/);
    expect(f.bus.ended[0]!.workers.find((w) => w.id === 'w2')).toMatchObject({ lost: true });
  });

  it('notes the seconds of a NATS outage, and the records a worker had to drop', async () => {
    const f = await setup(parseScenario(scenario('1m', 5)));
    const result = f.run.run();
    await new Promise((r) => setTimeout(r, 50));
    f.run.busOutage(Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-01T00:00:03Z'));
    f.bus.handlers!.quota({ workerId: 'w1', freeCapacity: 10, weight: 1, activeUsers: 0 });
    f.bus.onStop = () => f.bus.handlers!.workerDone({ workerId: 'w1', lastSecond: 9, records: 10, droppedRecords: 4 });
    f.bus.onEnded = () => f.bus.handlers!.reportReady();
    f.run.requestStop();
    await result;
    expect(f.bus.ended[0]!.notes).toEqual([
      'NATS connection lost from 2026-01-01T00:00:00.000Z to 2026-01-01T00:00:03.000Z (3000 ms): no quota was granted meanwhile; arrivals due then that no worker held were dropped',
      'worker w1 dropped 4 of its 10 stats records (Redis unreachable longer than its --record-buffer): the report misses those seconds of it',
    ]);
  });

  it('records the end of a run that ended while the store was away, once it is back', async () => {
    const f = await setup(parseScenario(scenario('200ms', 10)));
    f.bus.onEnded = () => f.bus.handlers!.reportReady();
    const result = f.run.run();
    await new Promise((r) => setTimeout(r, 20));
    f.store.down = true;
    await waitUntil(() => f.run.stopping);
    await new Promise((r) => setTimeout(r, 200));
    f.store.down = false;
    expect(await result).toBe('done');
    const rec = (await f.store.get('r1'))!;
    expect(rec).toMatchObject({ state: 'done', step: 'ended' });
    expect(f.store.failures).toBeGreaterThan(0);
  });
});

/** A run store that fails every write while `down`, as Redis away would. */
class FlakyStore extends MemoryRunStore {
  down = false;
  failures = 0;
  override async transition(id: string, to: FarmRunState, patch?: RunPatch): Promise<boolean> {
    this.check();
    return super.transition(id, to, patch);
  }
  override async update(id: string, patch: RunPatch): Promise<void> {
    this.check();
    return super.update(id, patch);
  }
  private check(): void {
    if (!this.down) return;
    this.failures++;
    throw new Error('connect ECONNREFUSED');
  }
}

class FakeBus implements RunBus {
  handlers: RunHandlers | null = null;
  ended: RunEndedInfo[] = [];
  onStop: () => void = () => {};
  onEnded: () => void = () => {};
  async attach(_runId: string, handlers: RunHandlers) {
    this.handlers = handlers;
    return async () => {};
  }
  async putSpec() {}
  async deleteSpec() {}
  async publishStop() {
    this.onStop();
  }
  async publishEnded(e: RunEndedInfo) {
    this.ended.push(e);
    this.onEnded();
  }
}

function scenario(duration: string, rate: number): string {
  return `
name: unit
target: 127.0.0.1:7000
load:
  phases: [{ duration: ${duration}, rate: ${rate} }]
sessions:
  - name: s
    steps: [connect, close]
`;
}

async function setup(plan: Plan, registry = new WorkerRegistry()) {
  const store = new FlakyStore();
  const bus = new FakeBus();
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
    hub: new LiveHub(),
    timings: {
      startDelayMs: 20,
      tickMs: 20,
      gracefulStopMs: 300,
      workerDoneTimeoutMs: 300,
      reportTimeoutMs: 300,
      storeRetryMs: 5000,
    },
  });
  return { store, bus, registry, run };
}

function hb(workerId: string, runUsers: number): HeartbeatInfo {
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

async function waitUntil(cond: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 10));
  }
}
