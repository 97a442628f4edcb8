import { describe, expect, it } from 'vitest';
import { bare, errorsOf, plan, stepsOf, withSteps } from './helpers.js';

const text = (s: string) => ({ parts: [{ kind: 'text', text: s }] });
const value = (s: string, as: string) => ({ kind: 'value', template: text(s), as });

describe('steps', () => {
  it('connect and close, bare and as mappings', () => {
    const steps = stepsOf(`
      - connect
      - connect:
      - connect: { target: 0 }
      - connect: { target: 127.0.0.1:7000 }
      - close
      - close:
    `);
    expect(steps.map(bare)).toEqual([
      { kind: 'connect', target: -1 },
      { kind: 'connect', target: -1 },
      { kind: 'connect', target: 0 },
      { kind: 'connect', target: 0 },
      { kind: 'close' },
      { kind: 'close' },
    ]);
    expect(steps[0]!.at).toEqual({ line: 7, path: 'sessions[0].steps[0]' });
    expect(steps[4]!.at).toEqual({ line: 11, path: 'sessions[0].steps[4]' });
  });

  it('send with fields, wait, timeout and extract', () => {
    const [, login, join, like] = stepsOf(`
      - connect
      - send: login
        fields: { userId: 7, token: abc }
      - send: joinRoom
        fields: { room: lobby }
        extract: { members: memberCount, when: serverTime }
      - send: like
        fields: { room: lobby, count: 2 }
        wait: false
        timeout: 2s
    `);
    // Fields and paths go by their .proto names, whichever spelling the scenario used.
    expect(bare(login!)).toEqual({
      kind: 'send',
      message: 'login',
      fields: { user_id: value('7', 'number'), token: value('abc', 'string') },
      wait: true,
      extract: {},
      timeoutMs: 10_000,
    });
    expect(bare(join!)).toMatchObject({
      message: 'joinRoom',
      extract: { members: 'member_count', when: 'server_time' },
    });
    expect(bare(like!)).toMatchObject({ message: 'like', wait: false, timeoutMs: 2000 });
  });

  it('send and expect take their default timeout from timeouts.request', () => {
    const text = withSteps(`
      - connect
      - send: heartbeat
      - expect: event
    `).replace('load:', 'timeouts: { request: 3s }\nload:');
    const steps = plan(text).sessions[0]!.steps;
    expect(steps.map((s) => ('timeoutMs' in s ? s.timeoutMs : null))).toEqual([null, 3000, 3000]);
  });

  it('every request kind with all of its fields, in either spelling', () => {
    const steps = stepsOf(`
      - connect
      - send: login
        fields: { user_id: 1, token: t }
      - send: join_room
        fields: { room: r }
      - send: leave
        fields: { room: r }
      - send: chat
        fields: { room: r, text: hi }
      - send: like
        fields: { room: r, count: 1 }
      - send: gift
        fields: { room: r, giftId: 1, count: 2, value: 3 }
      - send: beam
        fields: { room: r, beamId: 1, value: 2 }
      - send: heartbeat
    `);
    expect(steps.slice(1).map((s) => (s.kind === 'send' ? [s.message, Object.keys(s.fields)] : null))).toEqual([
      ['login', ['user_id', 'token']],
      ['joinRoom', ['room']],
      ['leave', ['room']],
      ['chat', ['room', 'text']],
      ['like', ['room', 'count']],
      ['gift', ['room', 'gift_id', 'count', 'value']],
      ['beam', ['room', 'beam_id', 'value']],
      ['heartbeat', []],
    ]);
  });

  it('expect: replies and events, conditions, extract paths, onTimeout', () => {
    const [, a, b, c, d, , e] = stepsOf(`
      - connect
      - expect: joined
        match: { room: lobby }
        extract: { n: memberCount }
      - expect: event.chat
        timeout: 10s
        match: { room: '{{n}}', text: { matches: '^h', notEquals: hello } }
        extract: { who: originUser, said: chat.text }
        onTimeout: continue
      - expect: event
        match: { likes.count: { gte: 3 }, origin_user: { exists: true } }
      - expect: event.join
        extract: { m: memberCount }
        onTimeout: error
      - send: heartbeat
      - expect: heartbeatAck
        onTimeout: retry
        retries: 2
    `);
    expect(bare(a!)).toEqual({
      kind: 'expect',
      message: 'joined',
      sub: null,
      timeoutMs: 10_000,
      match: [{ path: 'room', op: 'equals', value: text('lobby'), pattern: null }],
      extract: { n: 'member_count' },
      onTimeout: 'abort',
      retries: 3,
    });
    expect(bare(b!)).toEqual({
      kind: 'expect',
      message: 'event',
      sub: 'chat',
      timeoutMs: 10_000,
      match: [
        { path: 'room', op: 'equals', value: { parts: [{ kind: 'var', name: 'n' }] }, pattern: null },
        { path: 'chat.text', op: 'matches', value: null, pattern: '^h' },
        { path: 'chat.text', op: 'notEquals', value: text('hello'), pattern: null },
      ],
      extract: { who: 'origin_user', said: 'chat.text' },
      onTimeout: 'continue',
      retries: 3,
    });
    expect(bare(c!)).toMatchObject({
      message: 'event',
      sub: null,
      match: [
        { path: 'likes.count', op: 'gte', value: text('3') },
        { path: 'origin_user', op: 'exists' },
      ],
    });
    expect(bare(d!)).toMatchObject({
      message: 'event',
      sub: 'join',
      extract: { m: 'join.member_count' },
      onTimeout: 'error',
    });
    expect(bare(e!)).toMatchObject({ message: 'heartbeatAck', onTimeout: 'retry', retries: 2 });
  });

  it('if on variables, with then and else; rendezvous', () => {
    const [, , branch, meet] = stepsOf(`
      - connect
      - send: joinRoom
        fields: { room: r }
        extract: { n: memberCount }
      - if: { n: { gt: 10 } }
        then: [{ send: chat, fields: { room: r, text: crowded } }]
        else: [close]
      - rendezvous: { name: all-in, users: 50, timeout: 30s }
    `);
    expect(bare(branch!)).toMatchObject({
      kind: 'if',
      conditions: [{ path: 'n', op: 'gt', value: text('10') }],
      then: [{ kind: 'send', message: 'chat' }],
      else: [{ kind: 'close' }],
    });
    expect(bare(meet!)).toEqual({ kind: 'rendezvous', name: 'all-in', users: 50, timeoutMs: 30_000 });
  });

  it('think: constant, uniform, exponential, normal, with defaults', () => {
    const steps = stepsOf(`
      - think: 2s
      - think: 1500
      - think: { distribution: constant, value: 1m30s }
      - think: { distribution: uniform, min: 1s, max: 3s }
      - think: { distribution: exponential, mean: 2s, min: 100ms, max: 20s }
      - think: { distribution: exponential, mean: 2s }
      - think: { distribution: normal, mean: 2s, stddev: 500ms, min: 0, max: 5s }
      - think: { distribution: normal, mean: 2s, stddev: 500ms }
    `);
    expect(steps.map((s) => (s.kind === 'think' ? s.time : null))).toEqual([
      { kind: 'constant', ms: 2000 },
      { kind: 'constant', ms: 1500 },
      { kind: 'constant', ms: 90_000 },
      { kind: 'uniform', minMs: 1000, maxMs: 3000 },
      { kind: 'exponential', meanMs: 2000, minMs: 100, maxMs: 20_000 },
      { kind: 'exponential', meanMs: 2000, minMs: 0, maxMs: 20_000 },
      { kind: 'normal', meanMs: 2000, stddevMs: 500, minMs: 0, maxMs: 5000 },
      { kind: 'normal', meanMs: 2000, stddevMs: 500, minMs: 0, maxMs: 4500 },
    ]);
  });

  it('loop by count, by duration, or both', () => {
    const steps = stepsOf(`
      - loop: { count: 10, steps: [think: 1s] }
      - loop: { duration: 60s, steps: [think: 1s] }
      - loop:
          count: 3
          duration: 1m
          steps:
            - think: 1s
    `);
    expect(steps.map(bare)).toEqual([
      { kind: 'loop', count: 10, durationMs: 0, steps: [{ kind: 'think', time: { kind: 'constant', ms: 1000 } }] },
      { kind: 'loop', count: 0, durationMs: 60_000, steps: [{ kind: 'think', time: { kind: 'constant', ms: 1000 } }] },
      { kind: 'loop', count: 3, durationMs: 60_000, steps: [{ kind: 'think', time: { kind: 'constant', ms: 1000 } }] },
    ]);
    expect(steps[2]!.kind === 'loop' && steps[2]!.steps[0]!.at).toEqual({
      line: 13,
      path: 'sessions[0].steps[2].loop.steps[0]',
    });
  });

  it('choice with weights (default 1) and empty branches', () => {
    const [step] = stepsOf(`
      - choice:
          - { weight: 5, steps: [think: 1s] }
          - { steps: [] }
    `);
    expect(bare(step!)).toEqual({
      kind: 'choice',
      branches: [
        { weight: 5, steps: [{ kind: 'think', time: { kind: 'constant', ms: 1000 } }] },
        { weight: 1, steps: [] },
      ],
    });
  });

  it('transactions are indexed across sessions, by name', () => {
    const p = withSteps(`
      - transaction: { name: a, steps: [think: 1s] }
      - transaction: { name: b, steps: [think: 1s] }
      - transaction: { name: a, steps: [think: 2s] }
    `);
    const steps = stepsOf(`
      - transaction: { name: a, steps: [think: 1s] }
      - transaction: { name: b, steps: [think: 1s] }
      - transaction: { name: a, steps: [think: 2s] }
    `);
    expect(steps.map((s) => (s.kind === 'transaction' ? [s.name, s.index] : null))).toEqual([
      ['a', 0],
      ['b', 1],
      ['a', 0],
    ]);
    expect(p).toContain('transaction');
  });

  it('set variables from templates', () => {
    const [step] = stepsOf(`
      - set: { room: 'room-{{random.int(1, 20)}}', n: 3 }
    `);
    expect(bare(step!)).toEqual({
      kind: 'set',
      vars: {
        room: {
          parts: [
            { kind: 'text', text: 'room-' },
            { kind: 'randomInt', min: 1, max: 20 },
          ],
        },
        n: text('3'),
      },
    });
  });
});

