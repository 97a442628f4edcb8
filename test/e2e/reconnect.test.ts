// The reconnect storm from the generator's side: the target dies under a held load
// and comes back on the same port; every user whose session says `reconnect:`
// reconnects, logs in and joins again, and the report says how long that took.
import { afterAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '@loadfleet/runner';
import { parseScenario } from '@loadfleet/scenario';
import { startChatServer, type ChatServerHandle } from '../helpers/chat-server.js';
import { freePort } from '../helpers/processes.js';

let server: ChatServerHandle | undefined;
afterAll(async () => {
  await server?.stop();
});

describe('users reconnect after the target restarts', () => {
  it('every lost user comes back, and the report says how long the fleet took', async () => {
    const port = await freePort();
    const start = () => startChatServer({ procs: 2, args: ['--port', String(port)] });
    server = await start();
    const users = 150;
    const plan = parseScenario(`name: storm
target: 127.0.0.1:${port}
timeouts: { connect: 2s, request: 2s }
load: { model: closed, users: ${users}, rampUp: 2s, hold: 20s, rampDown: 0s }
sessions:
  - name: holder
    heartbeat: 1s
    reconnect: { attempts: 30, delay: { distribution: uniform, min: 100ms, max: 500ms } }
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - send: joinRoom
        fields: { room: 'r{{random.int(1, 5)}}' }
      - think: 60s
`);
    const runner = new LocalRunner(plan, { seed: 7, gracefulStopMs: 1000 });
    const done = runner.run();
    await new Promise((r) => setTimeout(r, 5000));
    const before = await server.stats();
    expect(before.connections.open).toBe(users);
    // Every process at once, no goodbye; back on the same port a second later.
    for (const pid of server.pids) process.kill(pid, 'SIGKILL');
    await server.stop();
    await new Promise((r) => setTimeout(r, 1000));
    server = await start();
    const report = await done;

    const after = await server.stats();
    const back = report.latency.find((l) => l.name === 'reconnect');
    // Every user lost its connection, and every one of them logged in again on the new
    // server: each of those logins is one user back, timed from its loss.
    expect(after.logins).toBe(users);
    expect(back?.count).toBe(users);
    expect(report.totals.users.failed).toBe(0);
    expect(report.totals.counters['users.reconnects']).toBeGreaterThanOrEqual(users);
    expect(report.totals.users.loggedIn).toBe(2 * users);
    expect(report.notes.join('\n')).toMatch(
      new RegExp(`${users} users were back \\(logged in again\\) after losing their connection`),
    );
    // Down for at least the second the server was away.
    expect(back!.min).toBeGreaterThanOrEqual(900);
  }, 60_000);
});
