// The CLI as a process, the way a user starts it: `npx loadfleet …`, signals, and
// what it prints when the controller cannot be reached.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { freePort, startChild } from '../../helpers/processes.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = fileURLToPath(new URL('../../../services/cli/bin/loadfleet.js', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let infra: Infra;
beforeAll(async () => {
  infra = await useInfra();
});
afterAll(async () => {
  await infra?.cleanup();
});

describe('npx loadfleet controller &, then kill <its PID>', () => {
  it('SIGTERM to npx leaves no loadfleet process running', async () => {
    // npx runs the bin below `sh -c`, which does not pass SIGTERM on: the node process must notice by itself.
    const npx = startChild(
      'npx',
      ['loadfleet', 'controller', '--insecure', '--port', '0', '--namespace', infra.namespace],
      {
        REDIS_URL: infra.redisUrl,
        NATS_URL: infra.natsUrl,
        LOADFLEET_LOG_LEVEL: 'info',
      },
    );
    let nodePid = 0;
    await until('the controller ready (its log line with its pid)', () => {
      const line = npx
        .logs()
        .split('\n')
        .find((l) => l.includes('"controller ready"'));
      if (line) nodePid = (JSON.parse(line) as { pid: number }).pid;
      return nodePid > 0;
    });
    expect(nodePid).not.toBe(npx.pid); // a child of npx (via sh -c), not npx itself
    npx.process.kill('SIGTERM');
    await until('the controller process gone', () => !alive(nodePid));
    expect(npx.logs()).toMatch(/"signal":"SIGTERM".*"shutting down"|"controller stopped"/);
    await npx.exited;
  });
});

describe('loadfleet submit: the controller unreachable', () => {
  it('names the URL and the cause, not just "fetch failed"', async () => {
    const port = await freePort();
    const run = (api: string) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const c = spawn(process.execPath, [CLI, 'submit', 'examples/hello.yaml', '--api', api], { cwd: ROOT });
        let err = '';
        c.stderr.on('data', (d: Buffer) => (err += d.toString()));
        c.on('exit', (code) => resolve({ code, err }));
      });
    const refused = await run(`http://127.0.0.1:${port}`);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`cannot reach the controller at http://127.0.0.1:${port}/v1/runs: ECONNREFUSED`);
    expect(refused.err).not.toMatch(/^loadfleet submit: fetch failed$/m);
    // Port 9 is one the fetch standard blocks: it says so rather than "fetch failed".
    const blocked = await run('http://127.0.0.1:9');
    expect(blocked.err).toContain('cannot reach the controller at http://127.0.0.1:9/v1/runs: fetch refuses this port');
  });
});
