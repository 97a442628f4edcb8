/**
 * bench:scale --floor's bare server (bench/scale/floor-server.ts) answers the chat
 * protocol as the chat server does: every reply and room event it writes decodes with
 * the protocol's codec, with the request's seq, and a room's events reach its members
 * in every server process (the relay). Its bare client (bench/worker/bare-client.ts with
 * `rooms`) logs in, joins a room and acts against it.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeFrame, type Envelope } from '@loadfleet/protocol';
import { benchScript } from '../../../bench/lib/paths.js';

// The compiled scripts (tsc -b bench), as bench:scale starts them.
const SERVER = benchScript('scale/floor-server.js');
const CLIENT = benchScript('worker/bare-client.js');

/** A raw connection that collects decoded envelopes. */
function open(port: number) {
  const socket = net.connect({ host: '127.0.0.1', port });
  const got: Envelope[] = [];
  let buf = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      let len = 0;
      let shift = 0;
      let p = 0;
      let whole = false;
      while (p < buf.length) {
        const b = buf[p++]!;
        len += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (b < 0x80) {
          whole = true;
          break;
        }
      }
      if (!whole || p + len > buf.length) break;
      const env = decodeEnvelope(buf.subarray(p, p + len));
      if (env instanceof Error) throw env;
      got.push(env);
      buf = buf.subarray(p + len);
    }
  });
  const until = async (pred: () => boolean) => {
    for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(pred()).toBe(true);
  };
  return { socket, got, until, send: (m: Parameters<typeof encodeFrame>[0]) => socket.write(encodeFrame(m)) };
}

describe('bench:scale --floor: the bare pair', () => {
  let server: ChildProcess;
  let port = 0;
  let httpPort = 0;

  beforeAll(async () => {
    server = spawn(process.execPath, [SERVER, '--port', '0', '--procs', '2', '--cap', '3'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ready = await new Promise<{ port: number; httpPort: number }>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('{"ready":true'));
        if (line) resolve(JSON.parse(line));
      });
      server.once('exit', (code) => reject(new Error(`floor server exited (${code})`)));
    });
    port = ready.port;
    httpPort = ready.httpPort;
  });
  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('answers login, join, heartbeat, like and chat with valid frames, and relays room events', async () => {
    // Each process stops accepting at its cap of 3: the six members are split over both, so events cross the relay.
    const members = Array.from({ length: 6 }, () => open(port));
    for (const [i, m] of members.entries()) m.send({ seq: 1, sentAt: 1, login: { userId: 100 + i, token: 't' } });
    for (const m of members) await m.until(() => m.got.some((e) => e.body === 'loginAck'));
    expect(members[3]!.got.find((e) => e.body === 'loginAck')).toMatchObject({ seq: 1, loginAck: { userId: 103 } });
    for (const m of members) {
      m.send({ seq: 2, sentAt: 2, joinRoom: { room: 'room-7' } });
      await m.until(() => m.got.some((e) => e.body === 'joined'));
    }
    expect(members[0]!.got.find((e) => e.body === 'joined')).toMatchObject({ seq: 2, joined: { room: 'room-7' } });
    const a = members[0]!;
    a.send({ seq: 300, sentAt: 3, heartbeat: {} });
    await a.until(() => a.got.some((e) => e.body === 'heartbeatAck'));
    expect(a.got.find((e) => e.body === 'heartbeatAck')!.seq).toBe(300);
    a.send({ seq: 301, sentAt: 4, like: { room: 'room-7', count: 1 } });
    a.send({ seq: 302, sentAt: 5, chat: { room: 'room-7', text: 'hello room' } });
    await a.until(() => a.got.filter((e) => e.body === 'ack').length === 2);
    expect(a.got.filter((e) => e.body === 'ack').map((e) => e.seq)).toEqual([301, 302]);
    for (const m of members) {
      await m.until(() => m.got.some((e) => e.event?.chat) && m.got.some((e) => e.event?.likes));
      expect(m.got.find((e) => e.event?.chat)!.event).toMatchObject({
        room: 'room-7',
        originUser: 100,
        originSentAt: 5,
        chat: { text: 'hello room' },
      });
      expect(m.got.find((e) => e.event?.likes)!.event).toMatchObject({ room: 'room-7', likes: { count: 1 } });
    }
    // Each process reports its count every 500 ms.
    await new Promise((r) => setTimeout(r, 700));
    const stats = (await (await fetch(`http://127.0.0.1:${httpPort}/stats`)).json()) as {
      connections: { open: number };
      byProcess: number[];
    };
    expect(stats.connections.open).toBe(6);
    expect(stats.byProcess).toEqual([3, 3]);
    for (const m of members) m.socket.destroy();
  });

  it('drives bare clients that log in, join a room and act (bench/worker/bare-client.ts with rooms)', async () => {
    const client = fork(CLIENT, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let id = 0;
    const call = (cmd: string, args: object = {}) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const my = ++id;
        const on = (m: { id: number }) => {
          if (m.id !== my) return;
          client.off('message', on);
          resolve(m as Record<string, unknown>);
        };
        client.on('message', on);
        client.send({ id: my, cmd, ...args });
      });
    try {
      await call('prepare', {
        host: '127.0.0.1',
        port,
        addresses: ['127.0.0.1'],
        hbMs: 200,
        rooms: 2,
        actEveryMs: 100,
      });
      await call('start', { users: 6, rate: 100, firstUserId: 1 });
      let status: { active?: number; counters?: { chatsSent: number; chatAcks: number; heartbeatAcks: number } } = {};
      for (let i = 0; i < 200; i++) {
        status = await call('status');
        // Actions come at most every 5 s (the scenario's minimum think): wait for the first ones.
        if (status.active === 6 && (status.counters?.chatAcks ?? 0) >= 6 && (status.counters?.heartbeatAcks ?? 0) > 0)
          break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(status.active).toBe(6);
      expect(status.counters!.heartbeatAcks).toBeGreaterThan(0);
      expect(status.counters!.chatAcks).toBeGreaterThanOrEqual(6);
      expect(status.counters!.chatAcks).toBeLessThanOrEqual(status.counters!.chatsSent);
      await call('stop');
    } finally {
      client.kill();
    }
  }, 30_000);
});
