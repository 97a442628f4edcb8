// The join-the-room panel's session and bridge, without a network: a fake target speaks
// the run's protocol (compiled as a worker compiles it) over an in-memory connection.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  RoomBridge,
  RoomPanels,
  RoomSession,
  ROOM_LIMITS,
  roomPlanOf,
  type RoomMessage,
  type RoomPlan,
  type RoomSessionHooks,
} from '@loadfleet/console';
import type { ConnectionOwner } from '@loadfleet/engine';
import { WireProtocol, type FrameSplitter } from '@loadfleet/protocol';
import { parseScenario, type Plan } from '@loadfleet/scenario';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

function planOf(text: string): Plan {
  return parseScenario(text, {
    file: `${EXAMPLES}t.yaml`,
    baseDir: EXAMPLES,
    readFile: (p) => readFileSync(p, 'utf8'),
  });
}

const CHAT_SCENARIO = `name: t
target: 127.0.0.1:7000
load: { phases: [{ duration: 1s, rate: 1 }] }
feeders:
  accounts: { file: users.csv }
sessions:
  - name: s
    heartbeat: 3s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: '{{feeder.accounts.token}}' }
      - send: joinRoom
        fields: { room: r }
`;

const IM_LITE_SCENARIO = `name: t
protocol: ./protocols/im-lite
target: 127.0.0.1:7000
load: { phases: [{ duration: 1s, rate: 1 }] }
sessions:
  - name: s
    steps:
      - connect
      - loop:
          count: 1
          steps:
            - send: loginReq
              fields: { uid: '{{user.id}}', ticket: secret }
`;

/** A target speaking the protocol: it reads the panel's frames and answers as `answer` says. */
class FakeTarget {
  readonly got: { kind: string; seq: number; fields: Record<string, unknown> }[] = [];
  private readonly splitter: FrameSplitter;
  toClient: (frame: Uint8Array) => void = () => {};
  answer: (kind: string, fields: Record<string, unknown>, seq: number) => void = () => {};

  constructor(
    readonly wp: WireProtocol,
    readonly stream = true,
  ) {
    this.splitter = wp.newSplitter();
  }

  /** Bytes the panel wrote. */
  receive(frame: Uint8Array): void {
    const sink = {
      onFrame: (payload: Uint8Array, typeId: number, seq: number) => {
        const d = this.wp.decode(payload, typeId, seq);
        if (d instanceof Error) throw d;
        const fields = this.wp.toPlain(d);
        this.got.push({ kind: d.kind.name, seq: d.seq, fields });
        this.answer(d.kind.name, fields, d.seq);
        return true;
      },
    };
    const err = this.splitter.feed(frame, sink);
    if (err) throw err;
  }

  send(kind: string, fields: Record<string, unknown>, seq = 0): void {
    const k = this.wp.kind(kind)!;
    this.toClient(this.wp.frame(k, this.wp.encodeBody(k, fields), seq, Date.now(), this.stream));
  }
}

/** Feeds a stream of frames to a session, as the bridge does. */
function feeder(wp: WireProtocol, session: RoomSession): (frame: Uint8Array) => void {
  const s = wp.newSplitter();
  return (frame) => {
    const err = s.feed(frame, session);
    if (err) throw err;
  };
}

function hooks(over: Partial<RoomSessionHooks> = {}) {
  const events: Parameters<RoomSessionHooks['event']>[0][] = [];
  const failures: string[] = [];
  let skipped = 0;
  const h: RoomSessionHooks = {
    write: () => {},
    wantsEvent: () => true,
    event: (e) => events.push(e),
    skipped: () => skipped++,
    fail: (r) => failures.push(r),
    ...over,
  };
  return { h, events, failures, skippedCount: () => skipped };
}

