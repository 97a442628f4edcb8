/**
 * Reconnect-storm clients for the chat server's tests: forked processes of
 * bench/server/storm-client.ts, compiled (one process holds at most ~19,000 sockets
 * under the open-files cap), each opening its share of connections at once
 * from its own source addresses, logging each one in.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { benchScript } from '../../bench/lib/paths.js';

const CLIENT = benchScript('server/storm-client.js');

export interface StormReport {
  attempted: number;
  connected: number;
  held: number;
  kicked: number;
  closed: number;
  closedBeforeHeld: number;
  errors: Record<string, number>;
  startedAt: number;
  lastHeldAt: number;
}

export interface Storm {
  reports(): Promise<StormReport[]>;
  total(key: 'attempted' | 'connected' | 'held' | 'closed' | 'closedBeforeHeld'): Promise<number>;
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((c) => c.kill('SIGKILL')));

/** Starts `clients` processes that together open `count` connections to `port` at once, and log them in. */
export async function startStorm(opts: {
  port: number;
  count: number;
  clients: number;
  /** Source addresses, spread over the clients (each needs its own: ~28,000 ports per address). */
  addresses: string[];
}): Promise<Storm> {
  const kids: ChildProcess[] = [];
  for (let k = 0; k < opts.clients; k++) {
    const child = fork(CLIENT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    live.add(child);
    child.once('exit', () => live.delete(child));
    await new Promise((resolve) => child.once('message', resolve));
    kids.push(child);
  }
  const per = Math.ceil(opts.count / opts.clients);
  const perAddr = Math.ceil(opts.addresses.length / opts.clients);
  kids.forEach((child, k) =>
    child.send({
      cmd: 'storm',
      host: '127.0.0.1',
      ports: [opts.port],
      count: Math.min(per, opts.count - k * per),
      addresses: opts.addresses.slice(k * perAddr, (k + 1) * perAddr),
      login: true,
      userBase: k * per,
    }),
  );
  let nextId = 1;
  const ask = (child: ChildProcess) =>
    new Promise<StormReport>((resolve) => {
      const id = nextId++;
      const on = (m: StormReport & { type: string; id: number }) => {
        if (m.type !== 'report' || m.id !== id) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
      child.send({ cmd: 'report', id });
    });
  const reports = () => Promise.all(kids.map(ask));
  return {
    reports,
    total: async (key) => (await reports()).reduce((a, r) => a + r[key], 0),
    async close() {
      await Promise.all(
        kids.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.send({ cmd: 'close', id: 0 });
              setTimeout(() => c.kill('SIGKILL'), 5000).unref();
            }),
        ),
      );
    },
  };
}
