import { describe, expect, it } from 'vitest';
import { HEAD, SESSION, errorsOf, plan, yaml } from './helpers.js';

const TWO_SESSIONS = 'sessions: [{ name: a, steps: [connect] }, { name: b, weight: 3, steps: [connect] }]\n';

describe('open load', () => {
  it('compiles phases: constant rates, ramps, names, per-phase mix and defaults', () => {
    const p = plan(
      HEAD +
        TWO_SESSIONS +
        yaml`
          load:
            maxUsers: 5000
            phases:
              - name: warm-up
                duration: 20s
                rate: 10
              - duration: 30s
                rate: { from: 10, to: 100 }
                sessions: { b: 2 }
              - duration: 1500
                rate: 0.5
        `,
    );
    expect(p.load).toEqual({
      model: 'open',
      arrivals: 'uniform',
      maxUsers: 5000,
      phases: [
        { name: 'warm-up', durationMs: 20_000, fromRate: 10, toRate: 10, sessionWeights: null },
        { name: 'phase 2', durationMs: 30_000, fromRate: 10, toRate: 100, sessionWeights: [0, 2] },
        { name: 'phase 3', durationMs: 1500, fromRate: 0.5, toRate: 0.5, sessionWeights: null },
      ],
    });
    expect(p.sessions.map((s) => [s.name, s.weight])).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
  });

  it('takes poisson arrivals', () => {
    const p = plan(HEAD + SESSION + 'load: { model: open, arrivals: poisson, phases: [{ duration: 1s, rate: 1 }] }\n');
    expect(p.load).toMatchObject({ model: 'open', arrivals: 'poisson', maxUsers: 0 });
  });

  it('refuses bad phases, absurd values and unknown sessions in a mix', () => {
    const text =
      HEAD +
      TWO_SESSIONS +
      yaml`
        load:
          arrivals: bursty
          maxUsers: 20000000
          phases:
            - duration: 0s
              rate: 2000000
            - duration: 8d
              rate: { from: -1 }
            - rate: 1
              sessions: { a: 0, c: 1 }
            - duration: 1s
              rate: 1
              users: 10
      `;
    expect(errorsOf(text)).toEqual([
      '5:13 load.arrivals: expected one of uniform, poisson, got "bursty"',
      '6:13 load.maxUsers: expected an integer from 0 to 10000000, got 20000000',
      '8:17 load.phases[0].duration: expected a duration > 0 and ≤ 7d, got "0s"',
      '9:13 load.phases[0].rate: expected a number from 0 to 1000000 (users/s), got 2000000',
      '10:17 load.phases[1].duration: expected a duration > 0 and ≤ 7d, got "8d"',
      '11:13 load.phases[1].rate.to: missing required field (expected a number ≥ 0)',
      '11:21 load.phases[1].rate.from: expected a number from 0 to 1000000 (users/s), got -1',
      '12:7 load.phases[2].duration: missing required field (expected a duration > 0)',
      '13:22 load.phases[2].sessions.a: expected a number > 0 and ≤ 1000000, got 0',
      '13:25 load.phases[2].sessions.c: no session named "c"; sessions: a, b',
      '16:7 load.phases[3].users: unknown field; expected one of: name, duration, rate, sessions',
    ]);
  });

  it('refuses a missing or empty phase list, and more than 7 days in all', () => {
    expect(errorsOf(HEAD + SESSION + 'load: { phases: [] }\n')).toEqual([
      '4:17 load.phases: expected a list of phases {duration, rate}, got an empty list',
    ]);
    expect(errorsOf(HEAD + SESSION + 'load: {}\n')).toEqual([
      '4:7 load.phases: missing required field (expected a list of phases {duration, rate})',
    ]);
    expect(
      errorsOf(HEAD + SESSION + 'load: { phases: [{ duration: 4d, rate: 1 }, { duration: 4d, rate: 1 }] }\n'),
    ).toEqual(['4:17 load.phases: the phases last 8d in all; the limit is 7d']);
  });
});

describe('closed load', () => {
  it('compiles users, ramps and hold', () => {
    const p = plan(
      HEAD + SESSION + 'load: { model: closed, users: 1000, rampUp: 30s, hold: 2m, rampDown: 10s, maxUsers: 1200 }\n',
    );
    expect(p.load).toEqual({
      model: 'closed',
      users: 1000,
      rampUpMs: 30_000,
      holdMs: 120_000,
      rampDownMs: 10_000,
      maxUsers: 1200,
    });
  });

  it('has defaults for the ramps and the cap', () => {
    const p = plan(HEAD + SESSION + 'load: { model: closed, users: 10, hold: 1m }\n');
    expect(p.load).toEqual({ model: 'closed', users: 10, rampUpMs: 0, holdMs: 60_000, rampDownMs: 0, maxUsers: 0 });
  });

  it('refuses open-model fields and absurd users', () => {
    expect(
      errorsOf(HEAD + SESSION + 'load: { model: closed, users: 20000000, phases: [], arrivals: poisson }\n'),
    ).toEqual(
      [
        '4:31 load.users: expected an integer from 1 to 10000000, got 20000000',
        '4:41 load.phases: unknown field; expected one of: model, users, rampUp, hold, rampDown, maxUsers',
        '4:53 load.arrivals: unknown field; expected one of: model, users, rampUp, hold, rampDown, maxUsers',
        '4:7 load.hold: missing required field (expected a duration > 0)',
      ].sort(byPosition),
    );
    expect(errorsOf(HEAD + SESSION + 'load: { model: closed, users: 10, hold: 1m, maxUsers: 5 }\n')).toEqual([
      '4:55 load.maxUsers: expected 0 (no cap) or at least users (10), got 5',
    ]);
    expect(errorsOf(HEAD + SESSION + 'load: { model: shut }\n')).toEqual([
      '4:16 load.model: expected one of open, closed, got "shut"',
    ]);
  });
});

function byPosition(a: string, b: string): number {
  const [la, ca] = a.split(' ')[0]!.split(':').map(Number);
  const [lb, cb] = b.split(' ')[0]!.split(':').map(Number);
  return la! - lb! || ca! - cb!;
}