function chatTarget(wp: WireProtocol): FakeTarget {
  const t = new FakeTarget(wp);
  t.answer = (kind, f, seq) => {
    switch (kind) {
      case 'login':
        return t.send('loginAck', { server_time: 1, user_id: f.user_id }, seq);
      case 'joinRoom':
        return t.send('joined', { server_time: 1, room: f.room, member_count: 3 }, seq);
      case 'chat':
        t.send('ack', { server_time: 1 }, seq);
        // The room's event of the chat, with the origin's send time.
        return t.send('event', {
          room: f.room,
          origin_user: 7,
          origin_sent_at: Date.now() - 5,
          chat: { text: f.text },
        });
      case 'like':
        return t.send('error', { code: 'NOT_IN_ROOM', reason: 'join first' }, seq);
      case 'heartbeat':
        return t.send('heartbeatAck', { server_time: 1 }, seq);
    }
  };
  return t;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('what the panel can do on a run', () => {
  it('reads the bundled protocol: actions from room:, the login from the scenario, the heartbeat interval', () => {
    const plan = planOf(CHAT_SCENARIO);
    const rp = roomPlanOf(plan, new WireProtocol(plan.protocol)) as RoomPlan;
    expect(rp.protocol).toBe('chat');
    expect(rp.login!.kind.name).toBe('login');
    expect(rp.join.kind.name).toBe('joinRoom');
    expect(rp.send.chat!.kind.name).toBe('chat');
    expect(rp.send.like!.fields).toEqual({ room: '{{room}}', count: 1 });
    expect(rp.send.gift!.kind.name).toBe('gift');
    expect(rp.heartbeat).toMatchObject({ everyMs: 3000 });
    expect(rp.heartbeat!.kind.name).toBe('heartbeat');
  });

  it('finds im-lite login inside a loop; sends named by its own kinds', () => {
    const plan = planOf(IM_LITE_SCENARIO);
    const rp = roomPlanOf(plan, new WireProtocol(plan.protocol)) as RoomPlan;
    expect(rp.login!.kind.name).toBe('loginReq');
    expect(rp.send.chat!.kind.name).toBe('sendTextReq');
    expect(rp.send.like!.kind.reply).toBe(-1);
    expect(rp.heartbeat!.everyMs).toBe(5000);
  });

  it('says plainly why it cannot join: no room: section, no login step, a missing action', () => {
    const plan = planOf(CHAT_SCENARIO);
    const wp = new WireProtocol(plan.protocol);
    expect(roomPlanOf({ ...plan, protocol: { ...plan.protocol, room: null } }, wp)).toEqual({
      error: expect.stringMatching(/protocol chat does not say how a person joins a room: .*no room: section/),
    });
    const noLogin = planOf(CHAT_SCENARIO.replace(/ {6}- send: login\n.*\n/, ''));
    expect(roomPlanOf(noLogin, wp)).toEqual({
      error: "the scenario never sends login (the protocol's login), so the panel does not know how to log in",
    });
    const room = { ...plan.protocol.room!, gift: null };
    const rp = roomPlanOf({ ...plan, protocol: { ...plan.protocol, room } }, wp) as RoomPlan;
    expect(rp.send.gift).toBeNull();
    expect(rp.why.gift).toBe('protocol chat has no gift action in its room: section');
  });

  it('refuses a room: section that names what the protocol lacks, at its line', () => {
    const dir = fileURLToPath(new URL('../../../protocols/chat/', import.meta.url));
    const binding = readFileSync(`${dir}protocol.yaml`, 'utf8').replace(/\nroom:[\s\S]*$/, '\n');
    const proto = readFileSync(`${dir}chat.proto`, 'utf8');
    const issues = (room: string): string[] => {
      const tmp = mkdtempSync(join(tmpdir(), 'lf-room-'));
      mkdirSync(join(tmp, 'p'));
      writeFileSync(join(tmp, 'p', 'protocol.yaml'), `${binding}room:\n${room}`);
      writeFileSync(join(tmp, 'p', 'chat.proto'), proto);
      try {
        const text = `name: t\nprotocol: ./p\ntarget: 127.0.0.1:7000\nload: { phases: [{ duration: 1s, rate: 1 }] }\nsessions: [{ name: s, steps: [connect] }]\n`;
        parseScenario(text, { file: 's.yaml', baseDir: tmp, readFile: (f) => readFileSync(f, 'utf8') });
        return [];
      } catch (err) {
        return (err as { issues: { line: number; message: string }[] }).issues.map((i) => i.message);
      }
    };
    expect(issues('  join: { send: join_room, fields: { room: "{{room}}" } }\n')).toEqual([]);
    expect(issues('  join: { send: joinRom }\n')[0]).toMatch(/no kind "joinRom" \(did you mean joinRoom\?\)/);
    expect(issues('  join: { send: joined }\n')[0]).toMatch(/joined is a reply, not a request/);
    expect(issues('  chat: { send: chat, fields: { txt: x } }\n')[0]).toMatch(/ChatMessage has no field "txt"/);
    expect(issues('  chat: { send: chat, fields: { text: "{{who}}" } }\n')[0]).toMatch(
      /unknown placeholder \{\{who\}\}/,
    );
    expect(issues('  chat: { send: chat, echo: chats }\n')[0]).toMatch(/no event "chats" \(did you mean chat\?\)/);
    expect(issues('  dance: { send: chat }\n')[0]).toMatch(
      /unknown field; expected one of: join, chat, like, gift, leave/,
    );
  });
});

describe('RoomSession', () => {
  it('logs in as the scenario does, joins, chats: round trip by the echoed seq, its own chat spotted coming back', async () => {
    const plan = planOf(CHAT_SCENARIO);
    const wp = new WireProtocol(plan.protocol);
    const target = chatTarget(wp);
    const { h, events } = hooks({ write: (f) => target.receive(f) });
    const s = new RoomSession(
      {
        protocol: wp,
        plan: roomPlanOf(plan, wp) as RoomPlan,
        feeders: plan.feeders,
        userId: 2_000_000_001,
        room: 'room-2',
        stream: true,
        timeoutMs: 1000,
      },
      h,
    );
    target.toClient = feeder(wp, s);
    const login = await s.login()!;
    expect(login.error).toBeNull();
    expect(login.rttMs).toBeGreaterThanOrEqual(0);
    // The login step's templates: the panel's user id, the feeder's first row.
    const firstToken = readFileSync(`${EXAMPLES}users.csv`, 'utf8').split('\n')[1]!.split(',')[1]!.trim();
    expect(target.got[0]).toMatchObject({ kind: 'login', fields: { user_id: 2_000_000_001, token: firstToken } });
    expect((await s.join()).error).toBeNull();
    expect(target.got[1]).toMatchObject({ kind: 'joinRoom', fields: { room: 'room-2' } });
    const sent = await s.send('chat', 'hello from a person');
    expect(sent.error).toBeNull();
    expect(target.got[2]).toMatchObject({ kind: 'chat', fields: { room: 'room-2', text: 'hello from a person' } });
    expect(target.got[2]!.seq).toBeGreaterThan(target.got[1]!.seq);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      name: 'chat',
      own: true,
      fields: { room: 'room-2', origin_user: '7', 'chat.text': 'hello from a person' },
    });
    expect(events[0]!.fields).not.toHaveProperty('origin_sent_at');
    expect(events[0]!.deliveryMs).toBeGreaterThanOrEqual(5);
    expect(events[0]!.echoMs).toBeGreaterThanOrEqual(0);

    // Someone else's chat: not own, shown with its delivery time.
    target.send('event', {
      room: 'room-2',
      origin_user: 9,
      origin_sent_at: Date.now() - 20,
      likes: { count: 4, senders: 2 },
    });
    expect(events[1]).toMatchObject({ name: 'likes', own: false, echoMs: null, fields: { 'likes.count': '4' } });
    // The person's own like: the event names their user id.
    target.send('event', {
      room: 'room-2',
      origin_user: 2_000_000_001,
      origin_sent_at: Date.now(),
      likes: { count: 1 },
    });
    expect(events[2]).toMatchObject({ name: 'likes', own: true, echoMs: null });
    // An error reply is the send's error, with its fields.
    expect((await s.send('like', '')).error).toBe('error: code=NOT_IN_ROOM reason="join first"');
    s.heartbeat();
    expect(target.got.at(-1)!.kind).toBe('heartbeat');
  });

  it('a reply that never comes is a timeout; close ends every wait', async () => {
    vi.useFakeTimers();
    const plan = planOf(CHAT_SCENARIO);
    const wp = new WireProtocol(plan.protocol);
    const { h } = hooks();
    const s = new RoomSession(
      {
        protocol: wp,
        plan: roomPlanOf(plan, wp) as RoomPlan,
        feeders: plan.feeders,
        userId: 1,
        room: 'r',
        stream: true,
        timeoutMs: 500,
      },
      h,
    );
    const join = s.join();
    vi.advanceTimersByTime(501);
    expect(await join).toEqual({ rttMs: null, error: 'no reply to joinRoom within 500 ms' });
    const chat = s.send('chat', 'x');
    s.close('the run ended');
    expect(await chat).toEqual({ rttMs: null, error: 'the run ended' });
  });

  it('speaks im-lite: replies matched in order, a like is never answered, the kick ends it', async () => {
    const plan = planOf(IM_LITE_SCENARIO);
    const wp = new WireProtocol(plan.protocol);
    const target = new FakeTarget(wp);
    target.answer = (kind) => {
      if (kind === 'loginReq') target.send('loginResp', { uid: 5 });
      if (kind === 'enterRoomReq') target.send('enterRoomResp', { room_id: 'r', online: 2 });
    };
    const { h, failures } = hooks({ write: (f) => target.receive(f) });
    const s = new RoomSession(
      {
        protocol: wp,
        plan: roomPlanOf(plan, wp) as RoomPlan,
        feeders: [],
        userId: 2_000_000_002,
        room: 'r',
        stream: true,
        timeoutMs: 1000,
      },
      h,
    );
    target.toClient = feeder(wp, s);
    expect((await s.login()!).error).toBeNull();
    expect(target.got[0]).toMatchObject({ kind: 'loginReq', fields: { uid: '2000000002', ticket: 'secret' } });
    expect((await s.join()).error).toBeNull();
    expect(await s.send('like', '')).toEqual({ rttMs: null, error: null });
    expect(target.got[2]).toMatchObject({ kind: 'sendLikeReq', fields: { room_id: 'r', count: 1 } });
    target.send('kickout', { reason: 2, detail: 'bye' });
    expect(failures[0]).toMatch(/the target disconnected the panel: .*detail=bye/);
  });

  it('shows only as many events as the bridge wants; its own always', async () => {
    const plan = planOf(CHAT_SCENARIO);
    const wp = new WireProtocol(plan.protocol);
    const target = chatTarget(wp);
    const { h, events, skippedCount } = hooks({ write: (f) => target.receive(f), wantsEvent: () => false });
    const s = new RoomSession(
      {
        protocol: wp,
        plan: roomPlanOf(plan, wp) as RoomPlan,
        feeders: plan.feeders,
        userId: 1,
        room: 'r',
        stream: true,
        timeoutMs: 1000,
      },
      h,
    );
    target.toClient = feeder(wp, s);
    for (let i = 0; i < 3; i++) target.send('event', { room: 'r', origin_user: 9, chat: { text: `x${i}` } });
    expect(events).toHaveLength(0);
    expect(skippedCount()).toBe(3);
    await s.send('chat', 'mine');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ own: true, deliveryMs: expect.any(Number) });
  });
});

