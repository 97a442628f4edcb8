// Targets are checked again by every worker, before it opens a socket: a worker
// process with its own --allowed-targets refuses a run aimed elsewhere (even one
// its controller let through), says why in its log and in WorkerDone (the run's
// notes), and never connects; and inside a run the engine's connect path asks the
// same list, so no connection outside it is opened (conn.failed.forbidden).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetAllowlist } from '@loadfleet/config';
import type { Controller } from '@loadfleet/controller-service';
import { parseScenario } from '@loadfleet/scenario';
import { decodeWindow } from '@loadfleet/stats';
import { codecs } from '@loadfleet/bus';
import { RecordBuffer, WorkerRun } from '@loadfleet/worker';
import { startFakeTarget, type FakeTarget } from '../helpers/fake-target.js';
import { useInfra, type Infra } from '../helpers/infra.js';
import { startAggregator, startWorker, type Child } from '../helpers/processes.js';
import { call, startController } from '../integration/controller/setup.js';

let infra: Infra;
let controller: Controller;
let target: FakeTarget;
const children: Child[] = [];

beforeAll(async () => {
  [infra, target] = await Promise.all([useInfra(), startFakeTarget()]);
  // The controller lets anything through: the worker's list is the one that must hold.
  controller = await startController(infra, { allowlist: new TargetAllowlist('*') });
});

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await controller?.close().catch(() => {});
  await target?.close();
  await infra?.cleanup();
});

async function until<T>(what: string, check: () => Promise<T | null | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a worker with its own allowlist', () => {
  it('refuses a run aimed outside it: logged, told to the controller, no connection made', async () => {
    const ns = ['--namespace', infra.namespace, '--log-level', 'info'];
    const worker = startWorker([...ns, '--allowed-targets', '127.0.0.2/32,db.internal'], infra);
    children.push(worker, startAggregator(ns, infra));
    await until('the worker', async () => (await call(controller.url, 'GET', '/v1/workers')).body.workers.length === 1);

    const submitted = await call(controller.url, 'POST', '/v1/runs', {
      body: `name: elsewhere\ntarget: 127.0.0.1:${target.port}\nload:\n  phases:\n    - { duration: 1s, rate: 5 }\nsessions:\n  - name: s\n    steps: [connect, close]\n`,
    });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    const run = await until('the run to end', async () => {
      const r = await call(controller.url, 'GET', `/v1/runs/${id}`);
      return ['done', 'failed', 'stopped', 'aborted'].includes(r.body.state) ? r.body : null;
    });
    const reason = `target 127.0.0.1:${target.port} not allowed on this worker (--allowed-targets 127.0.0.2/32,db.internal)`;
    expect(run.notes).toContainEqual(expect.stringContaining(`refused the run: ${reason}`));
    expect(worker.logs()).toContain(`refusing run: ${reason}`);
    expect(target.connections).toBe(0);
  }, 60_000);

  it('refuses to start with a list it cannot read (exit 2)', async () => {
    const bad = startWorker(['--namespace', infra.namespace, '--allowed-targets', '10.0.0.0/40'], infra);
    children.push(bad);
    expect(await bad.exited).toBe(2);
    expect(bad.logs()).toMatch(/--allowed-targets: "10.0.0.0\/40" is not an IPv4 address or CIDR/);
  });
});

describe("the engine's connect path", () => {
  it('never opens a connection the allowlist refuses, and counts it as conn.failed.forbidden', async () => {
    const plan = parseScenario(`name: t
targets:
  - { address: "127.0.0.1:${target.port}", weight: 1 }
  - { address: "localhost:${target.port}", weight: 1 }
load:
  phases:
    - { duration: 1s, rate: 10 }
sessions:
  - name: s
    steps: [connect, close]
`);
    const allow = new TargetAllowlist('localhost');
    const buffer = new RecordBuffer();
    const now = Date.now();
    const before = target.connections;
    const run = new WorkerRun({
      runId: 'r1',
      workerId: 'w1',
      plan,
      startAt: now,
      buffer,
      allowTarget: (host) => allow.allows(host),
    });
    run.addGrant({
      firstUserId: 1,
      count: 40,
      windowStart: now,
      windowEnd: now + 200,
      phase: 0,
      done: true,
      stopUsers: 0,
      dropped: 0,
    });
    await until('the users', async () => run.source.done && run.activeUsers === 0);
    await run.stop(0);
    const counters: Record<string, number> = {};
    for (const r of buffer.peek(100)) {
      const w = decodeWindow(codecs.statsRecord.decode(r.bytes)!.window);
      for (const [k, v] of Object.entries(w.counters)) counters[k] = (counters[k] ?? 0) + v;
    }
    const forbidden = counters['conn.failed.forbidden'] ?? 0;
    const established = counters['conn.established'] ?? 0;
    expect(forbidden + established).toBe(40);
    expect(forbidden).toBeGreaterThan(0);
    expect(established).toBeGreaterThan(0);
    // Only the allowed target (localhost) was ever connected to.
    expect(target.connections - before).toBe(established);
  });
});
