import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '@loadfleet/runner';
import { parseScenario } from '@loadfleet/scenario';

/**
 * A target that takes its time to close: it answers a client's FIN with its own
 * only after `lingerMs`, and counts a connection until then. A replacement that
 * connects before the user it replaces has gone would push its count past the
 * closed model's `users` (issue 13: "{model: closed, users: 400} started 405").
 */
interface LingeringTarget {
  port: number;
  open: number;
  peak: number;
  accepted: number;
  close(): Promise<void>;
}

async function startLingeringTarget(lingerMs: number): Promise<LingeringTarget> {
  const t = { port: 0, open: 0, peak: 0, accepted: 0, close: async () => {} };
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    t.accepted++;
    t.peak = Math.max(t.peak, ++t.open);
    let gone = false;
    const leave = () => {
      if (gone) return;
      gone = true;
      t.open--;
    };
    socket.on('error', leave);
    socket.on('close', leave);
    socket.on('end', () =>
      setTimeout(() => {
        leave();
        socket.end();
      }, lingerMs),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.port = (server.address() as { port: number }).port;
  t.close = () => new Promise<void>((r) => server.close(() => r()));
  return t;
}

let target: LingeringTarget;
beforeAll(async () => {
  target = await startLingeringTarget(40);
});
afterAll(async () => {
  await target?.close();
});

describe('closed model against a target slow to close', () => {
  it('never holds more than `users` at the target, and reports the shortfall', async () => {
    const users = 20;
    const plan = parseScenario(`name: closed-hold
target: 127.0.0.1:${target.port}
load: { model: closed, users: ${users}, hold: 3s }
sessions:
  - name: short
    steps: [connect, { think: 50ms }, close]
`);
    const report = await new LocalRunner(plan, { seed: 1, gracefulStopMs: 2000 }).run();
    // Sessions end and are replaced many times over, yet never overlap at the target.
    expect(target.accepted).toBeGreaterThan(2 * users);
    expect(target.peak).toBeLessThanOrEqual(users);
    // Each replacement waits ~40 ms for the close out of a ~90 ms cycle: the report says so.
    expect(report.warnings.some((w) => /closed model held .* of 20 users on average/.test(w))).toBe(true);
  });
});
