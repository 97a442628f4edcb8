/**
 * The bare reference clients of `npm run bench:worker -- --wire chat|im-lite|ws`
 * (bench/worker/bare-client.ts, bare-imlite.ts, bare-ws.ts, run compiled from
 * bench/dist/) against the real chat server: their hand-spliced frames must be
 * what the server reads (no protocol error, every login, heartbeat and chat
 * message counted in its /stats under the wire's own kind names), and every ack
 * they count must be one the server sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { benchScript } from '../../../bench/lib/paths.js';
import { forkClient, type Client } from '../../../bench/lib/proc.js';
import type { MarkAnswer, StatusAnswer } from '../../../bench/worker/ipc.js';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';

/** The parts of /stats read here, by the wire's own kind names. */
type Stats = {
  protocolErrors: number;
  logins: number;
  connections: { open: number; openBy: Record<string, number> };
  messagesIn: Record<string, number>;
  repliesOut: Record<string, number>;
};
const statsOf = async (s: ChatServerHandle) => (await s.stats()) as unknown as Stats;

const file = (name: string) => benchScript(`worker/${name}`);
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
  { wire: 'chat', args: [], bare: 'bare-client.js', transport: 'tcp', heartbeat: 'heartbeat', chat: false },
  { wire: 'chat', args: [], bare: 'bare-client.js', transport: 'tcp', heartbeat: 'heartbeat', chat: true },
  {
    wire: 'im-lite',
    args: ['--wire', 'im-lite'],
    bare: 'bare-imlite.js',
    transport: 'tcp',
    heartbeat: 'ping',
    chat: false,
  },
  { wire: 'ws', args: ['--ws-port', '0'], bare: 'bare-ws.js', transport: 'ws', heartbeat: 'heartbeat', chat: false },
] as const;

describe.each(cases)('bench:worker bare client of wire $wire (chat $chat)', (c) => {
  it('logs in and heartbeats as the server counts them', async () => {
    server = await startChatServer({ procs: 1, args: [...c.args, '--heartbeat-timeout', '30s'] });
    const port = c.wire === 'ws' ? server.wsPort! : server.port;
    client = forkClient(file(c.bare));
    await client.ask({
      cmd: 'prepare',
      host: '127.0.0.1',
      port,
      path: '/',
      addresses: ['127.0.0.1'],
      hbMs: 200,
      chat: c.chat,
    });
    await client.ask({ cmd: 'start', users: USERS, rate: 200, firstUserId: 1 });
    const st = await until('logins and heartbeats', async () => {
      const s = await client!.ask<StatusAnswer>({ cmd: 'status' });
      const acks = s.counters.heartbeatAcks ?? 0;
      const chats = s.counters.chatAcks ?? 0;
      return s.counters.loginAcks === USERS && acks >= 3 * USERS && (!c.chat || chats >= USERS) ? s : undefined;
    });
    expect(st.active).toBe(USERS);
    const m = await client.ask<MarkAnswer>({ cmd: 'mark' });
    expect(m.latency['response.heartbeat']?.count).toBeGreaterThan(0);
    expect(m.counters.otherFrames).toBe(0);
    const heartbeatAcks = m.counters.heartbeatAcks ?? 0;
    const chatAcks = m.counters.chatAcks ?? 0;
    if (c.chat) expect(m.latency['response.chat']?.count).toBeGreaterThan(0);
    else expect(chatAcks).toBe(0);

    const stats = await statsOf(server);
    expect(stats.protocolErrors).toBe(0);
    expect(stats.logins).toBe(USERS);
    expect(stats.connections.openBy[c.transport]).toBe(USERS);
    // The server counted at least every heartbeat the client saw answered (more may be in flight).
    expect(stats.messagesIn[c.heartbeat]).toBeGreaterThanOrEqual(heartbeatAcks);
    const replies = c.wire === 'im-lite' ? stats.repliesOut.pong : stats.repliesOut.heartbeatAck;
    expect(replies).toBeGreaterThanOrEqual(heartbeatAcks);
    // With chat: every chat ack the client counted answers a chat message the server read.
    if (c.chat) expect(stats.messagesIn.chat).toBeGreaterThanOrEqual(chatAcks);

    await client.ask({ cmd: 'stop' }, 10_000);
    await until('the server to see them go', async () =>
      (await statsOf(server!)).connections.open === 0 ? true : undefined,
    );
  });
});
