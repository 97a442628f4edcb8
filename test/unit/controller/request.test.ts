import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ControllerError,
  TargetAllowlist,
  TokenAuth,
  compileSubmission,
  parseNamedTokens,
} from '@loadfleet/controller';
import { checkRunId, listQuery, submissionFromBody } from '@loadfleet/controller-service';

const HELLO = readFileSync(new URL('../../../examples/hello.yaml', import.meta.url), 'utf8');
const BROKEN = readFileSync(new URL('../../../examples/broken.yaml', import.meta.url), 'utf8');
const LOCAL = new TargetAllowlist('127.0.0.0/8,localhost,::1');

function caught(fn: () => unknown): ControllerError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ControllerError) return err;
    throw err;
  }
  throw new Error('expected a ControllerError');
}

describe('submission bodies', () => {
  it('takes a raw YAML body as the scenario', () => {
    expect(submissionFromBody('application/yaml; charset=utf-8', HELLO)).toEqual({ text: HELLO, files: {} });
    expect(submissionFromBody('text/yaml', HELLO).text).toBe(HELLO);
  });

  it('takes JSON {scenario, feeders} and reports every problem in it', () => {
    const sub = submissionFromBody('application/json', {
      scenario: HELLO,
      feeders: { 'users.csv': 'name,token\na,b\n' },
    });
    expect(sub.files['users.csv']).toBe('name,token\na,b\n');
    const err = caught(() => submissionFromBody('application/json', { scenaro: HELLO, feeders: { x: 1 } }));
    expect(err.code).toBe('LF_ERR_REQUEST');
    expect(err.status).toBe(400);
    expect(err.issues.map((i) => i.path).sort()).toEqual(['feeders.x', 'scenario', 'scenaro']);
  });

  it('refuses other content types with 415', () => {
    const err = caught(() => submissionFromBody('text/plain', HELLO));
    expect([err.code, err.status]).toEqual(['LF_ERR_UNSUPPORTED_MEDIA_TYPE', 415]);
  });
});

describe('compileSubmission', () => {
  it('compiles a valid scenario', () => {
    const plan = compileSubmission({ text: HELLO, files: {} }, LOCAL);
    expect(plan.name).toBe('hello');
  });

  it('returns every scenario error with its line, column and field', () => {
    const err = caught(() => compileSubmission({ text: BROKEN, files: {} }, LOCAL));
    expect(err.code).toBe('LF_ERR_SCENARIO');
    expect(err.issues.length).toBeGreaterThanOrEqual(9);
    expect(err.issues[0]).toEqual({
      line: 11,
      col: 13,
      path: 'load.phases[1].rate',
      message: expect.stringContaining('fast'),
    });
  });

  it('reads CSV feeders only from the upload, by file name or by feeder name', () => {
    const text = `${HELLO}\nfeeders:\n  accounts: { file: users.csv }\n`;
    const csv = 'name,token\nann,t1\nbob,t2\n';
    expect(compileSubmission({ text, files: { 'users.csv': csv } }, LOCAL).feeders[0]!.rows).toHaveLength(2);
    expect(compileSubmission({ text, files: { accounts: csv } }, LOCAL).feeders[0]!.rows).toHaveLength(2);
    const err = caught(() => compileSubmission({ text, files: {} }, LOCAL));
    expect(err.issues[0]).toMatchObject({
      path: 'feeders.accounts.file',
      message: expect.stringContaining('not uploaded'),
    });
    expect(err.issues[0]!.line).toBeGreaterThan(20);
  });

  it('refuses targets outside the allowlist, pointing at them', () => {
    const text = HELLO.replace('target: 127.0.0.1:7000', 'target: 10.1.2.3:7000');
    const err = caught(() => compileSubmission({ text, files: {} }, LOCAL));
    expect(err.code).toBe('LF_ERR_TARGET_NOT_ALLOWED');
    expect(err.issues).toEqual([{ line: 5, col: 9, path: 'target', message: expect.stringContaining('10.1.2.3') }]);
    expect(compileSubmission({ text, files: {} }, new TargetAllowlist('10.0.0.0/8')).targets[0]!.host).toBe('10.1.2.3');
    expect(new TargetAllowlist('*').allows('example.com')).toBe(true);
    expect(LOCAL.allows('LOCALHOST')).toBe(true);
    expect(LOCAL.allows('127.9.9.9')).toBe(true);
    expect(LOCAL.allows('128.0.0.1')).toBe(false);
  });
});

