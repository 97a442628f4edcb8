// The aggregator's logic against an in-memory store: what the Redis-backed one does, minus Redis.
import { describe, expect, it } from 'vitest';
import {
  MemoryWindowStore,
  RollupScheduler,
  compareStreamIds,
  decodeEntries,
  mergeStored,
  rollupSecond,
  timelineFromStore,
  writeStoredReport,
  reportInputOf,
  runEndedOf,
  type StreamEntry,
} from '@loadfleet/aggregator';
import { codecs } from '@loadfleet/bus';
import { buildReport, type RunEndedInfo } from '@loadfleet/report';
import { control } from '@loadfleet/protocol';
import { parseScenario } from '@loadfleet/scenario';
import {
  StatsRecorder,
  Timeline,
  decodeWindow,
  emptyWindow,
  encodeWindow,
  mergeInto,
  names,
  type StatsWindow,
} from '@loadfleet/stats';
import { expectSameWindow } from '../stats/helpers.js';

const RUN = 'run-1';
const T0 = 1_800_000_000; // an epoch second

/** A realistic worker window: counters, gauges, latency histograms that differ per worker and second. */
function workerWindow(worker: number, second: number): StatsWindow {
  const r = new StatsRecorder();
  const chat = r.histogram(names.response('chat'));
  const connect = r.histogram(names.CONNECT_TIME);
  for (let i = 0; i < 50 + worker * 7 + (second % 5); i++) {
    r.record(chat, 800 + ((i * 7919 + worker * 104729 + second) % 40_000));
    r.record(connect, 200 + ((i * 31 + worker) % 3000));
  }
  r.add(r.counter(names.msgOut('chat')), 10 + worker);
  r.add(r.counter(names.msgIn('chat')), 9 + worker);
  r.add(r.counter(names.USERS_STARTED), 3);
  r.set(r.gauge(names.USERS_ACTIVE), 100 + worker);
  r.set(r.gauge(names.HEALTH_CPU_PCT), 20 + worker);
  return r.rotate(second);
}

let nextId = 1;
function entry(worker: number, second: number, seq = 1): StreamEntry {
  const record = codecs.statsRecord.encode({
    runId: RUN,
    workerId: `w${worker}`,
    second,
    window: encodeWindow(workerWindow(worker, second)),
    seq,
  });
  return { id: `${1000 + nextId++}-0`, record };
}

async function ingest(store: MemoryWindowStore, entries: StreamEntry[]): Promise<string[]> {
  const batch = decodeEntries(entries);
  await store.putWindows(batch.windows);
  return batch.ack;
}

describe('decodeEntries', () => {
  it('decodes records and acknowledges bad bytes without throwing', () => {
    const good = entry(1, T0);
    const entries: StreamEntry[] = [
      good,
      { id: '2-0', record: null },
      { id: '3-0', record: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]) },
      {
        id: '4-0',
        record: codecs.statsRecord.encode({ runId: 'bad run', workerId: 'w', second: 1, window: new Uint8Array([1]) }),
      },
      { id: '5-0', record: codecs.statsRecord.encode({ runId: 'r', workerId: 'w', second: 1 }) },
    ];
    const out = decodeEntries(entries);
    expect(out.ack).toEqual([good.id, '2-0', '3-0', '4-0', '5-0']);
    expect(out.windows).toHaveLength(1);
    expect(out.windows[0]).toMatchObject({ runId: RUN, workerId: 'w1', second: T0 });
    expect(out.bad.map((b) => b.id)).toEqual(['2-0', '3-0', '4-0', '5-0']);
  });

  it('orders stream ids numerically', () => {
    expect(compareStreamIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareStreamIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareStreamIds('1700000000000-5', '1700000000000-5')).toBe(0);
    expect(compareStreamIds('1700000000001-0', '1700000000000-99')).toBeGreaterThan(0);
  });
});

describe('storing windows', () => {
  it('a redelivered record changes nothing: no window counted twice', async () => {
    const store = new MemoryWindowStore();
    const entries = [0, 1, 2].flatMap((w) => [0, 1, 2, 3].map((s) => entry(w, T0 + s)));
    await ingest(store, entries);
    const once = await timelineFromStore(store, RUN);
    // The same records again (a restart re-reads its pending entries, a dead consumer's are claimed), shuffled.
    await ingest(store, [...entries].reverse());
    await ingest(store, entries.slice(3, 7));
    const twice = await timelineFromStore(store, RUN);
    expect(twice.timeline.seconds()).toEqual(once.timeline.seconds());
    expectSameWindow(twice.timeline.totals(), once.timeline.totals());
    expect(twice.timeline.totals().counters[names.USERS_STARTED]).toBe(3 * 4 * 3);
  });

  it('merges a second exactly across workers (histograms bucket by bucket)', async () => {
    const store = new MemoryWindowStore();
    await ingest(
      store,
      [0, 1, 2, 3, 4].map((w) => entry(w, T0)),
    );
    const [stored] = await store.windowsOf(RUN, [T0]);
    const merged = mergeStored(T0, stored!);
    const expected = emptyWindow(T0);
    for (let w = 0; w < 5; w++) mergeInto(expected, workerWindow(w, T0));
    expect(merged.sources).toBe(5);
    expect(merged.bad).toEqual([]);
    expectSameWindow(merged.window, expected);
    // Gauges are per-worker shares: summed; health gauges: the worst worker.
    expect(merged.window.gauges[names.USERS_ACTIVE]).toBe(100 + 101 + 102 + 103 + 104);
    expect(merged.window.gauges[names.HEALTH_CPU_PCT]).toBe(24);
  });

  it('leaves undecodable stored windows out of a merge, and names them', () => {
    const windows = new Map<string, Uint8Array>([
      ['w1', encodeWindow(workerWindow(1, T0))],
      ['w2', new Uint8Array([1, 2, 3])],
    ]);
    const merged = mergeStored(T0, windows);
    expect(merged.sources).toBe(1);
    expect(merged.bad).toEqual(['w2']);
  });
});

