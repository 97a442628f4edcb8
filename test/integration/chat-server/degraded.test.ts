import { afterAll, describe, expect, it } from 'vitest';
import { nowMs } from '@loadfleet/protocol';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';
import { eventually, TestClient } from './client.js';

// --extra-latency and --drop-rate: a worse release on purpose. The delay is checked as a lower
// bound only (a busy machine makes replies later, never earlier).
describe('chat server: --extra-latency and --drop-rate', () => {
  const servers: ChatServerHandle[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it('--extra-latency delays every reply and push by at least that long', async () => {
    const server = await startChatServer({ procs: 2, args: ['--extra-latency', '150ms'] });
    servers.push(server);
    const a = await TestClient.connect(server.port);
    const b = await TestClient.connect(server.port);
    let t0 = nowMs();
    await a.login(1);
    expect(nowMs() - t0).toBeGreaterThanOrEqual(149);
    await b.login(2);
    await a.request({ joinRoom: { room: 'slow' } });
    await b.request({ joinRoom: { room: 'slow' } });
    await eventually(async () => (await server.stats()).rooms.members === 2, 3000, 'members');
    t0 = nowMs();
    const ack = await a.request({ heartbeat: {} });
    expect(ack.body).toBe('heartbeatAck');
    expect(nowMs() - t0).toBeGreaterThanOrEqual(149);
    t0 = nowMs();
    a.send({ chat: { room: 'slow', text: 'late' } });
    const pushed = await b.waitFor((f) => f.event?.chat?.text === 'late');
    expect(nowMs() - t0).toBeGreaterThanOrEqual(149);
    expect(pushed.event!.originSentAt).toBeGreaterThan(0);
    // Requests sent just before a close are still handled and counted.
    for (let i = 0; i < 5; i++) b.send({ heartbeat: {} });
    b.close();
    await eventually(async () => (await server.stats()).connections.open === 1, 3000, 'close');
    const stats = await server.stats();
    expect(stats.messagesIn.heartbeat).toBe(6);
    expect(stats.repliesOut.heartbeatAck).toBeGreaterThanOrEqual(1);
    a.close();
  });

  it('--drop-rate ignores that fraction of requests other than login, and counts them', async () => {
    const server = await startChatServer({ procs: 1, args: ['--drop-rate', '0.5'] });
    servers.push(server);
    const c = await TestClient.connect(server.port);
    expect((await c.login(9)).body).toBe('loginAck');
    const sent = 400;
    for (let i = 0; i < sent; i++) c.send({ heartbeat: {} });
    await eventually(async () => (await server.stats()).messagesIn.heartbeat === sent, 3000, 'heartbeats in');
    // The last request always gets through or not; wait for the replies to land.
    const stats = await server.stats();
    await eventually(() => c.frames.filter((f) => f.body === 'heartbeatAck').length === stats.repliesOut.heartbeatAck);
    const acks = c.frames.filter((f) => f.body === 'heartbeatAck').length;
    expect(stats.requestsDropped.heartbeat + acks).toBe(sent);
    expect(stats.requestsDropped.heartbeat).toBeGreaterThan(sent * 0.3);
    expect(stats.requestsDropped.heartbeat).toBeLessThan(sent * 0.7);
    expect(stats.requestsDropped.login).toBe(0);
    expect(await server.metrics()).toMatch(/requests_dropped_total\{kind="heartbeat"\} \d+/);
    c.close();
  });

  it('--drop-rate 1 answers nothing but logins', async () => {
    const server = await startChatServer({ procs: 1, args: ['--drop-rate', '1'] });
    servers.push(server);
    const c = await TestClient.connect(server.port);
    expect((await c.login(3)).body).toBe('loginAck');
    c.send({ joinRoom: { room: 'r' } });
    c.send({ heartbeat: {} });
    await eventually(async () => (await server.stats()).messagesIn.heartbeat === 1, 3000, 'heartbeat in');
    const stats = await server.stats();
    expect(stats.requestsDropped).toMatchObject({ joinRoom: 1, heartbeat: 1, login: 0 });
    expect(stats.rooms.members).toBe(0);
    expect(c.frames.map((f) => f.body)).toEqual(['loginAck']);
    c.close();
  });
});
