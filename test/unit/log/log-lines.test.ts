// Log lines: no key twice in a line (child bindings and the call's own fields), and
// redaction that replaces the exact secret only.
import { createLogger, scrubSecrets } from '@loadfleet/log';
import { describe, expect, it } from 'vitest';
import { duplicateKeys } from '../../helpers/log-lines.js';

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const log = createLogger('test', { level: 'debug', secrets, destination: { write: (l: string) => lines.push(l) } });
  return { log, lines: () => lines.join('').split('\n').filter(Boolean) };
}

describe('duplicateKeys (the test helper)', () => {
  it('finds a repeated key, at any depth, that JSON.parse would hide', () => {
    expect(duplicateKeys('{"a":1,"b":{"c":2,"c":3},"a":"x,\\"a\\":"}')).toEqual(['b.c', 'a']);
    expect(duplicateKeys('{"a":[{"k":1},{"k":2}],"s":"{\\"a\\":1}"}')).toEqual([]);
  });
});

describe('log lines carry each key once', () => {
  it('a child binding repeated in the call, and a grandchild rebinding it, are written once', () => {
    const { log, lines } = capture();
    const worker = log.child({ workerId: 'w-1' });
    const run = worker.child({ runId: 'r-1', workerId: 'w-1' });
    run.info({ runId: 'r-1', workerId: 'w-1', users: 3 }, 'started');
    worker.warn({ workerId: 'w-1', err: new Error('boom') }, 'failed');
    run.error({ runId: 'r-2' }, 'another run named in a call');
    const out = lines();
    expect(out).toHaveLength(3);
    for (const line of out) expect(duplicateKeys(line)).toEqual([]);
    expect(JSON.parse(out[0]!)).toMatchObject({ workerId: 'w-1', runId: 'r-1', users: 3, msg: 'started' });
    expect(JSON.parse(out[1]!)).toMatchObject({ workerId: 'w-1', err: { message: 'boom' } });
    // A different value is not lost, and not written under the bound key a second time.
    expect(JSON.parse(out[2]!)).toMatchObject({ runId: 'r-1', runId_here: 'r-2' });
  });
});

describe('redaction replaces the exact secret only', () => {
  it('a token is scrubbed; the letters it is made of are left alone elsewhere', () => {
    const token = 'a1b2c3d4e5f6a7b8c9d0';
    const { log, lines } = capture([token]);
    log.info({ header: `Bearer ${token}` }, `token ${token} and a plain sentence about abc`);
    const line = lines()[0]!;
    expect(line).not.toContain(token);
    expect(JSON.parse(line)).toMatchObject({
      header: 'Bearer [redacted]',
      msg: 'token [redacted] and a plain sentence about abc',
    });
    expect(scrubSecrets('a1b2 c3d4 a1b2c3d4e5f6a7b8c9d0!', [token])).toBe('a1b2 c3d4 [redacted]!');
  });
});
