import { describe, expect, it } from 'vitest';
import { ConfigError, parseDuration as settingMs } from '@loadfleet/config';
import { parseScenario, parseDuration as scenarioMs } from '@loadfleet/scenario';

describe('one duration grammar for settings and scenarios', () => {
  const texts = ['1m30s', '500ms', '5s', '2m', '1h', '1d', '1.5s', '1h2m3s4ms', '250'];

  it('a flag and a scenario read the same text as the same time', () => {
    for (const t of texts) expect(settingMs(t), t).toBe(scenarioMs(t));
    expect(settingMs('1m30s')).toBe(90_000);
    const plan = parseScenario(
      'name: d\ntarget: 127.0.0.1:9\nload: { phases: [{ duration: 1m30s, rate: 1 }] }\nsessions:\n  - name: s\n    steps: [connect, { think: 1m30s }, close]\n',
    );
    expect(plan.load.model === 'open' && plan.load.phases[0]!.durationMs).toBe(90_000);
  });

  it('both refuse what is not a duration', () => {
    for (const t of ['5 s', 'x', '-5s', '1m30', '']) {
      expect(scenarioMs(t), t).toBeUndefined();
      expect(() => settingMs(t), t).toThrow(ConfigError);
    }
  });
});