/** A bridge whose target is a FakeTarget behind an in-memory connection. */
function bridgeWith(o: { canSend?: boolean; allow?: boolean; limits?: Partial<typeof ROOM_LIMITS> } = {}) {
  const plan = planOf(CHAT_SCENARIO);
  const wp = new WireProtocol(plan.protocol);
  const target = chatTarget(wp);
  const sent: RoomMessage[] = [];
  let closed = '';
  let owner: ConnectionOwner | null = null;
  const conn = {
    stream: true,
    queuedBytes: 0,
    open: true,
    write: (f: Uint8Array) => target.receive(f),
    end: () => owner!.connClosed(conn),
    destroy: () => {},
  };
  target.toClient = (f) => owner!.connData(conn, Buffer.from(f));
  const bridge = new RoomBridge({
    plan,
    protocol: wp,
    room: roomPlanOf(plan, wp) as RoomPlan,
    userId: 2_000_000_003,
    canSend: o.canSend ?? true,
    csrfOk: (t) => t === 'good-csrf',
    signedIn: () => true,
    allowTarget: () => o.allow ?? true,
    browser: { send: (m) => sent.push(m), bufferedBytes: 0, close: (r) => (closed = r) },
    limits: { ...ROOM_LIMITS, flushMs: 10, ...o.limits },
    connect: (_t, _a, own) => {
      owner = own;
      queueMicrotask(() => own.connConnected(conn));
      return conn;
    },
  });
  const of = <T extends RoomMessage['type']>(type: T) =>
    sent.filter((m): m is Extract<RoomMessage, { type: T }> => m.type === type);
  const until = async (what: () => boolean) => {
    for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(what()).toBe(true);
  };
  return { bridge, target, sent, of, until, closed: () => closed };
}

