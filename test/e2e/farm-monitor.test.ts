// Issue 11 on the farm: the controller scrapes a run's `monitor:` endpoints once a second,
// the report carries the series on the run's own seconds with thresholds on them, a dead
// endpoint is scrape errors only, and the controller's /metrics shows the run live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFarm, waitFor, type Farm } from '../helpers/farm.js';
import { useInfra, type Infra } from '../helpers/infra.js';
import { freePort } from '../helpers/processes.js';

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

describe('target monitoring on the farm', () => {
  it('the controller scrapes the chat server onto the run; its /metrics has the run live', async () => {
    const dead = await freePort();
    const users = 60;
    const id = await farm.submit(`name: farm-monitor
target: 127.0.0.1:${farm.server.port}
monitor:
  - { url: 'http://127.0.0.1:${farm.server.httpPort}/metrics', name: chat }
  - { url: 'http://127.0.0.1:${dead}/metrics', name: dead }
load: { model: closed, users: ${users}, rampUp: 1s, hold: 6s }
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
  - max(chat.chat_connections_open) >= ${users}
  - max(dead.process_cpu_seconds_total:rate) < 0.001
`);
    // While it runs, the controller's own /metrics carries the run's live series.
    await waitFor(
      async () => {
        const text = await (await fetch(`${farm.controller!.url}/metrics`)).text();
        const m = new RegExp(`loadfleet_run_users_active\\{run="${id}",scenario="farm-monitor"\\} (\\d+)`).exec(text);
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
