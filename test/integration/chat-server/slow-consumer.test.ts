import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame } from '@loadfleet/protocol';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';
import { eventually, TestClient } from './client.js';

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** A member that reads and discards everything (so only the paused client is slow). */
async function rawMember(port: number, userId: number, room: string): Promise<net.Socket & { got: number }> {
  const socket = net.connect({ port, host: '127.0.0.1' }) as net.Socket & { got: number };
  socket.got = 0;
  await new Promise((r) => socket.once('connect', r));
  socket.on('data', (d) => (socket.got += d.length));
  socket.on('error', () => {});
  socket.write(encodeFrame({ seq: 1, login: { userId } }));
  socket.write(encodeFrame({ seq: 2, joinRoom: { room } }));
  return socket;
}

describe('chat server: slow consumers', () => {
  let server: ChatServerHandle;
  beforeAll(async () => {
    server = await startChatServer({ procs: 2, args: ['--max-outbound', '262144'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('drops a client that never reads, keeps serving the others, and its memory stays bounded', async () => {
    const slow = await TestClient.connect(server.port);
    await slow.login(1);
    await slow.request({ joinRoom: { room: 'flood' } });
    slow.socket.pause();
    const sender = await rawMember(server.port, 2, 'flood');
    const reader = await rawMember(server.port, 3, 'flood');
    await eventually(async () => (await server.stats()).rooms.members === 3, 3000, 'members');
    const rssBefore = server.pids.map(rssMiB);

    const chat = encodeFrame({ seq: 3, sentAt: 1, chat: { room: 'flood', text: 'x'.repeat(4096) } });
    let sent = 0;
    for (let round = 0; round < 120; round++) {
      for (let i = 0; i < 100; i++) sender.write(chat);
      sent += 100;
      await new Promise((r) => setTimeout(r, 15));
      if (round % 5 === 4 && (await server.stats()).slowConsumerDrops > 0) break;
    }
    await eventually(async () => (await server.stats()).slowConsumerDrops === 1, 5000, 'slow consumer drop');
    const rssAfter = server.pids.map(rssMiB);
    // Far more than --max-outbound went to the room; the queue for the slow member never grew past it.
    expect(sent * 4096).toBeGreaterThan(4 * 262144);
    rssAfter.forEach((mib, i) => expect(mib - rssBefore[i]!).toBeLessThan(120));

    // The last chats written may still be on their way in.
    await eventually(async () => (await server.stats()).messagesIn.chat === sent, 5000, 'every chat in');
    const stats = await server.stats();
    expect(stats.connections.closed.slowConsumer).toBe(1);
    // The readers were not dropped and got every event.
    await eventually(async () => (await server.stats()).eventsOut.chat >= 2 * sent, 5000, 'fan-out');
    expect(sender.destroyed || reader.destroyed).toBe(false);
    slow.socket.resume();
    await slow.closedP;
    sender.destroy();
    reader.destroy();
  });
});
