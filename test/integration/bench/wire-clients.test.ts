/**
 * The bare reference clients of `npm run bench:worker -- --wire im-lite|ws`
 * (bench/worker/bare-imlite.js, bench/worker/bare-ws.js) against the real chat
 * server: their hand-spliced frames must be what the server reads (no protocol
 * error, every login and heartbeat counted in its /stats under the wire's own
 * kind names), and every ack they count must be one the server sent.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JS benchmark plumbing, no type declarations
import { forkClient } from '../../../bench/lib/proc.js';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';

type Answer = { counters: Record<string, number>; active: number; latency: Record<string, { count: number }> };
type Client = {
  ask(cmd: Record<string, unknown>, timeoutMs?: number): Promise<Answer>;
  kill(): Promise<void>;
};
/** The parts of /stats read here, by the wire's own kind names. */
type Stats = {
  protocolErrors: number;
  logins: number;
  connections: { open: number; openBy: Record<string, number> };
  messagesIn: Record<string, number>;
  repliesOut: Record<string, number>;
};
const statsOf = async (s: ChatServerHandle) => (await s.stats()) as unknown as Stats;

const file = (name: string) => fileURLToPath(new URL(`../../../bench/worker/${name}`, import.meta.url));
const USERS = 20;

let server: ChatServerHandle | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.kill();
  await server?.stop();
  client = server = undefined;
});

async function until<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const cases = [
  { wire: 'im-lite', args: ['--wire', 'im-lite'], bare: 'bare-imlite.js', transport: 'tcp', heartbeat: 'ping' },
  { wire: 'ws', args: ['--ws-port', '0'], bare: 'bare-ws.js', transport: 'ws', heartbeat: 'heartbeat' },
] as const;

describe.each(cases)('bench:worker bare client of wire $wire', (c) => {
  it('logs in and heartbeats as the server counts them', async () => {
    server = await startChatServer({ procs: 1, args: [...c.args, '--heartbeat-timeout', '30s'] });
    const port = c.wire === 'ws' ? server.wsPort! : server.port;
    client = forkClient(file(c.bare)) as Client;
    await client.ask({ cmd: 'prepare', host: '127.0.0.1', port, path: '/', addresses: ['127.0.0.1'], hbMs: 200 });
    await client.ask({ cmd: 'start', users: USERS, rate: 200, firstUserId: 1 });
    const st = await until('logins and heartbeats', async () => {
      const s = await client!.ask({ cmd: 'status' });
      return s.counters.loginAcks === USERS && s.counters.heartbeatAcks >= 3 * USERS ? s : undefined;
    });
    expect(st.active).toBe(USERS);
    const m = await client.ask({ cmd: 'mark' });
    expect(m.latency['response.heartbeat'].count).toBeGreaterThan(0);
    expect(m.counters.otherFrames).toBe(0);

    const stats = await statsOf(server);
    expect(stats.protocolErrors).toBe(0);
    expect(stats.logins).toBe(USERS);
    expect(stats.connections.openBy[c.transport]).toBe(USERS);
    // The server counted at least every heartbeat the client saw answered (more may be in flight).
    expect(stats.messagesIn[c.heartbeat]).toBeGreaterThanOrEqual(m.counters.heartbeatAcks);
    const replies = c.wire === 'im-lite' ? stats.repliesOut.pong : stats.repliesOut.heartbeatAck;
    expect(replies).toBeGreaterThanOrEqual(m.counters.heartbeatAcks);

    await client.ask({ cmd: 'stop' }, 10_000);
    await until('the server to see them go', async () =>
      (await statsOf(server!)).connections.open === 0 ? true : undefined,
    );
  });
});
