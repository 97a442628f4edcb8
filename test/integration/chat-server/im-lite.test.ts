import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IM, imlite } from '@loadfleet/chatroom';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';
import { eventually } from './client.js';
import { ImLiteClient, imFrame, nowUs } from './im-lite-client.js';

const REPLIES = [IM.LoginResp, IM.EnterRoomResp, IM.LeaveRoomResp, IM.ActionResp, IM.Pong, IM.ErrorResp];
const KICK = imlite.KickReason;

// --wire im-lite on 2 processes; a small --max-conns makes the balancer spread the members over both.
describe('chat server --wire im-lite', () => {
  let server: ChatServerHandle;
  const members: ImLiteClient[] = [];
  beforeAll(async () => {
    server = await startChatServer({
      procs: 2,
      args: ['--wire', 'im-lite', '--max-conns', '100', '--like-batch', '100'],
    });
    for (let i = 0; i < 4; i++) {
      const c = await ImLiteClient.connect(server.port);
      c.login(100 + i);
      await c.waitCount(1, [IM.LoginResp]);
      members.push(c);
    }
    for (const c of members) {
      c.enter('stage');
      await c.waitCount(1, [IM.EnterRoomResp]);
    }
    await eventually(async () => (await server.stats()).rooms.members === 4, 5000, 'members known everywhere');
  });
  afterAll(async () => {
    for (const c of members) c.close();
    await server?.stop();
  });

  it('logs in and joins: replies in order, a JOINED MemberPush to the room, members on both processes', async () => {
    expect(server.wire).toBe('im-lite');
    const login = members[2]!.of(IM.LoginResp)[0]!.msg;
    expect(login).toMatchObject({ result: 0, uid: 102 });
    expect(login.serverTimeUs as number).toBeGreaterThan(1e15);
    expect(members[3]!.of(IM.EnterRoomResp)[0]!.msg).toMatchObject({ roomId: 'stage', online: 4 });
    // The first member saw every later join, from whichever process (pushes from another process may come later).
    const joins = await members[0]!.waitCount(4, [IM.MemberPush]);
    const seen = joins.map((f) => [f.msg.change, f.msg.meta!.fromUid] as [number, number]);
    expect(seen.sort((a, b) => a[1] - b[1])).toEqual([
      [imlite.MemberChange.JOINED, 100],
      [imlite.MemberChange.JOINED, 101],
      [imlite.MemberChange.JOINED, 102],
      [imlite.MemberChange.JOINED, 103],
    ]);
    const byProcess = await server.stats(true);
    for (const p of byProcess.processes!) expect(p.connections.open).toBeGreaterThanOrEqual(1);
  });

  it('text, gift and beam: ActionResp to the sender, the push to every member with origin_time_us', async () => {
    const [a, b] = members;
    const t0 = nowUs();
    a!.text('stage', 'hello', t0);
    b!.gift('stage', 7, 2, 50);
    a!.beam('stage', 3, 9);
    for (const c of members) {
      const text = (await c.waitCount(1, [IM.TextPush]))[0]!.msg;
      expect(text).toMatchObject({ text: 'hello', meta: { roomId: 'stage', fromUid: 100, originTimeUs: t0 } });
      const gift = (await c.waitCount(1, [IM.GiftPush]))[0]!.msg;
      expect(gift).toMatchObject({ giftId: 7, count: 2, value: 50, meta: { fromUid: 101 } });
      const beam = (await c.waitCount(1, [IM.BeamPush]))[0]!.msg;
      expect(beam).toMatchObject({ beamId: 3, value: 9, meta: { fromUid: 100 } });
    }
    expect(a!.of(...REPLIES).map((f) => f.type)).toEqual([
      IM.LoginResp,
      IM.EnterRoomResp,
      IM.ActionResp,
      IM.ActionResp,
    ]);
  });

  it('likes get no reply and go out batched: one LikePush with the total, the senders and the earliest time', async () => {
    const [a, b, c] = members;
    const before = a!.of(...REPLIES).length;
    a!.like('stage', 2, 5_000);
    b!.like('stage', 3, 4_000);
    c!.like('stage', 0, 6_000);
    const pushes = await members[3]!.waitCount(1, [IM.LikePush]);
    // Each process batches its own likes: one push per process that had likes.
    const total = pushes.reduce((n, f) => n + (f.msg.count as number), 0);
    await eventually(
      () => members[3]!.of(IM.LikePush).reduce((n, f) => n + (f.msg.count as number), 0) === 6,
      3000,
      'every like pushed',
    );
    expect(total).toBeGreaterThan(0);
    const all = members[3]!.of(IM.LikePush);
    expect(all.reduce((n, f) => n + (f.msg.senders as number), 0)).toBe(3);
    expect(Math.min(...all.map((f) => f.msg.meta!.originTimeUs))).toBe(4_000);
    a!.ping();
    await a!.waitCount(before + 1, REPLIES);
    expect(a!.of(...REPLIES).at(-1)!.type).toBe(IM.Pong);
  });

  it('a failed request is answered by ErrorResp in its place in the reply order', async () => {
    const c = await ImLiteClient.connect(server.port);
    c.ping();
    c.text('stage', 'not logged in');
    c.login(900);
    c.text('nowhere', 'not in room');
    c.login(900);
    c.enter('');
    c.ping();
    const replies = await c.waitCount(7, REPLIES);
    expect(replies.map((f) => f.type)).toEqual([
      IM.Pong,
      IM.ErrorResp,
      IM.LoginResp,
      IM.ErrorResp,
      IM.ErrorResp,
      IM.ErrorResp,
      IM.Pong,
    ]);
    expect(replies.filter((f) => f.type === IM.ErrorResp).map((f) => f.msg.code)).toEqual([
      imlite.Result.NOT_LOGGED_IN,
      imlite.Result.NOT_IN_ROOM,
      imlite.Result.ALREADY_LOGGED_IN,
      imlite.Result.BAD_REQUEST,
    ]);
    c.close();
  });

  it('leaving: LeaveRoomResp, and a LEFT MemberPush to the members left', async () => {
    const d = members[3]!;
    d.leave('stage');
    await d.waitCount(1, [IM.LeaveRoomResp]);
    for (const c of members.slice(0, 3)) {
      await eventually(() => c.of(IM.MemberPush).some((f) => f.msg.change === imlite.MemberChange.LEFT), 3000, 'LEFT');
      const left = c.of(IM.MemberPush).find((f) => f.msg.change === imlite.MemberChange.LEFT)!;
      expect(left.msg).toMatchObject({ online: 3, meta: { fromUid: 103 } });
    }
  });

  it('/stats counts im-lite traffic by the lowerCamelCase message names', async () => {
    await eventually(
      async () => ((await server.stats()).eventsOut as Record<string, number>).likePush !== undefined,
      1000,
    );
    const s = (await server.stats()) as unknown as {
      wire: string;
      messagesIn: Record<string, number>;
      repliesOut: Record<string, number>;
      eventsOut: Record<string, number>;
      eventsCreated: Record<string, number>;
      logins: number;
      protocolErrors: number;
    };
    expect(s.wire).toBe('im-lite');
    expect(Object.keys(s.messagesIn)).toEqual([
      'loginReq',
      'enterRoomReq',
      'leaveRoomReq',
      'sendTextReq',
      'sendLikeReq',
      'sendGiftReq',
      'sendBeamReq',
      'ping',
    ]);
    expect(s.messagesIn).toMatchObject({
      loginReq: 6,
      enterRoomReq: 5,
      leaveRoomReq: 1,
      sendTextReq: 3,
      sendLikeReq: 3,
      sendGiftReq: 1,
      sendBeamReq: 1,
      ping: 3,
    });
    expect(s.repliesOut).toEqual({
      loginResp: 5,
      enterRoomResp: 4,
      leaveRoomResp: 1,
      actionResp: 3,
      pong: 3,
      errorResp: 4,
    });
    expect(Object.keys(s.eventsOut)).toEqual(['textPush', 'likePush', 'giftPush', 'beamPush', 'memberPush']);
    expect(s.eventsOut).toMatchObject({ textPush: 4, giftPush: 4, beamPush: 4 });
    // Joins: 1 + 2 + 3 + 4 members reached; the leave: 3.
    expect(s.eventsOut.memberPush).toBe(13);
    expect(s.eventsCreated).toMatchObject({ textPush: 1, giftPush: 1, beamPush: 1, memberPush: 5 });
    expect(s.logins).toBe(5);
    const metrics = await server.metrics();
    expect(metrics).toMatch(/^chat_messages_in_total\{kind="sendTextReq"\} 3$/m);
    expect(metrics).toMatch(/^chat_server_info\{wire="im-lite"\} 1$/m);
  });
});

