import { eventKindOf } from '@loadfleet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';
import { eventually, TestClient } from './client.js';

// 30 members on a 3-process server: round-robin spreads them over every process,
// so a room event must cross the relay to reach all of them.
const N = 30;

describe('chat server: rooms across processes', () => {
  let server: ChatServerHandle;
  let clients: TestClient[];

  beforeAll(async () => {
    server = await startChatServer({ procs: 3, args: ['--like-batch', '100ms'] });
    clients = [];
    for (let i = 0; i < N; i++) clients.push(await TestClient.connect(server.port));
    for (let i = 0; i < N; i++) {
      const ack = await clients[i]!.login(1000 + i);
      expect(ack.body).toBe('loginAck');
      expect(ack.loginAck!.userId).toBe(1000 + i);
    }
    for (const c of clients) expect((await c.request({ joinRoom: { room: 'lobby' } })).body).toBe('joined');
    // Joins reach the hub within a few ms; wait until it sees every member.
    await eventually(async () => (await server.stats()).rooms.members === N, 5000, 'hub membership');
  });

  afterAll(async () => {
    for (const c of clients ?? []) c.close();
    await server?.stop();
  });

  it('spreads the members over every process', async () => {
    const stats = await server.stats(true);
    expect(stats.procs).toBe(3);
    expect(stats.processes).toHaveLength(3);
    // The kernel spreads accepts; on a busy box one process may get none of 30, but never all of them one.
    expect(stats.processes!.filter((p) => p.connections.open > 0).length).toBeGreaterThanOrEqual(2);
    expect(stats.processes!.map((p) => p.rooms.members).reduce((a, b) => a + b, 0)).toBe(N);
    expect(stats.connections.open).toBe(N);
    expect(stats.logins).toBe(N);
    expect(stats.rooms).toEqual({ count: 1, members: N });
  });

  it('delivers a chat to every member, sender included, whichever process holds them', async () => {
    const sender = clients[7]!;
    const ack = await sender.request({ chat: { room: 'lobby', text: 'hello all' } });
    expect(ack.body).toBe('ack');
    expect(ack.ack!.serverTime).toBeGreaterThan(0);
    for (const c of clients) {
      const ev = await c.waitFor((f) => f.body === 'event' && eventKindOf(f) === 'chat');
      expect(ev.seq).toBe(0);
      expect(ev.event!.room).toBe('lobby');
      expect(ev.event!.originUser).toBe(1007);
      expect(ev.event!.chat!.text).toBe('hello all');
      expect(ev.event!.originSentAt).toBeGreaterThan(0);
    }
    await eventually(async () => (await server.stats()).eventsOut.chat === N, 3000, 'eventsOut.chat');
    const stats = await server.stats();
    expect(stats.eventsCreated.chat).toBe(1);
    expect(stats.messagesIn.chat).toBe(1);
    expect(stats.repliesOut.ack).toBe(1);
  });

  it('delivers gifts and beams, and batches likes per room', async () => {
    await clients[1]!.request({ gift: { room: 'lobby', giftId: 9, count: 2, value: 50 } });
    await clients[2]!.request({ beam: { room: 'lobby', beamId: 3, value: 10 } });
    for (let i = 0; i < 6; i++) await clients[i]!.request({ like: { room: 'lobby', count: 1 } });
    for (const c of clients) {
      const gift = await c.waitFor((f) => eventKindOf(f) === 'gift');
      expect(gift.event!.gift).toMatchObject({ giftId: 9, count: 2, value: 50 });
      await c.waitFor((f) => eventKindOf(f) === 'beam');
      // Likes are batched per process: the counts of the batches a member gets add up to the likes sent.
      await eventually(
        () => c.events('likes').reduce((n, f) => n + (f.event!.likes!.count ?? 0), 0) === 6,
        3000,
        'likes',
      );
      expect(c.events('likes').length).toBeLessThan(6);
    }
  });

  it('reports the global member count in joined and in join/leave events', async () => {
    const late = await TestClient.connect(server.port);
    clients.push(late);
    await late.login(5000);
    const joined = await late.request({ joinRoom: { room: 'lobby' } });
    expect(joined.joined!.memberCount).toBe(N + 1);
    for (const c of clients) {
      const ev = await c.waitFor((f) => eventKindOf(f) === 'join' && f.event!.originUser === 5000);
      expect(ev.event!.join!.memberCount).toBe(N + 1);
    }
    await eventually(async () => (await server.stats()).rooms.members === N + 1, 3000, 'members');
    const left = await late.request({ leave: { room: 'lobby' } });
    expect(left.body).toBe('left');
    for (const c of clients.slice(0, N)) {
      const ev = await c.waitFor((f) => eventKindOf(f) === 'leave' && f.event!.originUser === 5000);
      expect(ev.event!.leave!.memberCount).toBe(N);
    }
  });

  it('counts exactly what it received and sent', async () => {
    const stats = await server.stats();
    const received = clients.reduce((n, c) => n + c.events().length, 0);
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    expect(sum(stats.eventsOut)).toBe(received);
    expect(stats.messagesIn.login).toBe(N + 1);
    expect(stats.messagesIn.joinRoom).toBe(N + 1);
    expect(stats.messagesIn.like).toBe(6);
    expect(stats.repliesOut.loginAck).toBe(N + 1);
    expect(stats.protocolErrors).toBe(0);
  });
});
