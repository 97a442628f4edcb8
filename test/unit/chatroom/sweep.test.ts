import { describe, expect, it } from 'vitest';
import { KickReason } from '@loadfleet/protocol';
import { makeCore, member } from './fakes.js';

describe('deadline sweep', () => {
  it('kicks a connection that has not logged in by the login timeout', () => {
    const env = makeCore({ loginTimeout: 1000 });
    const c = env.connect();
    env.clock.now += 999;
    env.core.sweep();
    expect(c.t.ended).toBe(false);
    env.clock.now += 1;
    env.core.sweep();
    expect(c.t.frames().at(-1)!.kick!.reason).toBe(KickReason.LOGIN_TIMEOUT);
    expect(c.t.ended).toBe(true);
    expect(env.core.stats().loginTimeouts).toBe(1);
  });

  it('kicks a silent logged-in connection; any frame (a heartbeat) keeps it alive', () => {
    const env = makeCore({ heartbeatTimeout: 2000 });
    const idle = member(env, 1);
    const busy = member(env, 2);
    for (let i = 0; i < 5; i++) {
      env.clock.now += 900;
      busy.send({ seq: 10 + i, heartbeat: {} });
      env.core.sweep();
    }
    expect(idle.t.frames().at(-1)!.kick!.reason).toBe(KickReason.HEARTBEAT_TIMEOUT);
    expect(busy.t.ended).toBe(false);
    env.core.closed(idle.s);
    expect(env.core.stats().connections.closed.heartbeatTimeout).toBe(1);
    expect(env.core.stats().heartbeatTimeouts).toBe(1);
  });

  it('destroys a kicked connection that does not close within the grace period', () => {
    const env = makeCore({ loginTimeout: 100, closeGrace: 500 });
    const c = env.connect();
    env.clock.now += 100;
    env.core.sweep();
    expect(c.t.ended).toBe(true);
    env.clock.now += 499;
    env.core.sweep();
    expect(c.t.destroyed).toBe(false);
    env.clock.now += 1;
    env.core.sweep();
    expect(c.t.destroyed).toBe(true);
    expect(env.core.stats().loginTimeouts).toBe(1);
  });

  it('shutdown kicks everyone with SERVER_SHUTDOWN and counts the closes', async () => {
    const env = makeCore();
    const a = member(env, 1);
    const b = env.connect();
    const done = env.core.shutdown(200);
    for (const c of [a, b]) {
      expect(c.t.frames().at(-1)!.kick!.reason).toBe(KickReason.SERVER_SHUTDOWN);
      env.core.closed(c.s);
    }
    await done;
    expect(env.core.stats().connections.closed.shutdown).toBe(2);
  });
});
