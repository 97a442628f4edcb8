// Fault 4: NATS — the farm's only one, a private nats-server with JetStream this test
// owns — is restarted mid-run on the same port (its store dir keeps the KV bucket).
// Workers and the controller reconnect; pacing resumes; users already connected keep
// running; the report marks the interruption and shows the gap in arrivals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatScenario, startFarm, type Farm } from '../helpers/farm.js';
import { privateNats, receivedBetween, sentByKind, type PrivateServer } from '../helpers/faults.js';
import { useInfra, type Infra } from '../helpers/infra.js';

let infra: Infra;
let nats: PrivateServer;
let farm: Farm;

beforeAll(async () => {
  infra = await useInfra();
  nats = await privateNats();
  farm = await startFarm({
    infra: { ...infra, natsUrl: nats.url },
    workers: [{ capacity: 400 }, { capacity: 400 }],
  });
});

afterAll(async () => {
  await farm?.stop();
  await nats?.close();
  await infra?.cleanup();
});

describe('fault: NATS is restarted mid-run', () => {
  it('reconnects, resumes pacing, keeps connected users, and marks the interruption', async () => {
    const rate = 30;
    const seconds = 16;
    const before = await farm.server.stats();
    const id = await farm.submit(
      chatScenario({ target: `127.0.0.1:${farm.server.port}`, rate, seconds, beats: 8, beatEvery: '500ms' }),
    );
    const view = await farm.waitForRun(id, (r) => r.state === 'running' && r.startedAt !== null, 30_000, 'running');
    const startAt = Date.parse(view.startedAt!);
    await new Promise((r) => setTimeout(r, Math.max(0, startAt + 5000 - Date.now())));
    expect((await farm.server.stats()).connections.open).toBeGreaterThan(0);
    // Down for 3 s, longer than the 1 s of grants workers hold ahead: a real gap.
    const downAt = Date.now();
    await nats.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 3000));
    await nats.start();
    const upAt = Date.now();

    const report = await farm.finished(id);
    const after = await farm.server.stats();
    const received = receivedBetween(before, after);
    const startSecond = Math.floor(startAt / 1000);
    console.log(
      JSON.stringify({
        fault: 'nats restart',
        restartMs: upAt - downAt,
        arrivals: report.arrivals,
        failed: report.totals.users.failed,
        byT: report.timeline.map((r) => [r.second - startSecond, r.arrivals.achieved]),
        notes: report.notes,
        warnings: report.warnings,
      }),
    );

    expect(report.run.state).toBe('done');
    // Stats go through Redis: nothing of them was lost with NATS.
    expect(sentByKind(report)).toEqual(received);
    // No session was cut: users running through the restart finished normally.
    expect(report.totals.users.failed).toBe(0);
    expect(report.totals.errors.total).toBe(0);
    expect(report.totals.connections.closedByReason.by_peer ?? 0).toBe(0);
    expect(report.totals.users.finished).toBe(report.totals.users.started);
    // The interruption is in the report, and no worker was taken for lost.
    expect(report.notes.join('\n')).toMatch(/NATS connection lost from \S+ to \S+ \(\d+ ms\)/);
    expect(report.notes.join('\n')).not.toMatch(/lost at/);
    expect(report.run.workers.every((w) => !w.lost)).toBe(true);
    // Arrivals due while nobody could ask for quota were dropped (counted): a gap in the timeline…
    expect(report.arrivals.dropped).toBeGreaterThan(0);
    expect(report.arrivals.achieved + report.arrivals.dropped).toBe(report.arrivals.target);
    const during = report.timeline.filter((r) => r.second * 1000 >= downAt + 1000 && r.second * 1000 < upAt - 1000);
    expect(during.length).toBeGreaterThan(0);
    for (const row of during) expect(row.arrivals.achieved).toBeLessThan(rate / 2);
    // …and pacing resumed after it: users started again after the restart, whatever the
    // box's speed (how many seconds of the schedule are left after it is the box's speed).
    const afterRestart = report.timeline.filter((r) => r.second * 1000 >= upAt);
    expect(afterRestart.reduce((n, row) => n + row.arrivals.achieved, 0)).toBeGreaterThan(0);

    // The workers still find new runs (their watch of the runs bucket survived the restart).
    const next = await farm.submit(chatScenario({ target: `127.0.0.1:${farm.server.port}`, rate: 20, seconds: 2 }));
    const second = await farm.finished(next);
    expect(second.run.state).toBe('done');
    expect(second.arrivals.achieved).toBeGreaterThan(0);
    expect(second.arrivals.achieved + second.arrivals.dropped).toBe(40);
    expect(second.run.workers.filter((w) => w.users > 0).length).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
