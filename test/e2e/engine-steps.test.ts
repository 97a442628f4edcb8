import { afterEach, describe, expect, it } from 'vitest';
import { LocalRunner } from '@loadfleet/runner';
import { parseScenario } from '@loadfleet/scenario';
import type { Report } from '@loadfleet/report';
import { standardReply, startFakeTarget, type FakeTarget } from '../helpers/fake-target.js';

let target: FakeTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

/** One user (a 1 s phase at 1 user/s) running `steps` against the fake target. */
async function runOne(steps: string, extra = ''): Promise<Report> {
  const plan = parseScenario(`name: steps
target: 127.0.0.1:${target!.port}
timeouts: { connect: 2s, request: 500ms }
load:
  phases:
    - { duration: 1s, rate: 1 }
${extra}
sessions:
  - name: s
    steps:
${steps}`);
  return new LocalRunner(plan, { seed: 1, gracefulStopMs: 10_000 }).run();
}

const errors = (r: Report) => r.totals.errors.byKind;

describe('virtual user steps against a scripted target', () => {
  it('extracts a reply field, expects a matching event, and uses the variable later', async () => {
    target = await startFakeTarget((env, conn) => {
      if (env.body === 'joinRoom') {
        conn.send({ seq: env.seq, joined: { room: 'r', memberCount: 42 } });
        conn.send({ event: { room: 'r', originUser: 7, originSentAt: Date.now(), chat: { text: 'hi' } } });
        return;
      }
      standardReply(env, conn);
    });
    const r = await runOne(`
      - connect
      - send: joinRoom
        fields: { room: r }
        extract: { members: memberCount }
      - expect: event.chat
        match: { text: hi, originUser: 7 }
        extract: { who: originUser }
      - send: chat
        fields: { room: r, text: '{{members}}/{{who}}' }
      - close`);
    expect(r.totals.users.finished).toBe(1);
    expect(errors(r)).toEqual({});
    const chat = target.received.find((e) => e.body === 'chat');
    expect(chat?.chat?.text).toBe('42/7');
    expect(r.totals.messages.events.chat).toBe(1);
    expect(r.latency.find((l) => l.name === 'delivery.chat')?.count).toBe(1);
  });

  it('an expect waits for the first message that meets its conditions, skipping the others', async () => {
    target = await startFakeTarget((env, conn) => {
      standardReply(env, conn);
      if (env.body !== 'joinRoom') return;
      conn.send({ event: { room: 'r', originUser: 1, chat: { text: 'other' } } });
      conn.send({ event: { room: 'r', originUser: 2, likes: { count: 9, senders: 1 } } });
      conn.send({ event: { room: 'r', originUser: 3, chat: { text: 'hi there' } } });
    });
    const r = await runOne(`
      - connect
      - send: joinRoom
        fields: { room: r }
        wait: false
      - expect: event.chat
        match: { text: { matches: '^hi' }, origin_user: { gte: 2 } }
        extract: { who: originUser }
      - send: chat
        fields: { room: r, text: 'from {{who}}' }
      - close`);
    expect(errors(r)).toEqual({});
    expect(r.totals.users.finished).toBe(1);
    expect(target.received.find((e) => e.body === 'chat')?.chat?.text).toBe('from 3');
  });

  it('on timeout, an expect goes on, counts an error, ends the user or sends again, as its step says', async () => {
    let heartbeats = 0;
    target = await startFakeTarget((env, conn) => {
      standardReply(env, conn);
      if (env.body === 'heartbeat') heartbeats++;
    });
    const steps = (onTimeout: string) => `
      - connect
      - send: heartbeat
      - expect: event.gift
        timeout: 150ms
        onTimeout: ${onTimeout}${onTimeout === 'retry' ? '\n        retries: 2' : ''}
      - send: chat
        fields: { room: r, text: after }
      - close`;
    const quiet = await runOne(steps('continue'));
    expect(errors(quiet)).toEqual({});
    expect(quiet.totals.messages.out.chat).toBe(1);
    const counted = await runOne(steps('error'));
    expect(errors(counted).expect_timeout).toBe(1);
    expect(counted.totals.users.finished).toBe(1);
    const ended = await runOne(steps('abort'));
    expect(errors(ended).expect_timeout).toBe(1);
    expect(ended.totals.users.failed).toBe(1);
    expect(ended.totals.messages.out.chat ?? 0).toBe(0);
    heartbeats = 0;
    const retried = await runOne(steps('retry'));
    expect(heartbeats).toBe(3);
    expect(errors(retried).expect_timeout).toBe(1);
    expect(retried.totals.users.failed).toBe(1);
  });

  it('counts request timeouts and goes on; counts requests still unanswered when the user closes', async () => {
    target = await startFakeTarget((env, conn) => {
      if (env.body !== 'heartbeat' && env.body !== 'like') standardReply(env, conn);
    });
    const r = await runOne(`
      - connect
      - send: heartbeat
      - send: like
        fields: { room: r, count: 1 }
        wait: false
      - send: login
        fields: { userId: 1, token: t }
      - close`);
    expect(errors(r).request_timeout).toBe(1);
    expect(r.totals.users.finished).toBe(1);
    expect(r.totals.users.loggedIn).toBe(1);
    expect(r.totals.counters['requests.unansweredAtClose']).toBe(1);
    // Kind by kind: sent = answered + timed out + unanswered at close.
    expect(r.totals.requests).toEqual({
      heartbeat: { sent: 1, answered: 0, timedOut: 1, unansweredAtClose: 0, unaccounted: 0 },
      like: { sent: 1, answered: 0, timedOut: 0, unansweredAtClose: 1, unaccounted: 0 },
      login: { sent: 1, answered: 1, timedOut: 0, unansweredAtClose: 0, unaccounted: 0 },
    });
  });

  it('a target that closes with requests in flight: each kind balances, and the server saw at most what was sent', async () => {
    // Answers the login, then closes the connection on the first chat: the join and the likes sent
    // before it are read and never answered.
    target = await startFakeTarget((env, conn) => {
      if (env.body === 'login') return standardReply(env, conn);
      if (env.body === 'chat') conn.socket.end();
    });
    const r = await runOne(`
      - connect
      - send: login
        fields: { userId: 1, token: t }
      - send: joinRoom
        fields: { room: r }
        wait: false
      - send: like
        fields: { room: r, count: 1 }
        wait: false
      - send: chat
        fields: { room: r, text: bye }
      - think: 200ms
      - send: like
        fields: { room: r, count: 1 }
      - close`);
    const q = r.totals.requests;
    for (const [kind, o] of Object.entries(q)) {
      expect({ kind, sent: o.sent }).toEqual({ kind, sent: o.answered + o.timedOut + o.unansweredAtClose });
      expect(o.unaccounted).toBe(0);
    }
    expect(q.login).toMatchObject({ sent: 1, answered: 1 });
    expect(q.joinRoom).toMatchObject({ sent: 1, unansweredAtClose: 1 });
    expect(q.chat).toMatchObject({ sent: 1, unansweredAtClose: 1 });
    // The like after the close was never written: the user had already failed on the close.
    expect(q.like).toMatchObject({ sent: 1, unansweredAtClose: 1 });
    expect(r.totals.users.failed).toBe(1);
    const received = (kind: string) => target!.received.filter((e) => e.body === kind).length;
    for (const kind of ['login', 'joinRoom', 'like', 'chat']) {
      expect(received(kind)).toBeGreaterThanOrEqual(q[kind]!.answered);
      expect(received(kind)).toBeLessThanOrEqual(q[kind]!.sent);
    }
  });

  it('branches with if on a variable, and holds users at a rendezvous until all arrive', async () => {
    target = await startFakeTarget((env, conn) => {
      if (env.body === 'joinRoom') return conn.send({ seq: env.seq, joined: { room: 'r', memberCount: env.seq } });
      standardReply(env, conn);
    });
    const plan = parseScenario(`name: meet
target: 127.0.0.1:${target.port}
load: { phases: [ { duration: 1s, rate: 3 } ] }
sessions:
  - name: s
    steps:
      - connect
      - send: joinRoom
        fields: { room: r }
        extract: { n: memberCount }
      - if: { n: { gt: 0 } }
        then: [{ send: chat, fields: { room: r, text: big } }]
        else: [{ send: chat, fields: { room: r, text: small } }]
      - rendezvous: { name: all, users: 3, timeout: 5s }
      - send: chat
        fields: { room: r, text: 'together {{now}}' }
      - close`);
    const r = await new LocalRunner(plan, { seed: 1 }).run();
    expect(errors(r)).toEqual({});
    expect(r.totals.users.finished).toBe(3);
    const chats = target.received.filter((e) => e.body === 'chat').map((e) => e.chat!.text!);
    expect(chats.filter((t) => t === 'big')).toHaveLength(3);
    // No "together" before the last user's "big": the rendezvous held the first two.
    const lastBig = chats.lastIndexOf('big');
    expect(chats.slice(0, lastBig).some((t) => t.startsWith('together'))).toBe(false);
    expect(chats.filter((t) => t.startsWith('together'))).toHaveLength(3);
  });

  it('counts a malformed frame from the target and closes only that connection', async () => {
    let n = 0;
    target = await startFakeTarget((env, conn) => {
      // The first connection gets garbage instead of its loginAck; the others are served.
      if (env.body === 'login' && n++ === 0) return conn.raw(Uint8Array.from([0x05, 0xff, 0xff, 0xff, 0xff, 0xff]));
      standardReply(env, conn);
    });
    const plan = parseScenario(`name: garbage
target: 127.0.0.1:${target.port}
load: { phases: [ { duration: 1s, rate: 3 } ] }
sessions:
  - name: s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - think: 200ms
      - close`);
    const r = await new LocalRunner(plan, { seed: 1 }).run();
    expect(errors(r).protocol).toBe(1);
    expect(r.totals.users.failed).toBe(1);
    expect(r.totals.users.finished).toBe(2);
  });

  it('runs loops by count and by duration, weighted choices and transactions', async () => {
    target = await startFakeTarget();
    const r = await runOne(`
      - connect
      - loop:
          count: 5
          steps:
            - choice:
                - { weight: 1, steps: [ { send: like, fields: { room: r, count: 1 } } ] }
                - { weight: 1, steps: [ { send: heartbeat } ] }
      - transaction:
          name: timed
          steps:
            - loop:
                duration: 300ms
                steps:
                  - send: chat
                    fields: { room: r, text: x }
                  - think: 50ms
      - close`);
    const out = r.totals.messages.out;
    expect((out.like ?? 0) + (out.heartbeat ?? 0)).toBe(5);
    expect(out.chat).toBeGreaterThanOrEqual(4);
    expect(out.chat).toBeLessThanOrEqual(8);
    const tx = r.latency.find((l) => l.name === 'transaction.timed');
    expect(tx?.count).toBe(1);
    expect(tx!.min).toBeGreaterThanOrEqual(300);
  });

  it('gives each user its own row of a unique feeder, and fails users past the last row', async () => {
    target = await startFakeTarget();
    const plan = parseScenario(`name: feeder
target: 127.0.0.1:${target.port}
load: { phases: [ { duration: 1s, rate: 4 } ] }
feeders:
  accounts: { csv: "name,token\\nann,t1\\nbob,t2\\ncy,t3\\ndee,t4\\n", order: unique }
sessions:
  - name: s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: '{{feeder.accounts.token}}' }
      - close`);
    // Validation refuses a feeder that is too short for the schedule; a closed model or
    // Poisson arrivals can still run past it, so shorten it behind the validator's back.
    plan.feeders[0]!.rows.length = 2;
    const r = await new LocalRunner(plan, { seed: 1 }).run();
    const tokens = target.received.filter((e) => e.body === 'login').map((e) => e.login!.token);
    expect(tokens.sort()).toEqual(['t1', 't2']);
    expect(errors(r).feeder_exhausted).toBe(2);
    expect(r.totals.users.failed).toBe(2);
  });

  it('sends background heartbeats while a user thinks', async () => {
    target = await startFakeTarget();
    const plan = parseScenario(`name: hb
target: 127.0.0.1:${target.port}
load: { phases: [ { duration: 1s, rate: 1 } ] }
sessions:
  - name: s
    heartbeat: 100ms
    steps:
      - connect
      - think: 1050ms
      - close`);
    const r = await new LocalRunner(plan, { seed: 1 }).run();
    expect(r.totals.messages.out.heartbeat).toBe(10);
    expect(r.totals.messages.in.heartbeatAck).toBe(10);
    expect(errors(r)).toEqual({});
  });
});