describe('step errors', () => {
  it('names the step, the field and what was expected', () => {
    expect(
      errorsOf(
        withSteps(`
          - connect
          - send: lgin
          - send: chat
            fields: { room: r, txt: hi }
            wait: maybe
          - expect: event.gift
            extract: { x: text }
            onTimeout: ignore
          - think: { distribution: gamma, mean: 1s }
          - loop: { steps: [connect] }
          - choice: []
          - transaction: { name: 'a b', steps: [connect] }
          - set: { user: 1 }
          - dance
          - { send: heartbeat, think: 1s }
          - { connect: { target: 3 } }
          - { send: like, fields: { room: r, count: many } }
        `),
      ),
    ).toEqual([
      '8:15 sessions[0].steps[1].send: protocol chat has no message "lgin" (did you mean login?); the messages a client sends: login, joinRoom, leave, chat, like, gift, beam, heartbeat',
      '10:28 sessions[0].steps[2].fields.txt: ChatMessage has no field "txt" (did you mean text?); its fields: room, text',
      '11:15 sessions[0].steps[2].wait: expected true or false, got "maybe"',
      '13:23 sessions[0].steps[3].extract.x: RoomEvent has no field "text"; its fields: room, originUser, originSentAt, chat, likes, gift, beam, join, leave',
      '14:20 sessions[0].steps[3].onTimeout: expected one of continue, error, abort, retry, got "ignore"',
      '15:32 sessions[0].steps[4].think.distribution: expected one of constant, uniform, exponential, normal, got "gamma"',
      '16:15 sessions[0].steps[5].loop: a loop needs count, duration, or both',
      '17:17 sessions[0].steps[6].choice: expected a list of {weight, steps}, got an empty list',
      '18:30 sessions[0].steps[7].transaction.name: expected a name of letters, digits, _, . and - (at most 100), got "a b"',
      '19:16 sessions[0].steps[8].set.user: "user" is reserved; choose another variable name',
      '20:9 sessions[0].steps[9]: expected a step: connect, close, or a mapping with one of connect, send, expect, think, loop, choice, transaction, set, if, rendezvous, close, got "dance"',
      '21:9 sessions[0].steps[10]: a step has exactly one of connect, send, expect, think, loop, choice, transaction, set, if, rendezvous, close; got send and think',
      "22:30 sessions[0].steps[11].connect.target: expected a target index from 0 to 0 or one of the targets' addresses, got 3",
      '23:49 sessions[0].steps[12].fields.count: expected an integer from 0 to 4294967295, got "many"',
    ]);
  });

  it('refuses a send or expect with no open connection', () => {
    expect(
      errorsOf(
        withSteps(`
          - send: heartbeat
          - connect
          - close
          - expect: ack
          - choice:
              - { steps: [connect] }
              - { steps: [] }
          - send: heartbeat
          - close
          - loop: { count: 2, steps: [connect, { send: heartbeat }, close] }
          - send: heartbeat
        `),
      ),
    ).toEqual([
      '7:9 sessions[0].steps[0]: send with no open connection: add a connect step before it',
      '10:9 sessions[0].steps[3]: expect with no open connection: add a connect step before it',
      '17:9 sessions[0].steps[8]: send with no open connection: add a connect step before it',
    ]);
  });

  it('refuses bad distributions', () => {
    expect(
      errorsOf(
        withSteps(`
          - think: -1s
          - think: 8d
          - think: { distribution: uniform, min: 3s, max: 1s }
          - think: { distribution: exponential, mean: 0 }
          - think: { distribution: normal, mean: 1s }
          - think: { distribution: uniform, min: 1s, max: 2s, mean: 1s }
          - think: { min: 1s }
        `),
      ),
    ).toEqual([
      '7:16 sessions[0].steps[0].think: expected a duration like 500ms, 5s, 2m, 1h (or a number of ms), got "-1s"',
      '8:16 sessions[0].steps[1].think: expected a duration ≥ 0 and ≤ 7d, got "8d"',
      '9:55 sessions[0].steps[2].think.max: expected a duration ≥ min (3s), got 1s',
      '10:51 sessions[0].steps[3].think.mean: expected a duration > 0 and ≤ 7d, got 0',
      '11:16 sessions[0].steps[4].think.stddev: missing required field (expected a duration)',
      '12:59 sessions[0].steps[5].think.mean: unknown field; expected one of: distribution, min, max',
      '13:16 sessions[0].steps[6].think.distribution: missing required field (expected one of constant, uniform, exponential, normal)',
    ]);
  });

  it('refuses absurd loops', () => {
    expect(
      errorsOf(
        withSteps(`
          - loop: { count: 2000000000, steps: [think: 1s] }
          - loop: { count: 0, steps: [think: 1s] }
          - loop: { count: 1, steps: [] }
        `),
      ),
    ).toEqual([
      '7:24 sessions[0].steps[0].loop.count: expected an integer from 1 to 1000000000, got 2000000000',
      '8:24 sessions[0].steps[1].loop.count: expected an integer from 1 to 1000000000, got 0',
      '9:34 sessions[0].steps[2].loop.steps: expected a list of steps, got an empty list',
    ]);
  });
});

describe('session sanity checks', () => {
  it('refuses extract without waiting for the reply, and a heartbeat too tight to be real', () => {
    const text = withSteps(`
      - connect
      - send: joinRoom
        fields: { room: r }
        extract: { n: memberCount }
        wait: false
    `).replace('  - name: s\n', '  - name: s\n    heartbeat: 10ms\n');
    expect(errorsOf(text)).toEqual([
      '6:16 sessions[0].heartbeat: expected 0 (none) or a duration ≥ 100ms, got "10ms"',
      '12:15 sessions[0].steps[1].wait: extract needs the reply: use wait: true (the default)',
    ]);
  });
});
