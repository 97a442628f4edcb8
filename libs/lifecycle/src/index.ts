/** What every service process does the same way: its id, its stop signals, closing its bus connection. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** host-pid-random, reduced to a token that fits subjects and keys ([A-Za-z0-9_-], ≤ 64). */
export function instanceId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .slice(0, 40) || 'host';
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Calls `stop` once on the first SIGTERM or SIGINT; returns a function that removes the handlers. */
export function onStopSignal(stop: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    dispose();
    stop(signal);
  };
  const dispose = () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return dispose;
}

/** A connection that can flush what it still has to send (a nats.js NatsConnection). */
export interface Drainable {
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Drains the connection so pending publishes go out; closes it outright if the server does not answer in time. */
export async function drainOrClose(conn: Drainable, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
  const result = await Promise.race([conn.drain().then(() => 'drained' as const), timeout]);
  clearTimeout(timer);
  if (result === 'timeout') await conn.close();
}
export { retry, RetryGaveUp, type RetryOptions } from './retry.js';
