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

  it('on a mismatch, continues or aborts as the step says', async () => {
    target = await startFakeTarget((env, conn) => {
      standardReply(env, conn);
      if (env.body === 'joinRoom') conn.send({ event: { room: 'r', chat: { text: 'other' } } });
    });
    const steps = (onMismatch: string) => `
      - connect
      - send: joinRoom
        fields: { room: r }
        wait: false
      - expect: event.chat
        match: { text: hi }
        onMismatch: ${onMismatch}
      - send: heartbeat
      - close`;
    const cont = await runOne(steps('continue'));
    expect(errors(cont).expect_mismatch).toBe(1);
    expect(cont.totals.users.finished).toBe(1);
    expect(cont.totals.messages.out.heartbeat).toBe(1);
    const abort = await runOne(steps('abort'));
    expect(errors(abort).expect_mismatch).toBe(1);
    expect(abort.totals.users.failed).toBe(1);
    expect(abort.totals.messages.out.heartbeat ?? 0).toBe(0);
  });

  it('counts request and expect timeouts and goes on', async () => {
    target = await startFakeTarget((env, conn) => {
      if (env.body !== 'heartbeat') standardReply(env, conn);
    });
    const r = await runOne(`
      - connect
      - send: heartbeat
      - expect: kick
        timeout: 200ms
        onMismatch: continue
      - send: login
        fields: { userId: 1, token: t }
      - close`);
    expect(errors(r).request_timeout).toBe(1);
    expect(errors(r).expect_timeout).toBe(1);
    expect(r.totals.users.finished).toBe(1);
    expect(r.totals.users.loggedIn).toBe(1);
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
