import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame, KickReason } from '@loadfleet/protocol';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';
import { eventually, TestClient } from './client.js';

const BAD_INPUTS: [string, Uint8Array][] = [
  ['garbage bytes (a length prefix that overflows)', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
  ['an oversized length', Buffer.from([0x80, 0x80, 0x80, 0x08])], // 16 MiB > --max-frame
  ['an undecodable payload', Buffer.from([0x03, 0xff, 0xff, 0xff])],
  ['an empty oneof', encodeFrame({ seq: 5, sentAt: 1 })],
];

describe('chat server: bad input', () => {
  let server: ChatServerHandle;
  let healthy: TestClient[];
  beforeAll(async () => {
    server = await startChatServer({ procs: 2, args: ['--max-frame', '4096'] });
    healthy = [];
    for (let i = 0; i < 4; i++) {
      const c = await TestClient.connect(server.port);
      await c.login(100 + i);
      await c.request({ joinRoom: { room: 'r' } });
      healthy.push(c);
    }
    await eventually(async () => (await server.stats()).rooms.members === 4, 3000, 'members');
  });
  afterAll(async () => {
    for (const c of healthy ?? []) c.close();
    await server?.stop();
  });

  for (const [name, bytes] of BAD_INPUTS) {
    it(`closes only the connection that sent ${name}`, async () => {
      const bad = await TestClient.connect(server.port);
      await bad.login(1);
      bad.writeRaw(bytes);
      const kick = await bad.waitFor((f) => f.body === 'kick');
      expect(kick.kick!.reason).toBe(KickReason.PROTOCOL_VIOLATION);
      expect(bad.frames.some((f) => f.body === 'error' && f.error!.code === 4)).toBe(true);
      await bad.closedP;
      // Everyone else is still served.
      for (const c of healthy) expect((await c.request({ heartbeat: {} })).body).toBe('heartbeatAck');
      await healthy[0]!.request({ chat: { room: 'r', text: 'still here' } });
      for (const c of healthy) await c.waitFor((f) => f.event?.chat?.text === 'still here' && !f.event.join);
      healthy.forEach((c) => c.frames.splice(0));
    });
  }

  it('counted every protocol error, and nothing else closed', async () => {
    await eventually(async () => (await server.stats()).connections.closed.protocolError === 4, 3000, 'closes');
    const stats = await server.stats();
    expect(stats.protocolErrors).toBe(4);
    expect(stats.errorsOut.protocolError).toBe(4);
    expect(stats.connections.open).toBe(4);
    expect(stats.connections.closed.error + stats.connections.closed.peer).toBe(0);
    const health = await fetch(`http://127.0.0.1:${server.httpPort}/healthz`);
    expect(health.status).toBe(200);
  });
});
