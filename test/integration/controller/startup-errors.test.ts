// The controller's start-up when Redis or NATS cannot be reached: one line saying
// which and where, exit 2, and no stack trace.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/processes.js';

const CLI = fileURLToPath(new URL('../../../services/cli/bin/loadfleet.js', import.meta.url));

function controller(
  env: Record<string, string>,
  flags = ['--insecure'],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, 'controller', ...flags, '--port', '0', '--namespace', 't-startup'], {
      env: { ...process.env, LOADFLEET_LOG_LEVEL: 'warn', ...env },
    });
    let stderr = '';
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const kill = setTimeout(() => c.kill('SIGKILL'), 50_000);
    c.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, stderr });
    });
  });
}

/** The lines a person reads: not the JSON log lines. */
const plainLines = (s: string) => s.split('\n').filter((l) => l !== '' && !l.startsWith('{'));

describe('controller start-up with a part of the farm unreachable', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

  it('NATS unreachable: one line naming NATS and where, exit 2', async () => {
    const port = await freePort();
    const r = await controller({ REDIS_URL: redisUrl, NATS_URL: `nats://127.0.0.1:${port}` });
    expect(r.code).toBe(2);
    expect(plainLines(r.stderr).filter((l) => !l.includes('INSECURE'))).toEqual([
      expect.stringMatching(
        new RegExp(`^loadfleet controller: cannot reach NATS at nats://127\\.0\\.0\\.1:${port}: \\S+`),
      ),
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('Redis unreachable: one line naming Redis and where, exit 2', async () => {
    const port = await freePort();
    const r = await controller({ REDIS_URL: `redis://127.0.0.1:${port}`, NATS_URL: natsUrl });
    expect(r.code).toBe(2);
    expect(plainLines(r.stderr).filter((l) => !l.includes('INSECURE'))).toEqual([
      `loadfleet controller: cannot reach Redis at redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('LOADFLEET_API_TOKEN=a (a weak token) is refused: one line, exit 2, before connecting anywhere', async () => {
    const r = await controller({ REDIS_URL: redisUrl, NATS_URL: natsUrl, LOADFLEET_API_TOKEN: 'a' }, []);
    expect(r.code).toBe(2);
    expect(plainLines(r.stderr)).toEqual([
      expect.stringMatching(/^loadfleet controller: .*shorter than 16 characters/),
    ]);
  });
});
