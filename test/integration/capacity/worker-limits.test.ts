// `loadfleet worker` knows its limits: it bind-checks its --source-ips, computes its
// capacity and says which limit binds in its heartbeat; with no usable address it
// refuses to start. A real worker process against real NATS (and Redis).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from 'nats';
import { busNames, codecs } from '@loadfleet/bus';
import type { WorkerHeartbeat } from '@loadfleet/protocol';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { startWorker, type Child } from '../../helpers/processes.js';

let infra: Infra;
let nc: NatsConnection;
const children: Child[] = [];

beforeAll(async () => {
  infra = await useInfra();
  nc = await connect({ servers: infra.natsUrl });
});

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await nc?.close();
  await infra?.cleanup();
});

/** The first heartbeat of worker `id`. */
function heartbeatOf(id: string): Promise<WorkerHeartbeat> {
  const sub = nc.subscribe(busNames(infra.namespace).subjects.workerHeartbeat);
  return (async () => {
    for await (const msg of sub) {
      const hb = codecs.workerHeartbeat.decode(msg.data);
      if (hb?.workerId === id) {
        sub.unsubscribe();
        return hb;
      }
    }
    throw new Error('no heartbeat');
  })();
}

describe('a worker that knows its limits', () => {
  it('advertises the capacity it computed and which limit binds', async () => {
    const id = `${infra.namespace}-w1`;
    const beat = heartbeatOf(id);
    // Two usable addresses and one this host does not have (TEST-NET-2): that one is left out, and said so.
    const worker = startWorker(
      ['--namespace', infra.namespace, '--id', id, '--procs', '1', '--source-ips', '127.0.0.2-127.0.0.3,198.51.100.7'],
      infra,
    );
    children.push(worker);
    const hb = await beat;
    expect(hb.capacity).toBeGreaterThan(0);
    expect(hb.capacity).toBeLessThanOrEqual(18_000);
    expect(['ceiling', 'open files', 'ports', 'memory', 'file-max']).toContain(hb.capacityLimit);
    expect(worker.logs()).toContain('1 of the 3 --source-ips cannot be bound');
    expect(worker.logs()).toMatch(/"msg":"capacity"/);
  });

  it('takes --capacity as given below the hard limits', async () => {
    const id = `${infra.namespace}-w2`;
    const beat = heartbeatOf(id);
    children.push(startWorker(['--namespace', infra.namespace, '--id', id, '--capacity', '321'], infra));
    const hb = await beat;
    expect(hb).toMatchObject({ capacity: 321, capacityLimit: 'configured' });
  });

  it('refuses to start, exit 2, when none of its source addresses can be bound', async () => {
    const worker = startWorker(['--namespace', infra.namespace, '--source-ips', '198.51.100.7,198.51.100.8'], infra);
    children.push(worker);
    expect(await worker.exited).toBe(2);
    expect(worker.logs()).toContain('LF_ERR_CAPACITY_NO_SOURCE');
  });
});
