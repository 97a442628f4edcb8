import { afterAll, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';
import { eventually, TestClient } from './client.js';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('chat server: a worker process dies', () => {
  let server: ChatServerHandle | undefined;
  const clients: TestClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  it('the others forget its members, keep serving, and link up with its replacement', async () => {
    server = await startChatServer({ procs: 2, args: ['--max-conns', '100'] });
    const join = async (user: number) => {
      const c = await TestClient.connect(server!.port);
      await c.login(user);
      await c.request({ joinRoom: { room: 'r' } });
      clients.push(c);
      return c;
    };
    for (let i = 0; i < 6; i++) await join(i + 1);
    await eventually(async () => (await server!.stats()).rooms.members === 6, 5000, 'members');
    const before = await server.stats(true);
    const victim = before.processes!.find((p) => p.connections.open > 0)!;
    const held = victim.connections.open;
    process.kill(victim.pid, 'SIGKILL');
    await eventually(() => !isAlive(victim.pid), 5000, 'worker gone');
    // Its clients are cut off; the other process forgets their memberships.
    await eventually(
      async () => {
        const s = await server!.stats(true).catch(() => undefined);
        return s?.procs === 2 && s.processes?.length === 2 && s.rooms.members === 6 - held;
      },
      15_000,
      'replacement up and memberships forgotten',
    );
    const survivors = clients.filter((c) => !c.closed);
    expect(survivors).toHaveLength(6 - held);
    // New members land on either process (the replacement has room); a chat reaches every member.
    for (let i = 0; i < 4; i++) await join(100 + i);
    await eventually(async () => (await server!.stats()).rooms.members === 10 - held, 5000, 'new members');
    const after = await server.stats(true);
    expect(after.processes!.map((p) => p.pid)).not.toContain(victim.pid);
    // The balancer sends the newcomers to the empty replacement first.
    const replacement = after.processes!.find((p) => !before.processes!.some((b) => b.pid === p.pid))!;
    expect(replacement.connections.open).toBeGreaterThanOrEqual(1);
    const sender = clients.at(-1)!;
    await sender.request({ chat: { room: 'r', text: 'still one room' } });
    for (const c of clients.filter((x) => !x.closed)) await c.waitFor((f) => f.event?.chat?.text === 'still one room');
  });
});
