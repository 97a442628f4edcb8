// Source addresses: users bind in rotation, and a user whose address the kernel
// refuses (EADDRNOTAVAIL) retries at once on the next one; every refusal is counted.
// Real loopback sockets against a scripted target.
import { afterEach, describe, expect, it } from 'vitest';
import { LocalRunner } from '@loadfleet/runner';
import { parseScenario } from '@loadfleet/scenario';
import { standardReply, startFakeTarget, type FakeTarget } from '../../helpers/fake-target.js';

let target: FakeTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

async function run(sources: string[], users: number) {
  const seen = new Map<string, number>();
  target = await startFakeTarget((env, conn) => {
    if (env.body === 'login') {
      const from = conn.socket.remoteAddress!.replace(/^::ffff:/, '');
      seen.set(from, (seen.get(from) ?? 0) + 1);
    }
    standardReply(env, conn);
  });
  const plan = parseScenario(`name: sources
target: 127.0.0.1:${target.port}
sourceAddresses: [${sources.join(', ')}]
timeouts: { connect: 2s, request: 2s }
load:
  phases:
    - { duration: 1s, rate: ${users} }
sessions:
  - name: s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - close`);
  const report = await new LocalRunner(plan, { seed: 1, gracefulStopMs: 10_000 }).run();
  return { report, seen };
}

describe('source address rotation', () => {
  it('spreads users evenly over the source addresses', async () => {
    const { report, seen } = await run(['127.0.0.2', '127.0.0.3', '127.0.0.4'], 30);
    expect(report.totals.users.finished).toBe(30);
    expect([...seen.entries()].sort()).toEqual([
      ['127.0.0.2', 10],
      ['127.0.0.3', 10],
      ['127.0.0.4', 10],
    ]);
    expect(report.totals.connections.failed).toBe(0);
  });

  it('moves on to the next address when one cannot be bound, and counts each refusal', async () => {
    // 198.51.100.7 (TEST-NET-2) is no address of this host: binding it fails with EADDRNOTAVAIL.
    const { report, seen } = await run(['198.51.100.7', '127.0.0.5'], 20);
    expect(report.totals.users.finished).toBe(20);
    expect(report.totals.users.failed).toBe(0);
    expect([...seen.entries()]).toEqual([['127.0.0.5', 20]]);
    const refused = report.totals.connections.failedByReason.addrnotavail ?? 0;
    // Users take the addresses in turn and a retry takes the next turn, so between half and all of them start on the bad one.
    expect(refused).toBeGreaterThanOrEqual(10);
    expect(refused).toBeLessThanOrEqual(20);
    expect(report.totals.connections.established).toBe(20);
    expect(report.totals.connections.attempted).toBe(20 + refused);
    expect(report.totals.errors.byKind.connect ?? 0).toBe(0);
  });

  it('fails a user, counted, when no address can be bound', async () => {
    const { report } = await run(['198.51.100.7', '198.51.100.8'], 5);
    expect(report.totals.users.failed).toBe(5);
    expect(report.totals.connections.failedByReason.addrnotavail).toBeGreaterThanOrEqual(5);
    expect(report.totals.errors.byKind.connect).toBe(5);
  });
});
