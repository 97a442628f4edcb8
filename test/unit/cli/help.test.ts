import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CLI = new URL('../../../services/cli/bin/loadfleet.js', import.meta.url).pathname;
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [CLI, ...args]).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );

describe('loadfleet help', () => {
  it("`help COMMAND` and `COMMAND --help` print that command's own usage, with its settings", async () => {
    const a = await run('help', 'worker');
    const b = await run('worker', '--help');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/^usage: loadfleet worker /);
    expect(a.out).toContain('--capacity');
    expect(a.out).toContain('LOADFLEET_CAPACITY');
    expect(a.out).not.toContain('loadfleet submit');
    expect(b).toEqual(a);
    expect((await run('submit', '-h')).out).toMatch(/^usage: loadfleet submit FILE --api URL/);
  });

  it('`help` lists every command; an unknown one is exit 2', async () => {
    const all = await run('help');
    for (const c of ['run', 'validate', 'chat-server', 'submit', 'plan', 'controller', 'worker', 'aggregator'])
      expect(all.out).toContain(`loadfleet ${c}`);
    expect((await run('help', 'nope')).code).toBe(2);
  });
});