describe('rollups', () => {
  it('a second is due once it ended ROLLUP_DELAY ago, once', () => {
    let now = (T0 + 1) * 1000; // second T0 just ended
    const s = new RollupScheduler({ delayMs: 2000, now: () => now });
    s.note(RUN, T0);
    s.note(RUN, T0); // a second worker's window of the same second
    s.note(RUN, T0 + 1);
    expect(s.due()).toEqual([]);
    now += 1999;
    expect(s.due()).toEqual([]);
    now += 1;
    expect(s.due()).toEqual([{ runId: RUN, second: T0 }]);
    expect(s.due()).toEqual([]);
    now += 1000;
    expect(s.due()).toEqual([{ runId: RUN, second: T0 + 1 }]);
    expect(s.size).toBe(0);
  });

  it('leaves seconds older than the horizon to the report', () => {
    const now = (T0 + 100) * 1000;
    const s = new RollupScheduler({ horizonMs: 30_000, now: () => now });
    expect(s.note(RUN, T0)).toBe(false);
    expect(s.note(RUN, T0 + 90)).toBe(true);
    s.dropRun(RUN);
    expect(s.size).toBe(0);
  });

  it('one aggregator wins the election for a second; the rollup is the exact merge', async () => {
    let now = 0;
    const store = new MemoryWindowStore(() => now);
    await ingest(
      store,
      [0, 1, 2].map((w) => entry(w, T0)),
    );
    const a = await rollupSecond(store, RUN, T0);
    const b = await rollupSecond(store, RUN, T0);
    expect(a).not.toBeNull();
    expect(b).toBeNull();
    expect(a!.sources).toBe(3);
    const expected = emptyWindow(T0);
    for (let w = 0; w < 3; w++) mergeInto(expected, workerWindow(w, T0));
    expectSameWindow(decodeWindow(a!.window!), { ...expected, sources: 3 });
    // The lock expires: by then the horizon keeps the second from being scheduled again.
    now += 60_000;
    expect(await rollupSecond(store, RUN, T0 + 5)).toBeNull(); // nothing stored for it
  });
});

describe('the report', () => {
  const plan = parseScenario(`
name: agg
target: 127.0.0.1:7000
load:
  phases:
    - { duration: 10s, rate: 5 }
sessions:
  - name: s
    steps: [connect, { send: heartbeat }, close]
thresholds:
  - 'p99(response.chat) < 10s'
`);
  const ended: RunEndedInfo = {
    runId: RUN,
    state: 'done',
    stopReason: '',
    startedAt: T0 * 1000,
    endedAt: (T0 + 10) * 1000,
    notes: ['a note from the controller'],
    workers: [0, 1, 2].map((w) => ({ id: `w${w}`, host: 'h', users: 10, lost: w === 2 })),
    graceMs: 0,
  };

  it('built from stored windows equals the report built in-process from the same windows', async () => {
    const store = new MemoryWindowStore();
    store.plans.set(RUN, JSON.stringify(plan));
    const local = new Timeline();
    const entries: StreamEntry[] = [];
    for (let s = 0; s < 10; s++) {
      for (let w = 0; w < 3; w++) {
        entries.push(entry(w, T0 + s));
        local.add(`w${w}`, workerWindow(w, T0 + s));
      }
    }
    // Arrival order and redelivery do not matter.
    await ingest(store, entries.slice(15));
    await ingest(store, entries);
    const report = await writeStoredReport(store, ended);
    const expected = buildReport(reportInputOf(ended, plan, local));
    expect(report).toEqual(expected);
    expect(JSON.parse(store.reports.get(RUN)!.json)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(store.reports.get(RUN)!.html).toContain('<html');
    expect(report.totals.users.started).toBe(3 * 10 * 3);
    expect(report.notes).toContain('a note from the controller');
  });

  it('says so when the run record has no plan', async () => {
    const store = new MemoryWindowStore();
    await expect(writeStoredReport(store, ended)).rejects.toMatchObject({ code: 'LF_ERR_AGG_NO_PLAN' });
    store.plans.set(RUN, '{not json');
    await expect(writeStoredReport(store, ended)).rejects.toMatchObject({ code: 'LF_ERR_AGG_BAD_PLAN' });
  });

  it('reports an unknown end state as failed, with a note', () => {
    const input = runEndedOf(control.RunEnded.create({ ...ended, state: 'exploded' }));
    expect(input.state).toBe('failed');
    expect(input.notes.at(-1)).toMatch(/unknown state "exploded"/);
  });
});
