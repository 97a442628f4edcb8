// Fault injection for the farm's fault tests (test/faults/): private Redis and NATS
// servers this test process owns, stopped and started again by their own PIDs on the
// same port, and a few small measures of what a run lost. The shared servers other
// tests use are never touched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '@loadfleet/report';
import type { StatsDocument } from './chat-server.js';
import { waitFor } from './farm.js';
import { freePort, startChild, type Child } from './processes.js';

/** A server process of our own on a fixed port: stop() and start() again keep the port and the data dir. */
export interface PrivateServer {
  readonly port: number;
  readonly url: string;
  /** PID of the process running now (null while stopped). */
  readonly pid: number | null;
  /** Starts it (again) on the same port, once it accepts clients. */
  start(): Promise<void>;
  /** Stops it (SIGTERM by default; SIGKILL is an abrupt death); resolves with its exit code (null if not running). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Stops it and removes its data dir. Idempotent. */
  close(): Promise<void>;
  logs(): string;
}

interface ServerRecipe {
  name: string;
  command: string;
  args: (port: number, dir: string) => string[];
  ready: RegExp;
  url: (port: number) => string;
}

async function privateServer(recipe: ServerRecipe): Promise<PrivateServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `lf-${recipe.name}-`));
  let child: Child | null = null;
  let past = '';
  const server: PrivateServer = {
    port,
    url: recipe.url(port),
    get pid() {
      return child?.pid ?? null;
    },
    async start() {
      if (child) return;
      const c = startChild(recipe.command, recipe.args(port, dir));
      child = c;
      let exited = false;
      void c.exited.then(() => (exited = true));
      await waitFor(
        () => {
          if (exited) throw new Error(`${recipe.name} exited:\n${c.logs().slice(-2000)}`);
          return recipe.ready.test(c.logs());
        },
        { ms: 15_000, what: `${recipe.name} on port ${port} ready` },
      );
    },
    async stop(signal = 'SIGTERM') {
      const c = child;
      if (!c) return null;
      child = null;
      const code = await c.stop(signal, 10_000);
      past += c.logs();
      return code;
    },
    async close() {
      await server.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
    logs: () => past + (child?.logs() ?? ''),
  };
  await server.start();
  return server;
}

/**
 * A private redis-server. `persist` (default true): append-only file fsynced on every
 * write in a temp dir, so what was written survives a stop and start — a Redis outage,
 * not a Redis that forgets.
 */
export function privateRedis(opts: { persist?: boolean } = {}): Promise<PrivateServer> {
  const persist = opts.persist ?? true;
  return privateServer({
    name: 'redis',
    command: 'redis-server',
    args: (port, dir) => [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      persist ? 'yes' : 'no',
      '--appendfsync',
      'always',
      '--dir',
      dir,
      '--daemonize',
      'no',
    ],
    ready: /Ready to accept connections/,
    url: (port) => `redis://127.0.0.1:${port}`,
  });
}

/** A private nats-server with JetStream, its store in a temp dir (KV buckets survive a restart). */
export function privateNats(): Promise<PrivateServer> {
  return privateServer({
    name: 'nats',
    command: 'nats-server',
    args: (port, dir) => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir],
    ready: /Server is ready/,
    url: (port) => `nats://127.0.0.1:${port}`,
  });
}

/** Messages the chat server received between two /stats documents, by kind. */
export function receivedBetween(before: StatsDocument, after: StatsDocument): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [kind, n] of Object.entries(after.messagesIn)) {
    const d = n - (before.messagesIn[kind as keyof StatsDocument['messagesIn']] ?? 0);
    if (d !== 0) out[kind] = d;
  }
  return out;
}

/** The report's messages sent, by kind, without zeros (comparable with receivedBetween). */
export function sentByKind(report: Report): Record<string, number> {
  return Object.fromEntries(Object.entries(report.totals.messages.out).filter(([, n]) => n !== 0));
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
