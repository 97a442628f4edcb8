// LiveMonitor: the controller's live view of a run keeps its memory bounded however
// long the run lasts (the soak found it holding every second of the run), and still
// covers the whole run in its totals and its history.
import { describe, expect, it } from 'vitest';
import { LIVE_HISTORY_ROWS, LIVE_RETAIN_SECONDS, LiveMonitor } from '@loadfleet/controller';
import { parseScenario } from '@loadfleet/scenario';
import { StatsRecorder, histogramSummary } from '@loadfleet/stats';

const plan = parseScenario(`
name: long
target: 127.0.0.1:7000
load: { model: closed, users: 10, hold: 3h }
sessions:
  - name: s
    steps: [connect, close]
`);

const T0 = 1_700_000_000;
function windowAt(second: number, latencyUs: number) {
  const r = new StatsRecorder();
  r.record(r.histogram('response.chat'), latencyUs);
  r.add(r.counter('msg.out.chat'), 2);
  r.set(r.gauge('users.active'), 10);
  r.set(r.gauge('health.cpuPct'), second === T0 + 100 ? 99 : 10);
  return r.rotate(second);
}

describe('LiveMonitor', () => {
  it('keeps a bounded number of seconds and history rows over two hours, and totals over all of it', () => {
    const m = new LiveMonitor(plan, T0 * 1000, () => T0 * 1000);
    const seconds = 2 * 3600;
    for (let i = 0; i < seconds; i++) expect(m.add(windowAt(T0 + i, 1000 + (i % 7))).status).not.toBeNull();
    // Before the fix it held all 7,200 seconds, each with its encoded window (the soak's ~0.6 MiB a minute).
    expect(m.seconds().length).toBeLessThan(seconds / 10);
    expect(m.seconds().length).toBeLessThanOrEqual(LIVE_RETAIN_SECONDS);
    const h = m.history();
    expect(h.rows.length).toBeLessThanOrEqual(LIVE_HISTORY_ROWS + LIVE_RETAIN_SECONDS + h.step);
    // The history still spans the whole run, oldest first, ending at the newest second.
    expect(h.rows[0]!.second).toBeLessThan(T0 + h.step);
    expect(h.rows[h.rows.length - 1]!.second).toBe(T0 + seconds - 1);
    const ordered = h.rows.map((r) => r.second);
    expect(ordered).toEqual([...ordered].sort((a, b) => a - b));
    // Folded rows stay rates per second; the worst health of the run survives the folding.
    expect(h.rows[0]!.counters['msg.out.chat']).toBe(2);
    expect(Math.max(...h.rows.map((r) => r.gauges['health.cpuPct']!))).toBe(99);
    const totals = m.totals();
    expect(totals.counters['msg.out.chat']).toBe(2 * seconds);
    expect(histogramSummary(totals.histograms['response.chat']!).count).toBe(seconds);
    expect(m.latest!.second).toBe(T0 + seconds - 1);
  });

  it('refuses a rollup for a second already dropped, and one repeated, without counting it twice', () => {
    const m = new LiveMonitor(plan, T0 * 1000, () => T0 * 1000);
    for (let i = 0; i < LIVE_RETAIN_SECONDS + 50; i++) m.add(windowAt(T0 + i, 1000));
    expect(m.add(windowAt(T0, 1000)).status).toBeNull();
    expect(m.add(windowAt(T0 + LIVE_RETAIN_SECONDS + 49, 1000)).status).toBeNull();
    expect(m.totals().counters['msg.out.chat']).toBe(2 * (LIVE_RETAIN_SECONDS + 50));
  });
});