describe('chat server --wire im-lite: bad input and deadlines', () => {
  let server: ChatServerHandle;
  beforeAll(async () => {
    server = await startChatServer({
      procs: 2,
      args: ['--wire', 'im-lite', '--login-timeout', '700ms', '--heartbeat-timeout', '900ms'],
    });
  });
  afterAll(async () => server?.stop());

  const BAD: [string, Uint8Array][] = [
    ['a frame longer than 64 KiB', Buffer.from([0, 1, 0x11, 0x70, 0, IM.SendTextReq])],
    ['an unknown type id', imFrame(99, Buffer.from([0x08, 0x01]))],
    ['a reply type id from a client', imFrame(IM.Pong, Buffer.alloc(0))],
    ['an undecodable payload', imFrame(IM.SendTextReq, Buffer.from([0xff, 0xff, 0xff]))],
    ['a length that leaves no type id', Buffer.from([0, 0, 0, 1, 7])],
  ];
  for (const [name, bytes] of BAD) {
    it(`${name}: Kickout PROTOCOL_VIOLATION, that connection closed, the others served`, async () => {
      const good = await ImLiteClient.connect(server.port);
      good.login(1);
      await good.waitCount(1, [IM.LoginResp]);
      const bad = await ImLiteClient.connect(server.port);
      bad.login(2);
      await bad.waitCount(1, [IM.LoginResp]);
      bad.writeRaw(bytes);
      const [kick] = await bad.waitCount(1, [IM.Kickout]);
      expect(kick!.msg.reason).toBe(KICK.PROTOCOL_VIOLATION);
      await bad.closedP;
      expect(bad.of(IM.ErrorResp)).toEqual([]);
      good.ping();
      await good.waitCount(1, [IM.Pong]);
      good.close();
    });
  }

  it('counted every protocol error', async () => {
    await eventually(
      async () => (await server.stats()).connections.closed.protocolError === BAD.length,
      3000,
      'protocol-error closes',
    );
    expect((await server.stats()).protocolErrors).toBe(BAD.length);
  });

  it('login and heartbeat deadlines end with a Kickout', async () => {
    const silent = await ImLiteClient.connect(server.port);
    const idle = await ImLiteClient.connect(server.port);
    idle.login(5);
    const [loginKick] = await silent.waitCount(1, [IM.Kickout], 5000);
    expect(loginKick!.msg.reason).toBe(KICK.LOGIN_TIMEOUT);
    const [idleKick] = await idle.waitCount(1, [IM.Kickout], 5000);
    expect(idleKick!.msg.reason).toBe(KICK.HEARTBEAT_TIMEOUT);
    await silent.closedP;
    await idle.closedP;
  });
});