describe('RoomBridge', () => {
  it('joins after a join with the CSRF token, says what it can do, sends a chat and shows it back', async () => {
    const b = bridgeWith();
    b.bridge.message(JSON.stringify({ type: 'join', csrf: 'good-csrf', room: 'room-1' }));
    await b.until(() => b.of('joined').length === 1);
    expect(b.of('status').map((s) => s.step)).toEqual(['connecting', 'logging in', 'joining']);
    expect(b.of('joined')[0]).toMatchObject({
      room: 'room-1',
      userId: 2_000_000_003,
      protocol: 'chat',
      target: '127.0.0.1:7000',
      actions: { chat: { ok: true }, like: { ok: true }, gift: { ok: true } },
      fleet: { latency: { chat: 'chat', like: 'like', gift: 'gift' }, echo: 'chat' },
    });
    b.bridge.message(JSON.stringify({ type: 'send', id: 4, action: 'chat', text: 'hi there' }));
    await b.until(() => b.of('sent').length === 1 && b.of('events').length === 1);
    expect(b.of('sent')[0]).toMatchObject({ id: 4, action: 'chat', error: null, rttMs: expect.any(Number) });
    expect(b.of('events')[0]!.events[0]).toMatchObject({ name: 'chat', own: true });
    b.bridge.end('the run ended');
    expect(b.sent.at(-1)).toEqual({ type: 'closed', reason: 'the run ended' });
    expect(b.closed()).toBe('the run ended');
    expect(b.target.got.at(-1)!.kind).toBe('leave');
  });

  it('refuses a first message without the CSRF token, and a target off the allowlist', async () => {
    const b = bridgeWith();
    b.bridge.message(JSON.stringify({ type: 'join', csrf: 'stolen', room: 'room-1' }));
    expect(b.sent).toEqual([{ type: 'closed', reason: 'missing or wrong CSRF token' }]);
    const c = bridgeWith({ allow: false });
    c.bridge.message(JSON.stringify({ type: 'join', csrf: 'good-csrf', room: 'room-1' }));
    expect(c.of('closed')[0]!.reason).toMatch(/no target of this run is on the farm's allowlist/);
    expect(c.target.got).toHaveLength(0);
    const d = bridgeWith();
    d.bridge.message('not json');
    expect(d.of('closed')[0]!.reason).toMatch(/not JSON/);
  });

  it('a read-only sign-in joins and watches but may not send', async () => {
    const b = bridgeWith({ canSend: false });
    b.bridge.message(JSON.stringify({ type: 'join', csrf: 'good-csrf', room: 'room-1' }));
    await b.until(() => b.of('joined').length === 1);
    expect(b.of('joined')[0]!.actions.chat).toEqual({ ok: false, why: 'read-only sign-in' });
    b.bridge.message(JSON.stringify({ type: 'send', id: 1, action: 'chat', text: 'hi' }));
    expect(b.of('sent')[0]).toMatchObject({ id: 1, error: expect.stringMatching(/read-only/) });
    expect(b.target.got.map((g) => g.kind)).toEqual(['login', 'joinRoom']);
  });

  it('bounds sends: a rate limit, the text length, and closes after too many refusals in a row', async () => {
    const b = bridgeWith({ limits: { sendBurst: 2, sendsPerSecond: 0.001, maxRefusedInARow: 5, maxTextChars: 10 } });
    b.bridge.message(JSON.stringify({ type: 'join', csrf: 'good-csrf', room: 'room-1' }));
    await b.until(() => b.of('joined').length === 1);
    const send = (id: number, text: string) =>
      b.bridge.message(JSON.stringify({ type: 'send', id, action: 'chat', text }));
    send(1, 'a'.repeat(11));
    send(2, 'one');
    send(3, 'two');
    send(4, 'three');
    await b.until(() => b.of('sent').length === 4);
    const byId = new Map(b.of('sent').map((s) => [s.id, s.error]));
    expect(byId.get(1)).toMatch(/a chat is 1 to 10 characters/);
    expect(byId.get(2)).toBeNull();
    expect(byId.get(3)).toBeNull();
    expect(byId.get(4)).toMatch(/slow down/);
    for (let i = 5; i < 9; i++) send(i, 'more');
    expect(b.bridge.ended).toBe(true);
    expect(b.of('closed')[0]!.reason).toBe('too many refused sends in a row');
  });

  it('shows at most eventsPerSecond of the room, counting the rest as skipped', async () => {
    const b = bridgeWith({ limits: { eventsPerSecond: 300, flushMs: 10 } }); // 3 a flush
    b.bridge.message(JSON.stringify({ type: 'join', csrf: 'good-csrf', room: 'room-1' }));
    await b.until(() => b.of('joined').length === 1);
    for (let i = 0; i < 10; i++) b.target.send('event', { room: 'room-1', origin_user: 9, chat: { text: `m${i}` } });
    await b.until(() => b.of('events').length > 0);
    const batch = b.of('events')[0]!;
    expect(batch.events.map((e) => e.fields['chat.text'])).toEqual(['m0', 'm1', 'm2']);
    expect(batch.skipped).toBe(7);
    b.bridge.end('done');
  });
});

describe('RoomPanels', () => {
  it('bounds panels in all and per sign-in, and refuses a protocol it cannot speak', () => {
    const plan = planOf(CHAT_SCENARIO);
    const panels = new RoomPanels({ ...ROOM_LIMITS, maxPanels: 3, maxPerSession: 2 });
    const browser = { send: () => {}, bufferedBytes: 0, close: () => {} };
    const o = { canSend: true, csrfOk: () => true, signedIn: () => true, allowTarget: () => true, browser };
    expect(panels.refusal('run-a', plan, 's1')).toBeNull();
    const a = panels.openPanel('run-a', plan, 's1', o);
    panels.openPanel('run-a', plan, 's1', o);
    expect(panels.refusal('run-a', plan, 's1')).toMatch(/2 join-the-room panels open, the limit per sign-in/);
    panels.openPanel('run-a', plan, 's2', o);
    expect(panels.refusal('run-a', plan, 's3')).toMatch(/the farm has 3 join-the-room panels open/);
    a.end('bye');
    expect(panels.size).toBe(2);
    panels.endRun('run-a', 'the run ended');
    expect(panels.size).toBe(0);
    const noRoom = { ...plan, protocol: { ...plan.protocol, room: undefined } };
    expect(panels.refusal('run-b', noRoom, 's1')).toMatch(/no room: section/);
  });
});
