// The engine admits a user only while the sockets it holds leave room: users that
// ended keep their file descriptor until their socket has closed (docs/BENCHMARKS.md,
// "Arrivals from one process": EMFILE under a close backlog).
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '@loadfleet/engine';
import { parseScenario } from '@loadfleet/scenario';
import { StatsRecorder } from '@loadfleet/stats';

// Users that only think: admitted, they stay alive without touching the network.
const plan = (maxUsers: number) =>
  parseScenario(
    `name: t\ntarget: 127.0.0.1:9\nload: { maxUsers: ${maxUsers}, phases: [{ duration: 1s, rate: 1 }] }\n` +
      'sessions:\n  - name: s\n    steps: [{ think: 1h }]\n',
  );

const arrival = (userId: number) => ({ userId, intendedAt: Date.now(), session: 0 });

describe('Engine capacity', () => {
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.stop(0, 0);
    engine = null;
  });

  it('counts sockets still closing against maxUsers, not only users alive', () => {
    engine = new Engine({ plan: plan(3), recorder: new StatsRecorder() });
    engine.admit(arrival(1));
    expect(engine.activeUsers).toBe(1);
    // Two users that ended, their sockets still closing (plus the live user's own connection).
    engine.socketOpened();
    engine.socketOpened();
    engine.socketOpened();
    expect(engine.usersHeld).toBe(3);
    engine.admit(arrival(2));
    expect(engine.activeUsers).toBe(1);
    // One closing socket is gone: room for one more user.
    engine.socketClosed();
    engine.admit(arrival(3));
    expect(engine.activeUsers).toBe(2);
    // The new user connects: its socket, the first user's and the one still closing fill the three.
    engine.socketOpened();
    engine.admit(arrival(4));
    expect(engine.activeUsers).toBe(2);
  });

  it('counts sockets still closing against the worker capacity too', () => {
    engine = new Engine({ plan: plan(0), recorder: new StatsRecorder(), capacity: 2 });
    engine.socketOpened();
    engine.socketOpened();
    engine.admit(arrival(1));
    expect(engine.activeUsers).toBe(0);
    engine.socketClosed();
    engine.admit(arrival(2));
    expect(engine.activeUsers).toBe(1);
  });
});
