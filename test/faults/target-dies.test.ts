// Fault 6: the target dies mid-run (every chat server process killed). Sessions fail
// with errors counted by reason — connections closed by the peer, connects refused —
// nothing of the farm crashes, the run completes, and the report's timeline shows
// the moment the errors began.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatScenario, startFarm, type Farm } from '../helpers/farm.js';
import { useInfra, type Infra } from '../helpers/infra.js';

let infra: Infra;
let farm: Farm;

beforeAll(async () => {
  infra = await useInfra();
  farm = await startFarm({ infra, workers: [{ capacity: 400 }, { capacity: 400 }] });
});

afterAll(async () => {
  await farm?.stop();
  await infra?.cleanup();
});

describe('fault: the target dies mid-run', () => {
  it('counts the failures by reason, crashes nothing, and shows when it happened', async () => {
    const rate = 30;
    const seconds = 12;
    const id = await farm.submit(
      chatScenario({ target: `127.0.0.1:${farm.server.port}`, rate, seconds, beats: 6, beatEvery: '500ms' }),
    );
    const view = await farm.waitForRun(id, (r) => r.state === 'running' && r.startedAt !== null, 30_000, 'running');
    const startAt = Date.parse(view.startedAt!);
    await new Promise((r) => setTimeout(r, Math.max(0, startAt + 5000 - Date.now())));
    const { connections } = await farm.server.stats();
    expect(connections.open).toBeGreaterThan(20);

    // Every server process at once, without a word to its clients.
    for (const pid of farm.server.pids) process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    await farm.server.stop();

    const report = await farm.finished(id);
    const killSecond = Math.floor(killedAt / 1000);
    const errorsAt = (row: (typeof report.timeline)[number]) => Object.values(row.errors).reduce((a, b) => a + b, 0);
    console.log(
      JSON.stringify({
        fault: 'target died',
        openAtKill: connections.open,
        users: report.totals.users,
        failedByReason: report.totals.connections.failedByReason,
        closedByReason: report.totals.connections.closedByReason,
        errors: report.totals.errors,
        errorsByT: report.timeline.map((r) => [r.second - killSecond, errorsAt(r)]),
      }),
    );

    // The run went on to its end, and nothing of the farm fell over.
    expect(report.run.state).toBe('done');
    for (const c of [farm.controller!, ...farm.aggregators, ...farm.workers.values()])
      expect(c.process.exitCode).toBeNull();
    expect((await farm.fleet()).every((w) => !w.lost)).toBe(true);

    // The sessions that were connected were closed by the peer (or reset) and failed…
    const cut =
      (report.totals.connections.closedByReason.by_peer ?? 0) + (report.totals.connections.closedByReason.error ?? 0);
    expect(cut).toBeGreaterThanOrEqual(connections.open - 5);
    expect(report.totals.users.failed).toBeGreaterThan(0);
    // …and every arrival after it could not connect: refused, counted by reason.
    const refused = report.totals.connections.failedByReason.refused ?? 0;
    expect(refused).toBeGreaterThan(rate * 4);
    expect(report.totals.connections.failed).toBe(
      Object.values(report.totals.connections.failedByReason).reduce((a, b) => a + b, 0),
    );
    expect(report.totals.errors.total).toBeGreaterThan(0);

    // The timeline shows the moment: no errors before the kill, errors from its second on.
    for (const row of report.timeline.filter((r) => r.second < killSecond)) expect(errorsAt(row)).toBe(0);
    const firstError = report.timeline.find((r) => errorsAt(r) > 0)!;
    expect(Math.abs(firstError.second - killSecond)).toBeLessThanOrEqual(1);
    const afterKill = report.timeline.filter((r) => r.second > killSecond + 1 && r.second < startAt / 1000 + seconds);
    for (const row of afterKill) expect(row.connections.failed).toBeGreaterThan(0);
  }, 120_000);
});
