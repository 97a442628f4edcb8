import { ScenarioError, formatIssue, formatScenarioError, parseScenario } from '@loadfleet/scenario';
import { describe, expect, it } from 'vitest';
import { HEAD, SESSION } from './helpers.js';

describe('ScenarioError', () => {
  it('carries a stable code, every issue in source order, and a message listing them all', () => {
    const text =
      HEAD + SESSION + 'load:\n  phases:\n    - { duration: 1s, rate: -1 }\n    - { duration: x, rate: 1 }\nbogus: 1\n';
    let err: ScenarioError | undefined;
    try {
      parseScenario(text, { file: 'examples/s.yaml' });
    } catch (e) {
      err = e as ScenarioError;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err).toBeInstanceOf(Error);
    expect(err!.name).toBe('ScenarioError');
    expect(err!.code).toBe('LF_ERR_SCENARIO');
    expect(err!.issues).toEqual([
      {
        file: 'examples/s.yaml',
        line: 6,
        col: 29,
        path: 'load.phases[0].rate',
        message: 'expected a number from 0 to 1000000 (users/s), got -1',
      },
      {
        file: 'examples/s.yaml',
        line: 7,
        col: 19,
        path: 'load.phases[1].duration',
        message: 'expected a duration like 500ms, 5s, 2m, 1h (or a number of ms), got "x"',
      },
      {
        file: 'examples/s.yaml',
        line: 8,
        col: 1,
        path: 'bogus',
        message:
          'unknown field; expected one of: name, protocol, target, targets, sourceAddresses, timeouts, maxFrameBytes, load, feeders, sessions, thresholds, monitor',
      },
    ]);
    expect(err!.message).toBe(`invalid scenario (3 errors):\n${formatScenarioError(err!)}`);
    expect(formatScenarioError(err!).split('\n')[0]).toBe(
      'examples/s.yaml:6:29 load.phases[0].rate: expected a number from 0 to 1000000 (users/s), got -1',
    );
  });

  it('formats issues without a path (syntax errors) as file:line:col message', () => {
    expect(formatIssue({ file: 'a.yaml', line: 2, col: 3, path: '', message: 'YAML: bad' })).toBe(
      'a.yaml:2:3 YAML: bad',
    );
    expect(() => parseScenario('name: [\nfoo: bar', { file: 'a.yaml' })).toThrow(
      /^invalid scenario \(1 error\):\na\.yaml:2:1 YAML: /,
    );
  });

  it('keeps the cause', () => {
    const e = new ScenarioError([{ file: 'f', line: 1, col: 1, path: '', message: 'm' }], { cause: 'x' });
    expect(e.cause).toBe('x');
  });

  it('names the default file <scenario>', () => {
    expect(() => parseScenario('name: 1')).toThrow(
      /<scenario>:1:7 name: expected a name of 1 to 200 characters, got 1/,
    );
  });
});
