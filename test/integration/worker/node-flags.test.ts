// `loadfleet worker` starts its worker processes with the generator's V8 flags
// (--node-flags, default --max-semi-space-size=2): each process says its own
// process.execArgv in its "worker process up" log line.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { startChild, type Child } from '../../helpers/processes.js';
import { waitFor } from './fake-controller.js';

const WORKER = new URL('../../../services/worker/dist/main.js', import.meta.url).pathname;

let infra: Infra;
let child: Child | undefined;
beforeAll(async () => {
  infra = await useInfra();
});
afterEach(async () => {
  await child?.stop('SIGTERM', 20_000);
  child = undefined;
});
afterAll(async () => {
  await infra?.cleanup();
});

interface Line {
  msg: string;
  pid?: number;
  pids?: number[];
  execArgv?: string[];
}
const lines = (c: Child): Line[] =>
  c
    .logs()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
const up = (c: Child) => lines(c).filter((l) => l.msg === 'worker process up');

function start(nodeArgs: string[], args: string[], env: Record<string, string> = {}): Child {
  return startChild(
    process.execPath,
    [...nodeArgs, WORKER, '--namespace', infra.namespace, '--capacity', '10', ...args],
    {
      REDIS_URL: infra.redisUrl,
      NATS_URL: infra.natsUrl,
      ...env,
    },
  );
}

describe('worker processes get the V8 flags', () => {
  it('a worker started without them runs in a child process that has them', async () => {
    child = start([], []);
    await waitFor('the worker process', () => up(child!).length === 1);
    const launcher = lines(child).find((l) => l.msg === 'worker processes started')!;
    expect(launcher.pids).toHaveLength(1);
    const [proc] = up(child);
    expect(proc!.pid).toBe(launcher.pids![0]);
    expect(proc!.pid).not.toBe(child.pid);
    expect(proc!.execArgv).toContain('--max-semi-space-size=2');
  });

  it('--procs 2: every process gets the flags given by --node-flags', async () => {
    child = start([], ['--procs', '2', '--node-flags=--max-semi-space-size=4']);
    await waitFor('two worker processes', () => up(child!).length === 2);
    for (const p of up(child)) {
      expect(p.execArgv).toContain('--max-semi-space-size=4');
      expect(p.execArgv).not.toContain('--max-semi-space-size=2');
    }
  });

  it('a process started with them, or told to use none, runs the worker itself', async () => {
    child = start(['--max-semi-space-size=2'], []);
    await waitFor('the worker process', () => up(child!).length === 1);
    expect(up(child)[0]!.pid).toBe(child.pid);
    expect(lines(child).some((l) => l.msg === 'worker processes started')).toBe(false);
    await child.stop('SIGTERM', 20_000);

    child = start([], [], { LOADFLEET_NODE_FLAGS: '' });
    await waitFor('the worker process', () => up(child!).length === 1);
    expect(up(child)[0]!.pid).toBe(child.pid);
    expect(up(child)[0]!.execArgv).toEqual([]);
  });
});
