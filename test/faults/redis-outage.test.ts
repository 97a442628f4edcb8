// Fault 3: Redis — the farm's only one, a private redis-server this test owns — is
// killed for 10 s mid-run and started again (its append-only file keeps what was
// written). Workers buffer their stats records and flush them when it is back; the
// controller and the aggregator ride it out. With buffers large enough the report is
// complete; with buffers too small, what was dropped is shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatScenario, startFarm, waitFor, type Farm, type WorkerView } from '../helpers/farm.js';
import { privateRedis, receivedBetween, sentByKind, total, type PrivateServer } from '../helpers/faults.js';
import { useInfra, type Infra } from '../helpers/infra.js';

let infra: Infra;
let redis: PrivateServer;
let farm: Farm;

beforeAll(async () => {
  infra = await useInfra();
  redis = await privateRedis({ persist: true });
  farm = await startFarm({
    infra: { ...infra, redisUrl: redis.url },
    workers: [{ capacity: 400 }, { capacity: 400 }],
  });
});

afterAll(async () => {
  await farm?.stop();
  await redis?.close();
  await infra?.cleanup();
});

/** Kills Redis `afterMs` into the run's schedule, starts it again `forMs` later. */
async function outage(id: string, afterMs: number, forMs: number): Promise<{ downAt: number; upAt: number }> {
  const view = await farm.waitForRun(id, (r) => r.state === 'running' && r.startedAt !== null, 30_000, 'running');
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(view.startedAt!) + afterMs - Date.now())));
  await redis.stop('SIGKILL');
  const downAt = Date.now();
  // The worker list lives in the controller's memory: it answers, and shows the records waiting.
  const current = (w: WorkerView) => farm.workers.has(w.id);
  await waitFor(async () => (await farm.fleet()).filter(current).every((w) => w.health.bufferedRecords >= 2), {
    ms: forMs,
    what: 'workers buffering',
  });
  // What lives in Redis (the run record) is unavailable, said so: 503, not a hang or a 500.
  const res = await fetch(`${farm.controller!.url}/v1/runs/${id}`);
  expect(res.status).toBe(503);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('LF_ERR_UNAVAILABLE');
  await new Promise((r) => setTimeout(r, Math.max(0, downAt + forMs - Date.now())));
  await redis.start();
  return { downAt, upAt: Date.now() };
}

describe('fault: Redis is down for 10 s mid-run', () => {
  it('buffers and flushes; the run that ended during the outage has a complete report', async () => {
    const before = await farm.server.stats();
    const id = await farm.submit(chatScenario({ target: `127.0.0.1:${farm.server.port}`, rate: 30, seconds: 8 }));
    // Down from 3 s into the 8 s schedule until 13 s: the run ends (~11 s) while Redis is away.
    const { downAt, upAt } = await outage(id, 3000, 10_000);

    const report = await farm.finished(id);
    const after = await farm.server.stats();
    const received = receivedBetween(before, after);
    const log = farm.controller!.logs();
    console.log(JSON.stringify({ fault: 'redis outage', outageMs: upAt - downAt, sent: sentByKind(report), received }));

    // The run ended while Redis was away: the workers were told to stop during the outage.
    for (const w of farm.workers.values()) {
      const stopAt = logTime(w.logs(), /"msg":"stopping run"/);
      expect(stopAt).toBeGreaterThan(downAt);
      expect(stopAt).toBeLessThan(upAt);
    }
    // …and its end was recorded once Redis was back: done, with the complete report.
    expect(report.run.state).toBe('done');
    expect(sentByKind(report)).toEqual(received);
    expect(report.arrivals.achieved).toBe(report.arrivals.target);
    expect(report.arrivals.dropped).toBe(0);
    for (const row of report.timeline.slice(1, -1)) expect(row.sources).toBe(2);
    expect(report.notes).toEqual([]);
    expect((await farm.fleet()).map((w) => w.health.droppedRecords)).toEqual([0, 0]);
    expect(log).not.toMatch(/giving up/);
    // Every process rode it out.
    for (const c of [farm.controller!, ...farm.aggregators, ...farm.workers.values()])
      expect(c.process.exitCode).toBeNull();
    expect(await farm.api('/healthz')).toMatchObject({ ok: true, redis: true });
    // One line per outage, not one per reconnect attempt.
    expect(log.match(/redis: connection error/g)?.length ?? 0).toBeLessThanOrEqual(3);
  }, 120_000);

  it('with record buffers too small for the outage, the report shows the seconds it lost', async () => {
    // Workers that keep only 2 records while Redis is away.
    for (const w of [...farm.workers.values()]) await w.stop();
    farm.workers.clear();
    farm.startWorker({ capacity: 400, args: ['--record-buffer', '2'] });
    farm.startWorker({ capacity: 400, args: ['--record-buffer', '2'] });
    await farm.fleetReady();

    const before = await farm.server.stats();
    const id = await farm.submit(chatScenario({ target: `127.0.0.1:${farm.server.port}`, rate: 30, seconds: 12 }));
    await outage(id, 3000, 7000);

    const report = await farm.finished(id);
    const after = await farm.server.stats();
    const received = receivedBetween(before, after);
    const sent = sentByKind(report);
    console.log(
      JSON.stringify({
        fault: 'redis outage, small buffers',
        sent,
        received,
        messagesLost: total(received) - total(sent),
        notes: report.notes,
      }),
    );

    expect(report.run.state).toBe('done');
    const ids = [...farm.workers.keys()];
    for (const w of ids) {
      // The controller's note, from WorkerDone…
      expect(report.notes.join('\n')).toMatch(new RegExp(`worker ${w} dropped \\d+ of its \\d+ stats records`));
      // …and the aggregator's, from the seconds missing in the store.
      expect(report.notes.join('\n')).toMatch(new RegExp(`worker ${w}: no stats for \\d+ s`));
    }
    // The seconds both workers lost are missing from the timeline: a visible gap.
    const seconds = report.timeline.map((r) => r.second);
    const holes = seconds.slice(1).filter((s, i) => s - seconds[i]! > 1);
    expect(holes.length).toBeGreaterThan(0);
    // The report undercounts exactly what those seconds held; never overcounts.
    for (const [kind, n] of Object.entries(sent)) expect(n).toBeLessThanOrEqual(received[kind] ?? 0);
    expect(total(sent)).toBeLessThan(total(received));
  }, 120_000);
});

/** The time of the first pino line of `log` that matches `re` (epoch ms), or NaN. */
function logTime(log: string, re: RegExp): number {
  const line = log.split('\n').find((l) => re.test(l));
  return line ? (JSON.parse(line) as { time: number }).time : NaN;
}
