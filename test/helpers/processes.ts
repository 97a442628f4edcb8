// Worker / aggregator / redis-server child processes for integration tests, stopped by their own PIDs.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { GENERATOR_NODE_FLAGS } from '@loadfleet/config';

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  logs(): string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code; SIGKILL after `ms`. */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<number | null>;
  readonly exited: Promise<number | null>;
}

export function startChild(command: string, args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  live.add(child);
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-400_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  return {
    process: child,
    pid: child.pid!,
    logs: () => out,
    exited,
    async stop(signal = 'SIGTERM', ms = 20_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), ms);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

const WORKER = fileURLToPath(new URL('../../services/worker/dist/main.js', import.meta.url));
const AGGREGATOR = fileURLToPath(new URL('../../services/aggregator/dist/main.js', import.meta.url));

/**
 * A worker process started with the generator's V8 flags on its command line, so it
 * runs the worker itself (started without them it would run it in a child process,
 * and a test that kills this pid would kill only the launcher).
 */
export function startWorker(args: string[], urls: { redisUrl: string; natsUrl: string }): Child {
  return startChild(process.execPath, [...GENERATOR_NODE_FLAGS, WORKER, ...args], {
    REDIS_URL: urls.redisUrl,
    NATS_URL: urls.natsUrl,
    LOADFLEET_LOG_LEVEL: 'debug',
  });
}

export function startAggregator(args: string[], urls: { redisUrl: string; natsUrl: string }): Child {
  return startChild(process.execPath, [AGGREGATOR, ...args], { REDIS_URL: urls.redisUrl, NATS_URL: urls.natsUrl });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const CONTROLLER = fileURLToPath(new URL('../../services/controller/dist/main.js', import.meta.url));

/** A controller child process, once its readiness line says where its API listens. */
export async function startController(
  args: string[],
  urls: { redisUrl: string; natsUrl: string },
  env: Record<string, string> = {},
): Promise<Child & { url: string }> {
  const child = startChild(process.execPath, [CONTROLLER, '--port', '0', ...args], {
    REDIS_URL: urls.redisUrl,
    NATS_URL: urls.natsUrl,
    ...env,
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`controller not ready:\n${child.logs().slice(-3000)}`)), 20_000);
    let buf = '';
    child.process.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.includes('"ready":true'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    void child.exited.then(() => reject(new Error(`controller exited:\n${child.logs().slice(-3000)}`)));
  });
  return Object.assign(child, { url });
}
