import { describe, expect, it } from 'vitest';
import { KickReason } from '@loadfleet/protocol';
import { startChatServer } from '../../helpers/chat-server.js';
import { eventually, TestClient } from './client.js';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('chat server: HTTP endpoints and graceful stop', () => {
  for (const procs of [1, 2]) {
    it(`serves /stats, /metrics and /healthz (--procs ${procs})`, async () => {
      const server = await startChatServer({ procs });
      try {
        const c = await TestClient.connect(server.port);
        await c.login(7);
        await c.request({ heartbeat: {} });
        const stats = await server.stats();
        expect(stats.procs).toBe(procs);
        expect(stats.connections).toMatchObject({ open: 1, accepted: 1 });
        expect(stats.logins).toBe(1);
        expect(stats.messagesIn).toMatchObject({ login: 1, heartbeat: 1, chat: 0, like: 0 });
        expect(stats.repliesOut).toMatchObject({ loginAck: 1, heartbeatAck: 1 });
        expect(Object.keys(stats.eventsOut)).toEqual(['chat', 'likes', 'gift', 'beam', 'join', 'leave']);
        expect(stats.bytesIn).toBeGreaterThan(0);
        expect(stats.bytesOut).toBeGreaterThan(0);
        expect(stats.processes).toBeUndefined();
        const byProcess = await server.stats(true);
        expect(byProcess.processes!.map((p) => p.pid)).toEqual(procs === 1 ? server.pids : server.pids.slice(1));

        const metrics = await server.metrics();
        expect(metrics).toContain('# TYPE chat_connections_open gauge');
        expect(metrics).toMatch(/^chat_connections_open 1$/m);
        expect(metrics).toMatch(/^chat_messages_in_total\{kind="heartbeat"\} 1$/m);
        expect(metrics).toMatch(/^chat_logins_total 1$/m);
        expect(metrics).toMatch(new RegExp(`^chat_processes ${procs}$`, 'm'));
        expect(metrics).toMatch(/^chat_server_info\{wire="chat"\} 1$/m);
        // The standard process metrics, summed over the server's processes.
        expect(metrics).toMatch(/^process_cpu_seconds_total \d/m);
        expect(metrics).toMatch(/^process_resident_memory_bytes \d+$/m);
        expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
        for (const line of metrics.split('\n').filter(Boolean)) {
          expect(line).toMatch(
            /^(# (HELP|TYPE) \w+ .+|\w+(\{\w+="[^"]*"(,\w+="[^"]*")*\})? -?[\d.e+-]+|\w+(\{.*\})? (NaN|[+-]Inf))$/,
          );
        }
        const health = await fetch(`http://127.0.0.1:${server.httpPort}/healthz`);
        expect(health.status).toBe(200);
        expect((await fetch(`http://127.0.0.1:${server.httpPort}/nope`)).status).toBe(404);
        c.close();
      } finally {
        await server.stop();
      }
    });
  }

  it('on SIGTERM kicks every client with SERVER_SHUTDOWN, stops every process and exits 0', async () => {
    const server = await startChatServer({ procs: 3 });
    const clients: TestClient[] = [];
    for (let i = 0; i < 9; i++) {
      const c = await TestClient.connect(server.port);
      await c.login(i);
      clients.push(c);
    }
    await eventually(async () => (await server.stats()).logins === 9, 2000, 'logins');
    const result = await server.stop();
    expect(result).toEqual({ code: 0, signal: null });
    for (const c of clients) {
      await c.closedP;
      const kick = c.frames.find((f) => f.body === 'kick');
      expect(kick?.kick!.reason).toBe(KickReason.SERVER_SHUTDOWN);
    }
    await eventually(() => server.pids.every((pid) => !isAlive(pid)), 2000, 'every process gone');
  });
});
