import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KickReason } from '@loadfleet/protocol';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';
import { eventually, TestClient } from './client.js';

describe('chat server: login and heartbeat deadlines', () => {
  let server: ChatServerHandle;
  beforeAll(async () => {
    server = await startChatServer({
      procs: 2,
      args: ['--login-timeout', '400ms', '--heartbeat-timeout', '500ms'],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('kicks and closes a connection that never logs in', async () => {
    const c = await TestClient.connect(server.port);
    const started = Date.now();
    const kick = await c.waitFor((f) => f.body === 'kick', 3000);
    expect(kick.kick!.reason).toBe(KickReason.LOGIN_TIMEOUT);
    await c.closedP;
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('kicks an idle logged-in connection and keeps a heartbeating one', async () => {
    const idle = await TestClient.connect(server.port);
    const alive = await TestClient.connect(server.port);
    await idle.login(1);
    await alive.login(2);
    const beat = setInterval(() => alive.send({ heartbeat: {} }), 100);
    try {
      const kick = await idle.waitFor((f) => f.body === 'kick', 3000);
      expect(kick.kick!.reason).toBe(KickReason.HEARTBEAT_TIMEOUT);
      await idle.closedP;
      await new Promise((r) => setTimeout(r, 300));
      expect(alive.closed).toBe(false);
      expect(alive.frames.filter((f) => f.body === 'heartbeatAck').length).toBeGreaterThan(3);
    } finally {
      clearInterval(beat);
      alive.close();
    }
    await eventually(async () => (await server.stats()).connections.open === 0, 3000, 'all closed');
    const stats = await server.stats();
    expect(stats.loginTimeouts).toBe(1);
    expect(stats.heartbeatTimeouts).toBe(1);
    expect(stats.connections.closed.loginTimeout).toBe(1);
    expect(stats.connections.closed.heartbeatTimeout).toBe(1);
    expect(stats.connections.closed.peer).toBe(1);
    expect(stats.repliesOut.heartbeatAck).toBe(stats.messagesIn.heartbeat);
  });

  it('answers requests before login with NOT_LOGGED_IN and rooms not joined with NOT_IN_ROOM', async () => {
    const c = await TestClient.connect(server.port);
    const early = await c.request({ joinRoom: { room: 'x' } });
    expect(early.body).toBe('error');
    expect(early.error!.code).toBe(1);
    await c.login(3);
    const notIn = await c.request({ chat: { room: 'x', text: 'hi' } });
    expect(notIn.error!.code).toBe(2);
    const again = await c.login(3);
    expect(again.error!.code).toBe(5);
    c.close();
  });
});