describe('query and id validation', () => {
  it('reads limit with cursor or page', () => {
    expect(listQuery({})).toEqual({ limit: 20 });
    expect(listQuery({ limit: '5', cursor: 'abc-1' })).toEqual({ limit: 5, cursor: 'abc-1' });
    expect(listQuery({ limit: '5', page: '3' })).toEqual({ limit: 5, offset: 10 });
    const err = caught(() => listQuery({ limit: '0', page: '2', cursor: 'x', sort: 'y' }));
    expect(err.issues.map((i) => i.path).sort()).toEqual(['limit', 'page', 'sort']);
    expect(caught(() => listQuery({ cursor: '../x' })).issues[0]!.path).toBe('cursor');
  });

  it('treats an unsafe run id as an unknown run', () => {
    expect(checkRunId('20260101T000000-abcd')).toBe('20260101T000000-abcd');
    expect(caught(() => checkRunId('a.b')).status).toBe(404);
  });
});

describe('TokenAuth', () => {
  const auth = new TokenAuth({ writeToken: 'w-secret-0123456789', readToken: 'r-secret-0123456789' });

  it('lets the write token do everything and the read token only read', () => {
    expect(auth.check('Bearer w-secret-0123456789', 'write')).toEqual({ name: 'api-token', access: 'write' });
    expect(auth.check('bearer r-secret-0123456789', 'read')).toEqual({ name: 'api-read-token', access: 'read' });
    expect(caught(() => auth.check('Bearer r-secret-0123456789', 'write')).status).toBe(403);
  });

  it('answers 401 without a token or with a wrong one', () => {
    expect(caught(() => auth.check(undefined, 'read')).status).toBe(401);
    expect(caught(() => auth.check('Basic abc', 'read')).status).toBe(401);
    expect(caught(() => auth.check('Bearer w-secret-0123456789-', 'read')).status).toBe(401);
  });

  it('accepts several named tokens at once and names who used one', () => {
    const team = new TokenAuth({
      tokens: [
        ...parseNamedTokens('alice=alice-token-0123456789, ci=ci-token-0123456789abc', 'write', '--api-tokens'),
        ...parseNamedTokens('grafana=grafana-token-0123456789', 'read', '--api-read-tokens'),
      ],
    });
    expect(team.check('Bearer ci-token-0123456789abc', 'write').name).toBe('ci');
    expect(team.identify('alice-token-0123456789')).toEqual({ name: 'alice', access: 'write' });
    expect(team.identify('grafana-token-0123456789')).toEqual({ name: 'grafana', access: 'read' });
    expect(team.identify('nobody-token-0123456789')).toBeNull();
    expect(caught(() => team.check('Bearer grafana-token-0123456789', 'write')).status).toBe(403);
  });

  it('refuses short, unnamed, duplicate or badly named tokens', () => {
    expect(() => new TokenAuth({ writeToken: 'a' })).toThrow(/shorter than 16 characters/);
    expect(() => parseNamedTokens('just-a-token-0123456789', 'write', '--api-tokens')).toThrow(/name=token/);
    const twice = { name: 'x', token: 'same-token-0123456789', access: 'write' as const };
    expect(() => new TokenAuth({ tokens: [twice, { ...twice, name: 'y' }] })).toThrow(/given twice/);
    expect(() => new TokenAuth({ tokens: [twice, { ...twice, token: 'other-token-0123456789' }] })).toThrow(
      /two tokens are named/,
    );
    expect(() => new TokenAuth({ tokens: [{ ...twice, name: 'a b' }] })).toThrow(/is not a name/);
  });

  it('refuses to run without a token unless insecure', () => {
    expect(() => new TokenAuth({})).toThrow(/LOADFLEET_API_TOKEN/);
    const open = new TokenAuth({ insecure: true });
    expect(open.open).toBe(true);
    expect(() => open.check(undefined, 'write')).not.toThrow();
  });
});

describe('compileSubmission: monitor URLs obey the target allowlist', () => {
  const withMonitor = (url: string) => HELLO.replace(/^load:/m, `monitor:\n  - { url: '${url}', name: chat }\nload:`);

  it('accepts a monitor endpoint on an allowed host', () => {
    const plan = compileSubmission({ text: withMonitor('http://127.0.0.1:7001/metrics'), files: {} }, LOCAL);
    expect(plan.monitor).toEqual([{ name: 'chat', url: 'http://127.0.0.1:7001/metrics' }]);
  });

  it('refuses one elsewhere, at its line', () => {
    const text = withMonitor('http://10.1.2.3:7001/metrics');
    const err = caught(() => compileSubmission({ text, files: {} }, LOCAL));
    expect(err.code).toBe('LF_ERR_TARGET_NOT_ALLOWED');
    const line = text.split('\n').findIndex((l) => l.includes('10.1.2.3')) + 1;
    expect(err.issues).toEqual([
      expect.objectContaining({
        path: 'monitor[0].url',
        line,
        message: expect.stringMatching(/10\.1\.2\.3 is not an allowed target/),
      }),
    ]);
  });
});
