// Fault 5: the controller is killed (SIGKILL) mid-run. Started again within the owner
// timeout, it takes the run over once the dead one's lease lapses (docs/FARM.md,
// "Several controllers"): the run ends done, the report notes the handover. Not started
// again, the workers stop the run on their own once its controller has been silent past
// the owner timeout: no load is left generating without an owner; a controller started
// later ends that run as failed, with a partial report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatScenario, startFarm, waitFor, type Farm } from '../helpers/farm.js';
import { receivedBetween, sentByKind } from '../helpers/faults.js';
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

/** Submits a long run and waits until users of it are connected. */
async function longRun(seconds: number): Promise<{ id: string; startAt: number }> {
  const id = await farm.submit(
    chatScenario({ target: `127.0.0.1:${farm.server.port}`, rate: 30, seconds, beats: 6, beatEvery: '500ms' }),
  );
  const view = await farm.waitForRun(id, (r) => (r.live?.usersActive ?? 0) > 20, 30_000, 'users active');
  return { id, startAt: Date.parse(view.startedAt!) };
}

describe('fault: the controller is killed mid-run', () => {
  it('restarted, it takes the run over: the run ends done and its report matches the target', async () => {
    const before = await farm.server.stats();
    const { id } = await longRun(16);
    await farm.controller!.stop('SIGKILL');
    await farm.startController();

    // The run goes on: the new controller leads once the dead one's lease lapses, and resumes its schedule.
    expect((await farm.run(id)).state).toBe('running');
    const report = await farm.finished(id, 120_000);
    const after = await farm.server.stats();
    expect(report.run).toMatchObject({ state: 'done' });
    expect(report.notes.join('\n')).toMatch(/controller handover at .*no grants for \d+\.\d s/);
    for (const w of farm.workers.values()) expect(w.logs()).not.toMatch(/"reason":"controller restarted"/);
    // Every message the workers sent is in it; every arrival started or is counted dropped (the gap's).
    expect(sentByKind(report)).toEqual(receivedBetween(before, after));
    // None twice, none lost: drops the dead leader had not told any worker of are carried by the new one.
    expect(report.totals.users.started + report.totals.users.dropped).toBe(16 * 30);
  }, 120_000);

  it('not restarted, the workers stop the run themselves after the owner timeout', async () => {
    await farm.controller!.stop('SIGTERM');
    await farm.startController(['--owner-timeout', '3s']);
    const before = await farm.server.stats();
    const { id, startAt } = await longRun(60);
    await farm.controller!.stop('SIGKILL');
    const killedAt = Date.now();

    // No controller: the workers notice its silence and stop the run; the target's connections drop to 0.
    await waitFor(async () => (await farm.server.stats()).connections.open === 0, { ms: 15_000, what: 'load gone' });
    const goneAfterMs = Date.now() - killedAt;
    expect(Date.now()).toBeLessThan(startAt + 60_000);
    for (const w of farm.workers.values()) {
      expect(w.logs()).toMatch(/controller ctl-\w+ silent for \d+ ms \(owner timeout 3000 ms\)/);
      expect(w.process.exitCode).toBeNull();
    }
    // Nothing starts again: the connections stay at 0.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await farm.server.stats()).connections.open).toBe(0);

    // A controller started later ends the abandoned run, and its report has what the workers recorded.
    await farm.startController();
    const ended = await farm.waitForRun(id, (r) => r.state === 'failed', 30_000, 'ended by the next leader');
    expect(ended).toMatchObject({ state: 'failed', stopReason: 'controller restarted' });
    const report = await farm.report(id);
    const after = await farm.server.stats();
    console.log(JSON.stringify({ fault: 'controller killed, not restarted', goneAfterMs, sent: sentByKind(report) }));
    expect(sentByKind(report)).toEqual(receivedBetween(before, after));
  }, 120_000);
});
