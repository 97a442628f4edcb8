// Fault 2: the aggregator is killed (SIGKILL) mid-run and started again — once under
// the same id (it re-reads its own pending records), once under a new id (it claims
// the dead one's). The report is complete: its counts equal the chat server's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { busNames } from '@loadfleet/bus';
import { chatScenario, startFarm, waitFor, type Farm } from '../helpers/farm.js';
import { receivedBetween, sentByKind } from '../helpers/faults.js';
import { useInfra, type Infra } from '../helpers/infra.js';

let infra: Infra;
let farm: Farm;
let redis: Redis;

beforeAll(async () => {
  infra = await useInfra();
  redis = new Redis(infra.redisUrl);
  farm = await startFarm({
    infra,
    workers: [{ capacity: 400 }, { capacity: 400 }],
    aggregatorArgs: ['--id', 'agg-a', '--claim-idle', '2s'],
  });
});

afterAll(async () => {
  await farm?.stop();
  redis?.disconnect();
  await infra?.cleanup();
});

describe('fault: the aggregator is killed and restarted mid-run', () => {
  it('loses nothing and counts nothing twice', async () => {
    const names = busNames(farm.namespace).redis;
    const before = await farm.server.stats();
    const id = await farm.submit(chatScenario({ target: `127.0.0.1:${farm.server.port}`, rate: 40, seconds: 14 }));
    await farm.waitForRun(id, (r) => (r.live?.arrivals ?? 0) > 0, 30_000, 'live seconds');

    // Killed, and restarted under its own id after records have piled up in the stream.
    const stored = async () => redis.zcard(names.seconds(id));
    await farm.aggregators[0]!.stop('SIGKILL');
    const pendingBefore = await redis.xlen(names.statsStream);
    await waitFor(async () => (await redis.xlen(names.statsStream)) >= pendingBefore + 4, {
      what: 'records piling up',
    });
    farm.startAggregator(['--id', 'agg-a', '--claim-idle', '2s']);
    const secondsAfterFirst = await stored();
    await waitFor(async () => (await stored()) > secondsAfterFirst, { what: 'the restarted aggregator storing' });

    // Killed again, replaced by one with another id. So that a dead consumer surely held
    // records it never acknowledged, a "ghost" consumer reads some and dies with them.
    await farm.aggregators[1]!.stop('SIGKILL');
    const last = (await redis.xrevrange(names.statsStream, '+', '-', 'COUNT', 1))[0]![0];
    await waitFor(async () => (await redis.xrange(names.statsStream, `(${last}`, '+')).length >= 3, {
      what: 'new records',
    });
    const ghost = (await redis.xreadgroup(
      'GROUP',
      names.statsGroup,
      'ghost',
      'COUNT',
      3,
      'STREAMS',
      names.statsStream,
      '>',
    )) as [string, unknown[]][];
    expect(ghost[0]![1].length).toBe(3);
    const replacement = farm.startAggregator(['--id', 'agg-b', '--claim-idle', '2s']);

    const report = await farm.finished(id);
    const after = await farm.server.stats();
    const received = receivedBetween(before, after);
    console.log(JSON.stringify({ fault: 'aggregator restarted', sent: sentByKind(report), received }));

    expect(report.run.state).toBe('done');
    // Exactly: a record lost would make the report short, one counted twice would make it long.
    expect(sentByKind(report)).toEqual(received);
    expect(report.totals.users.started).toBe(after.logins - before.logins);
    expect(report.arrivals.achieved).toBe(report.arrivals.target);
    // Every worker wrote every second once: the timeline has no second with a missing source.
    const inner = report.timeline.slice(1, -1);
    for (const row of inner) expect(row.sources).toBe(2);
    expect(replacement.logs()).toMatch(/claimed stats records idle on another aggregator/);
    // Nothing left pending in the group.
    const [pending] = (await redis.xpending(names.statsStream, names.statsGroup)) as [number];
    expect(pending).toBe(0);
  }, 120_000);
});
