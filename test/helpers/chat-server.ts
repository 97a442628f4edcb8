/**
 * Starts the real chat server (services/chat-server/dist/main.js, so build it
 * first: `npx tsc -b services/chat-server`) as a child process on free ports,
 * waits for its readiness line, and stops it by its own PID. Used by the chat
 * server's integration tests and by engine end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StatsDocument } from '@loadfleet/chat-server';

export type { StatsDocument };

export interface ChatServerOptions {
  /** Server processes (--procs); default 2. */
  procs?: number;
  /** More flags, e.g. ['--heartbeat-timeout', '500ms', '--like-batch', '0']. */
  args?: string[];
  /** How long to wait for readiness (ms, default 15000). */
  readyTimeoutMs?: number;
}

export interface ChatServerHandle {
  host: string;
  /** The chat port, shared by every server process. */
  port: number;
  /** The WebSocket port (with args ['--ws-port', '0']), else undefined. */
  wsPort: number | undefined;
  /** The wire format: 'chat' or 'im-lite'. */
  wire: string;
  httpPort: number;
  procs: number;
  /** The primary's PID first (it is the child), then the workers'. */
  pids: number[];
  /** GET /stats (summed over processes); byProcess adds `processes: [...]`. */
  stats(byProcess?: boolean): Promise<StatsDocument>;
  /** GET /metrics (Prometheus text). */
  metrics(): Promise<string>;
  /** What the server wrote on stderr (pino JSON lines), for diagnostics. */
  logs(): string;
  /** Graceful stop (SIGTERM), SIGKILL after `timeoutMs`; resolves with how it exited. Idempotent. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const MAIN = fileURLToPath(new URL('../../services/chat-server/dist/main.js', import.meta.url));
const live = new Set<ChildProcess>();
// If the test process goes away first, take our children with it.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function startChatServer(opts: ChatServerOptions = {}): Promise<ChatServerHandle> {
  const procs = opts.procs ?? 2;
  const host = '127.0.0.1';
  const args = ['--port', '0', '--http-port', '0', '--host', host, '--procs', String(procs), ...(opts.args ?? [])];
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-200_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  type Ready = { port: number; wsPort?: number; httpPort: number; wire: string; pids: number[] };
  const ready = await new Promise<Ready>((resolve, reject) => {
    let out = '';
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`chat server did not start: ${why}\n${stderr.slice(-4000)}`));
    };
    const timer = setTimeout(() => fail('no readiness line in time'), opts.readyTimeoutMs ?? 15_000);
    child.once('exit', (code) => fail(`exited with code ${code}`));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const msg = JSON.parse(line) as Ready & { ready?: boolean };
          if (msg.ready === true && !settled) {
            settled = true;
            clearTimeout(timer);
            resolve(msg);
            return;
          }
        } catch {
          // a partial line: wait for more
        }
      }
    });
  });

  const base = `http://${host}:${ready.httpPort}`;
  let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  return {
    host,
    port: ready.port,
    wsPort: ready.wsPort,
    wire: ready.wire,
    httpPort: ready.httpPort,
    procs,
    pids: ready.pids,
    async stats(byProcess = false) {
      const res = await fetch(`${base}/stats${byProcess ? '?by=process' : ''}`);
      if (!res.ok) throw new Error(`/stats: HTTP ${res.status}: ${await res.text()}`);
      return (await res.json()) as StatsDocument;
    },
    async metrics() {
      const res = await fetch(`${base}/metrics`);
      if (!res.ok) throw new Error(`/metrics: HTTP ${res.status}`);
      return res.text();
    },
    logs: () => stderr,
    stop(timeoutMs = 10_000) {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        const result = await exited;
        clearTimeout(timer);
        // Workers stop when their primary goes; after a SIGKILL make sure of it (they are our descendants).
        for (const pid of ready.pids.slice(1)) {
          for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
          if (isAlive(pid)) process.kill(pid, 'SIGKILL');
        }
        return result;
      })();
      return stopping;
    },
  };
}
