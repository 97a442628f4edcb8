import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '@loadfleet/runner';
import { parseScenario } from '@loadfleet/scenario';
import { startChatServer, type ChatServerHandle } from '../helpers/chat-server.js';
import { freePort } from '../helpers/processes.js';
import { startFarm, waitFor, type Farm } from '../helpers/farm.js';
import { useInfra, type Infra } from '../helpers/infra.js';

// Issue 11, "Done when": a run with `monitor:` has the chat server's CPU and open
// connections in report.json, its open-connections series equals the report's own
// active users at the end of the hold, and a dead monitor endpoint shows as scrape
// errors only — in a local run and on the farm.

/**
 * A closed chat scenario with two monitor endpoints: the chat server's /metrics ("chat") and
 * a port nobody listens on ("dead"); `thresholds` go before the one on the dead endpoint.
 */
function monitorScenario(
  target: string,
  httpPort: number,
  deadPort: number,
  load: { users: number; rampUp: string; hold: string },
  thresholds: string[],
): string {
  return `name: monitor-e2e
target: ${target}
monitor:
  - { url: 'http://127.0.0.1:${httpPort}/metrics', name: chat }
  - { url: 'http://127.0.0.1:${deadPort}/metrics', name: dead }
load: { model: closed, users: ${load.users}, rampUp: ${load.rampUp}, hold: ${load.hold} }
sessions:
  - name: talker
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - send: joinRoom
        fields: { room: 'r{{random.int(1, 5)}}' }
      - loop:
          duration: 60s
          steps:
            - send: chat
              fields: { room: r1, text: hi }
            - think: 300ms
thresholds:
${[...thresholds, 'max(dead.process_cpu_seconds_total:rate) < 0.001'].map((t) => `  - ${t}`).join('\n')}
`;
}

describe('target monitoring in a local run', () => {
  let server: ChatServerHandle;
  beforeAll(async () => {
    server = await startChatServer({ procs: 1 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('scrapes the chat server every second onto the load time axis; a dead endpoint is scrape errors only', async () => {
    const dead = await freePort();
    const users = 150;
    const plan = parseScenario(
      monitorScenario(`127.0.0.1:${server.port}`, server.httpPort, dead, { users, rampUp: '1s', hold: '5s' }, [
        'max(chat.process_cpu_seconds_total:rate) < 64',
      ]),
    );
    const report = await new LocalRunner(plan, { seed: 3, gracefulStopMs: 2000 }).run();
    const m = report.monitor!;

    // The chat server's CPU (a rate of its counter) and open connections, second by second.
    const cpu = m.series['chat.process_cpu_seconds_total:rate']!;
    const open = m.series['chat.chat_connections_open']!;
    expect(cpu.points.length).toBeGreaterThanOrEqual(4);
    expect(cpu.points.some((p) => p.value > 0)).toBe(true);
    expect(m.series['chat.process_resident_memory_bytes']!.points.every((p) => p.value > 0)).toBe(true);
    expect(m.series['chat.nodejs_eventloop_lag_seconds']).toBeDefined();
    // Points sit on the report's own seconds.
    const seconds = new Set(report.timeline.map((r) => r.second));
    expect(
      open.points.every(
        (p) => seconds.has(p.second) && p.t === p.second - report.timeline[0]!.second + report.timeline[0]!.t,
      ),
    ).toBe(true);

    // At the end of the hold, the target holds exactly the users the load says are active. The
    // last second whose scrape (just after it ends) is surely before the hold's end: the run's
    // start is anywhere inside its first second.
    const hold = report.run.phases.find((p) => p.name === 'hold')!;
    const lastHoldRow = [...report.timeline].reverse().find((r) => r.t <= hold.to - 2 && r.users.active !== null)!;
    expect(lastHoldRow.t).toBeGreaterThan(hold.from + 1);
    expect(lastHoldRow.users.active).toBe(users);
    const atEnd = open.points.find((p) => p.second === lastHoldRow.second);
    expect(atEnd?.value).toBe(lastHoldRow.users.active);

    // The dead endpoint: every scrape failed, counted and shown; no series, no failed run.
    const deadStatus = m.endpoints.find((e) => e.name === 'dead')!;
    expect(deadStatus.scrapes).toBeGreaterThanOrEqual(4);
    expect(deadStatus.errors).toBe(deadStatus.scrapes);
    expect(deadStatus.lastError).toMatch(/ECONNREFUSED/);
    expect(Object.keys(m.series).some((k) => k.startsWith('dead.'))).toBe(false);
    expect(m.endpoints.find((e) => e.name === 'chat')!.errors).toBe(0);
    expect(report.warnings.some((w) => w.startsWith('Monitor "dead"'))).toBe(true);
    expect(report.thresholds.map((t) => [t.pass, t.reason])).toEqual([
      [true, null],
      [true, 'no monitor data (scrapes failed or none yet)'],
    ]);
    expect(report.verdict).toBe('pass');
    expect(report.run.state).toBe('done');
  }, 60_000);
});

// On the farm: the controller scrapes the endpoints once a second, the report carries
// the series with thresholds on them, and the controller's /metrics shows the run live.
describe('target monitoring on the farm', () => {
  let infra: Infra;
  let farm: Farm;
  beforeAll(async () => {
    infra = await useInfra();
    farm = await startFarm({ infra, workers: [{ capacity: 500 }] });
  });
  afterAll(async () => {
    await farm?.stop();
    await infra?.cleanup();
  });
  it('the controller scrapes the chat server onto the run; its /metrics has the run live', async () => {
    const dead = await freePort();
    const users = 60;
    const id = await farm.submit(
      monitorScenario(
        `127.0.0.1:${farm.server.port}`,
        farm.server.httpPort,
        dead,
        { users, rampUp: '1s', hold: '6s' },
        [`max(chat.chat_connections_open) >= ${users}`],
      ),
    );
    // While it runs, the controller's own /metrics carries the run's live series.
    await waitFor(
      async () => {
        const text = await (await fetch(`${farm.controller!.url}/metrics`)).text();
        const m = new RegExp(`loadfleet_run_users_active\\{run="${id}",scenario="monitor-e2e"\\} (\\d+)`).exec(text);
        return m !== null && Number(m[1]) > 0;
      },
      { ms: 30_000, what: 'the run on the controller /metrics' },
    );

    const report = await farm.finished(id);
    expect(report.run.state).toBe('done');
    const m = report.monitor!;
    const open = m.series['chat.chat_connections_open']!;
    expect(open.points.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...open.points.map((p) => p.value))).toBe(users);
    expect(m.series['chat.process_cpu_seconds_total:rate']!.points.some((p) => p.value > 0)).toBe(true);
    // Points sit on the report's own seconds.
    const seconds = new Set(report.timeline.map((r) => r.second));
    expect(open.points.every((p) => seconds.has(p.second))).toBe(true);

    const deadStatus = m.endpoints.find((e) => e.name === 'dead')!;
    expect(deadStatus.scrapes).toBeGreaterThanOrEqual(4);
    expect(deadStatus.errors).toBe(deadStatus.scrapes);
    expect(Object.keys(m.series).some((k) => k.startsWith('dead.'))).toBe(false);
    expect(m.endpoints.find((e) => e.name === 'chat')!.errors).toBe(0);
    expect(report.thresholds.map((t) => [t.pass, t.reason])).toEqual([
      [true, null],
      [true, 'no monitor data (scrapes failed or none yet)'],
    ]);
  }, 120_000);
});
