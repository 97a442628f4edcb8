import { busNames } from '@loadfleet/bus';
import { infraUrls, loadSettings, workerSpec, type SettingsOf } from '@loadfleet/config';
import { createLogger, type Logger } from '@loadfleet/log';
import { connect, type NatsConnection } from 'nats';
import { defaultId } from './identity.js';
import { processCapacity } from './limits.js';
import { WorkerNode } from './node.js';
import { onStopSignal } from './signals.js';
import { StatsWriter } from './stats-writer.js';
import { CHILD_ENV, superviseWorkers } from './supervisor.js';

export type WorkerSettings = SettingsOf<typeof workerSpec>;
export { WorkerNode } from './node.js';

/**
 * `loadfleet worker`: joins the farm by starting (NATS_URL, REDIS_URL) and runs
 * whatever runs the controller publishes until SIGTERM/SIGINT; then stops them
 * gracefully, flushes their stats and says WorkerDone. Resolves with the exit code.
 */
export async function runWorker(argv: string[]): Promise<number> {
  const { settings } = loadSettings(workerSpec, argv);
  const id = settings.id || defaultId();
  const log = createLogger('worker', { level: settings.logLevel }).child({ workerId: id });
  if (settings.procs > 1 && process.env[CHILD_ENV] !== '1') return superviseWorkers(argv, settings.procs, id, log);
  return runOne(settings, id, log);
}

async function runOne(s: WorkerSettings, id: string, log: Logger): Promise<number> {
  const names = busNames(s.namespace);
  const { redisUrl, natsUrl } = infraUrls();
  const cap = processCapacity(s.capacity, s.procs);
  let stopRequested: (() => void) | null = null;
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  const dispose = onStopSignal((signal) => {
    log.info({ signal }, 'stopping');
    stopRequested!();
  });
  // A process of `--procs N` stops with its supervisor, even one that was killed.
  if (process.env[CHILD_ENV] === '1' && process.connected) {
    process.once('disconnect', () => {
      log.warn('supervisor gone: stopping');
      stopRequested!();
    });
  }
  const nc = await Promise.race([
    connect({ servers: natsUrl, name: `loadfleet-worker-${id}`, waitOnFirstConnect: true, maxReconnectAttempts: -1 }),
    stopped.then(() => null),
  ]);
  if (nc === null) {
    dispose();
    return 0;
  }
  const stats = new StatsWriter(redisUrl, names.redis.statsStream, s.recordBuffer, log);
  const node = new WorkerNode({
    names,
    nc,
    stats,
    workerId: id,
    capacity: cap.capacity,
    capacityLimit: cap.limit,
    openFilesLimit: cap.openFilesLimit,
    weight: s.weight,
    flushTimeoutMs: s.flushTimeout,
    stopWaitMs: s.stopWait,
    log,
  });
  node.start();
  await stopped;
  // Every step runs even when one fails: runs stopped and flushed first, connections last.
  const failures: unknown[] = [];
  await node.close().catch((e: unknown) => failures.push(e));
  await drainNats(nc).catch((e: unknown) => failures.push(e));
  stats.close();
  dispose();
  for (const err of failures) log.error({ err: (err as Error).message }, 'shutdown step failed');
  log.info('worker stopped');
  return failures.length === 0 ? 0 : 1;
}

/** Drains the connection (WorkerDone and the last heartbeat sent); closes it outright if NATS does not answer in time. */
async function drainNats(nc: NatsConnection): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 5000)));
  const result = await Promise.race([nc.drain().then(() => 'drained' as const), timeout]);
  clearTimeout(timer);
  if (result === 'timeout') await nc.close();
}
