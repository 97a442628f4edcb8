import { connect, type ConnectionOptions, type NatsConnection } from 'nats';
import { causeOf } from './errors.js';

/**
 * Connects to NATS, or waits for it: a worker or an aggregator may start before NATS
 * does (compose, a host coming back), so an unreachable NATS is not fatal for them.
 * When the first attempt fails, `waiting` is told where and why once (a newcomer sees
 * one line, not silence); then it retries with the farm's reconnect policy until it
 * connects, or resolves null when `stopped` settles first.
 */
export async function connectOrWait(
  options: ConnectionOptions,
  waiting: (servers: string, cause: string) => void,
  stopped: Promise<unknown>,
): Promise<NatsConnection | null> {
  try {
    return await connect({ ...options, waitOnFirstConnect: false });
  } catch (err) {
    const servers = [options.servers ?? []].flat().join(',');
    waiting(servers, causeOf(err));
  }
  return Promise.race([connect({ ...options, waitOnFirstConnect: true }), stopped.then(() => null)]);
}
