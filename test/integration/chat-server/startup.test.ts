import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../../services/cli/bin/loadfleet.js', import.meta.url));

/** PIDs of live processes whose environment carries `mark` (the server's primary passes its env to its workers). */
function processesMarked(mark: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(mark)) out.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

function run(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string; mark: string }> {
  const mark = `LF_TEST_MARK=${randomBytes(6).toString('hex')}`;
  const [k, v] = mark.split('=') as [string, string];
  const child = spawn(process.execPath, [CLI, 'chat-server', '--host', '127.0.0.1', '--log-level', 'warn', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, [k]: v },
  });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout, mark });
    }),
  );
}

async function settle(mark: string): Promise<number[]> {
  for (let i = 0; i < 40 && processesMarked(mark).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return processesMarked(mark);
}

describe('chat server start-up: a port in use', () => {
  let taken: net.Server;
  let port: number;
  beforeAll(async () => {
    taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    port = (taken.address() as net.AddressInfo).port;
  });
  afterAll(() => taken?.close());

  const cases: [string, number, (p: number) => string[], string][] = [
    ['chat TCP port', 1, (p) => ['--port', String(p), '--http-port', '0'], 'chat TCP port'],
    ['chat TCP port', 2, (p) => ['--port', String(p), '--http-port', '0'], 'chat TCP port'],
    ['HTTP port', 2, (p) => ['--port', '0', '--http-port', String(p)], 'HTTP port'],
    ['WebSocket port', 1, (p) => ['--port', '0', '--http-port', '0', '--ws-port', String(p)], 'chat WebSocket port'],
    ['WebSocket port', 2, (p) => ['--port', '0', '--http-port', '0', '--ws-port', String(p)], 'chat WebSocket port'],
  ];
  for (const [name, procs, args, what] of cases) {
    it(`the ${name} taken, --procs ${procs}: one line saying what and where, exit 2, no process left`, async () => {
      const r = await run([...args(port), '--procs', String(procs)]);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toEqual([
        `loadfleet chat-server: cannot listen on 127.0.0.1:${port} (${what}): address already in use`,
      ]);
      expect(r.stdout).not.toContain('"ready"');
      expect(await settle(r.mark)).toEqual([]);
    });
  }

  it('a bad option is one line and exit 2 as well', async () => {
    const r = await run(['--wire', 'smoke-signals']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'loadfleet chat-server: --wire: "smoke-signals" is not a wire format (chat, im-lite)',
    ]);
  });
});
