import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioError, formatScenarioError, loadScenarioFile } from '@loadfleet/scenario';
import { describe, expect, it } from 'vitest';

const example = (name: string) =>
  relative(process.cwd(), fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url)));

describe('examples', () => {
  it('hello.yaml compiles', () => {
    const p = loadScenarioFile(example('hello.yaml'));
    expect(p.name).toBe('hello');
    expect(p.targets).toEqual([{ host: '127.0.0.1', port: 7000, weight: 1, transport: 'tcp', path: '', tls: null }]);
    expect(p.protocol.name).toBe('chat');
    expect(p.sessions.map((s) => s.steps.map((x) => x.kind))).toEqual([
      ['connect', 'send', 'send', 'loop', 'send', 'close'],
    ]);
  });

  it('chatroom.yaml compiles: two weighted sessions, a feeder, a transaction, thresholds', () => {
    const p = loadScenarioFile(example('chatroom.yaml'));
    expect(p.sessions.map((s) => [s.name, s.weight, s.heartbeatMs])).toEqual([
      ['viewer', 8, 5000],
      ['chatter', 2, 5000],
    ]);
    expect(p.load.model).toBe('open');
    if (p.load.model !== 'open') return;
    const total = p.load.phases.reduce((n, x) => n + x.durationMs, 0);
    expect(total).toBe(40_000);
    expect(Math.max(...p.load.phases.map((x) => x.toRate))).toBeLessThanOrEqual(100);
    expect(p.feeders[0]).toMatchObject({ name: 'accounts', columns: ['name', 'token'] });
    expect(p.feeders[0]!.rows.length).toBeGreaterThanOrEqual(200);
    expect(p.feeders[0]!.rows.some((r) => r[0]!.includes(','))).toBe(true);
    expect(p.transactions).toEqual(['gift-flow']);
    expect(p.thresholds.map((t) => t.metric.kind)).toContain('rate');
    const kinds = new Set<string>();
    const walk = (steps: (typeof p.sessions)[0]['steps']): void => {
      for (const s of steps) {
        if (s.kind === 'send') kinds.add(s.message);
        if (s.kind === 'loop' || s.kind === 'transaction') walk(s.steps);
        if (s.kind === 'choice') s.branches.forEach((b) => walk(b.steps));
      }
    };
    p.sessions.forEach((s) => walk(s.steps));
    expect([...kinds].sort()).toEqual(['beam', 'chat', 'gift', 'joinRoom', 'leave', 'like', 'login']);
  });

  it('broken.yaml fails with every deliberate mistake, each with its line and column', () => {
    const file = example('broken.yaml');
    let err: unknown;
    try {
      loadScenarioFile(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    const lines = formatScenarioError(err as ScenarioError).split('\n');
    expect(lines).toEqual([
      `${file}:11:13 load.phases[1].rate: expected a number ≥ 0 or {from, to}, got "fast"`,
      `${file}:12:30 load.phases[1].sessions.lurker: no session named "lurker"; sessions: viewer`,
      `${file}:13:17 load.phases[2].duration: expected a duration like 500ms, 5s, 2m, 1h (or a number of ms), got "soon"`,
      `${file}:14:13 load.phases[2].rate: expected a number from 0 to 1000000 (users/s), got -5`,
      `${file}:17:5 sessions[0].weigth: unknown field (did you mean weight?); expected one of: name, weight, heartbeat, reconnect, steps`,
      `${file}:21:42 sessions[0].steps[1].fields.password: Login has no field "password"; its fields: userId, token`,
      `${file}:22:55 sessions[0].steps[2].think.max: expected a duration ≥ min (3s), got 1s`,
      `${file}:24:38 sessions[0].steps[3].fields.text: variable "greeting" is never set in this session (set it with set: or extract:)`,
      `${file}:27:5 thresholds[0]: a latency needs a duration like 200ms or 1s, got "1%"`,
    ]);
  });

  it('a missing scenario file is a ScenarioError too', () => {
    expect(() => loadScenarioFile('examples/does-not-exist.yaml')).toThrow(ScenarioError);
  });
  it('regression.yaml compiles: a monitor endpoint, thresholds relative to the baseline and on a monitor series', () => {
    const p = loadScenarioFile(example('regression.yaml'));
    expect(p.monitor).toEqual([{ name: 'chat', url: 'http://127.0.0.1:7001/metrics' }]);
    expect(p.thresholds.map((t) => [t.metric.kind, t.baseline])).toEqual([
      ['latency', 1.1],
      ['throughput', 0.95],
      ['monitor', undefined],
    ]);
  });
});
