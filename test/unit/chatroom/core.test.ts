import { describe, expect, it } from 'vitest';
import { encodeFrame, ErrorCode, KickReason } from '@loadfleet/protocol';
import { CLOSE } from '@loadfleet/chatroom';
import { makeCore, member } from './fakes.js';

describe('ChatCore requests', () => {
  it('answers every request with its seq and the receive time', () => {
    const env = makeCore();
    const c = env.connect();
    c.send({ seq: 7, heartbeat: {} });
    c.send({ seq: 8, login: { userId: 42, token: 'x' } });
    c.send({ seq: 9, joinRoom: { room: 'r' } });
    c.send({ seq: 10, chat: { room: 'r', text: 'hi' } });
    c.send({ seq: 11, leave: { room: 'r' } });
    const replies = c.t.frames().filter((f) => f.seq !== 0);
    expect(replies.map((f) => [f.seq, f.body])).toEqual([
      [7, 'heartbeatAck'],
      [8, 'loginAck'],
      [9, 'joined'],
      [10, 'ack'],
      [11, 'left'],
    ]);
    expect(replies[1]!.loginAck).toMatchObject({ userId: 42, serverTime: 1_000_000 });
    expect(replies[2]!.joined).toMatchObject({ room: 'r', memberCount: 1 });
    const stats = env.core.stats();
    expect(stats.messagesIn).toMatchObject({ heartbeat: 1, login: 1, joinRoom: 1, chat: 1, leave: 1 });
    expect(stats.repliesOut).toMatchObject({ heartbeatAck: 1, loginAck: 1, joined: 1, ack: 1, left: 1, error: 0 });
    expect(stats.logins).toBe(1);
  });

  it('refuses requests before login, to rooms not joined, and server-only kinds', () => {
    const env = makeCore();
    const c = env.connect();
    c.send({ seq: 1, chat: { room: 'r', text: 'x' } });
    c.send({ seq: 2, login: { userId: 1 } });
    c.send({ seq: 3, like: { room: 'r' } });
    c.send({ seq: 4, loginAck: {} });
    c.send({ seq: 5, login: { userId: 1 } });
    c.send({ seq: 6, joinRoom: { room: '' } });
    const errors = c.t.frames().filter((f) => f.body === 'error');
    expect(errors.map((f) => [f.seq, f.error!.code])).toEqual([
      [1, ErrorCode.NOT_LOGGED_IN],
      [3, ErrorCode.NOT_IN_ROOM],
      [4, ErrorCode.BAD_REQUEST],
      [5, ErrorCode.ALREADY_LOGGED_IN],
      [6, ErrorCode.BAD_REQUEST],
    ]);
    expect(env.core.stats().errorsOut).toEqual({
      notLoggedIn: 1,
      notInRoom: 1,
      badRequest: 2,
      protocolError: 0,
      alreadyLoggedIn: 1,
    });
  });

  it('decodes requests fed one byte at a time', () => {
    const env = makeCore();
    const c = env.connect();
    const bytes = Buffer.concat([
      encodeFrame({ seq: 1, login: { userId: 3 } }),
      encodeFrame({ seq: 2, heartbeat: {} }),
    ]);
    for (const b of bytes) env.core.data(c.s, Uint8Array.of(b));
    expect(c.t.frames().map((f) => f.body)).toEqual(['loginAck', 'heartbeatAck']);
    expect(env.core.stats().bytesIn).toBe(bytes.length);
  });

  it('counts bad input, sends an error and a kick, closes only that connection and ignores what follows', () => {
    const env = makeCore();
    const good = member(env, 1);
    const bad = env.connect();
    env.core.data(bad.s, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    env.core.data(bad.s, encodeFrame({ seq: 1, login: { userId: 2 } }));
    const frames = bad.t.frames();
    expect(frames.map((f) => f.body)).toEqual(['error', 'kick']);
    expect(frames[1]!.kick!.reason).toBe(KickReason.PROTOCOL_VIOLATION);
    expect(bad.t.ended).toBe(true);
    expect(good.t.ended).toBe(false);
    env.core.closed(bad.s);
    const stats = env.core.stats();
    expect(stats.protocolErrors).toBe(1);
    expect(stats.connections).toMatchObject({ open: 1, accepted: 2 });
    expect(stats.connections.closed.protocolError).toBe(1);
    expect(stats.messagesIn.login).toBe(1);
  });

  it('counts closes by reason: peer, socket error', () => {
    const env = makeCore();
    const a = env.connect();
    const b = env.connect();
    env.core.closed(a.s);
    env.core.error(b.s);
    env.core.closed(b.s);
    env.core.closed(b.s);
    expect(env.core.stats().connections.closed).toMatchObject({ peer: 1, error: 1 });
    expect(env.core.counters.closed[CLOSE.error]).toBe(1);
    expect(env.core.stats().connections.open).toBe(0);
  });
});
