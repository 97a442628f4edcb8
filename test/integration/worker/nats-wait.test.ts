// A worker or an aggregator started before NATS says so in one line and waits for it:
// when NATS comes up it connects and starts, without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateNats, type PrivateServer } from '../../helpers/faults.js';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { startAggregator, startWorker, type Child } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/farm.js';

let infra: Infra;
let nats: PrivateServer;
const children: Child[] = [];

beforeAll(async () => {
  infra = await useInfra();
  nats = await privateNats();
  await nats.stop();
});

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop('SIGTERM', 10_000)));
  await nats?.close();
  await infra?.cleanup();
});

const waitingLines = (logs: string) => logs.split('\n').filter((l) => l.includes('NATS unreachable: waiting for it'));

describe('started before NATS', () => {
  it('a worker and an aggregator each say once where NATS is not, then connect when it comes up', async () => {
    const urls = { redisUrl: infra.redisUrl, natsUrl: nats.url };
    const worker = startWorker(['--namespace', 't-nats-wait'], urls);
    const aggregator = startAggregator(['--namespace', 't-nats-wait'], urls);
    children.push(worker, aggregator);
    for (const c of [worker, aggregator])
      await waitFor(() => waitingLines(c.logs()).length > 0, { ms: 30_000, what: 'the waiting line' });
    for (const c of [worker, aggregator]) {
      const [line] = waitingLines(c.logs());
      expect(JSON.parse(line!)).toMatchObject({ nats: nats.url, err: expect.any(String) });
    }

    await nats.start();
    await waitFor(() => /"msg":"worker started"/.test(worker.logs()), { ms: 30_000, what: 'the worker starts' });
    await waitFor(() => /"msg":"aggregator started"/.test(aggregator.logs()), {
      ms: 30_000,
      what: 'the aggregator starts',
    });
    // Told once, not on every retry.
    for (const c of [worker, aggregator]) expect(waitingLines(c.logs())).toHaveLength(1);
  }, 90_000);
});
