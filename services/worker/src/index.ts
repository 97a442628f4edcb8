import { busNames } from '@loadfleet/bus';
import { CapacityError, type WorkerLimits } from '@loadfleet/capacity';
import {
  ConfigError,
  TargetAllowlist,
  connectOrWait,
  connectionSecrets,
  loadSettings,
  natsConnectOptions,
  redisConnectOptions,
  workerSpec,
  type SettingsOf,
} from '@loadfleet/config';
import { createLogger, type Logger } from '@loadfleet/log';
import { childExecArgv, missingNodeFlags } from '@loadfleet/runtime';
import { processCapacity } from './limits.js';
import { WorkerNode } from './node.js';
import { drainOrClose, instanceId, onStopSignal } from '@loadfleet/lifecycle';
import { StatsWriter } from './stats-writer.js';
import { CHILD_ENV, superviseWorkers } from './supervisor.js';

export type WorkerSettings = SettingsOf<typeof workerSpec>;
export { WorkerNode } from './node.js';

/**
 * `loadfleet worker`: joins the farm by starting (NATS_URL, REDIS_URL) and runs
 * whatever runs the controller publishes until SIGTERM/SIGINT; then stops them
 * gracefully, flushes their stats and says WorkerDone. Resolves with the exit code.
 */
export async function runFarmWorker(argv: string[]): Promise<number> {
  const { settings } = loadSettings(workerSpec, argv);
  const id = settings.id || instanceId();
  const allowlist = allowlistOf(settings.allowedTargets);
  const log = createLogger('worker', { level: settings.logLevel, secrets: connectionSecrets() }).child({
    workerId: id,
  });
  if (process.env[CHILD_ENV] !== '1') {
    // V8 sizes its heap at start: flags this process lacks need a process started with them.
    const lacking = missingNodeFlags(settings.nodeFlags);
    if (settings.procs > 1 || lacking.length > 0) {
      return superviseWorkers(argv, settings.procs, id, log, childExecArgv(settings.nodeFlags));
    }
  }
  log.info({ execArgv: process.execArgv }, 'worker process up'); // pino's base carries the pid
  return runOne(settings, id, log, allowlist);
}

async function runOne(s: WorkerSettings, id: string, log: Logger, allowlist: TargetAllowlist): Promise<number> {
  const names = busNames(s.namespace);
  const redis = redisConnectOptions();
  const natsOptions = await natsConnectOptions();
  let cap: WorkerLimits;
  try {
    cap = await processCapacity(s, log);
  } catch (err) {
    if (!(err instanceof CapacityError)) throw err;
    log.error({ code: err.code }, err.message);
    return 2;
  }
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
  const nc = await connectOrWait(
    { ...natsOptions, name: `loadfleet-worker-${id}` },
    (servers, cause) => log.warn({ nats: servers, err: cause }, 'NATS unreachable: waiting for it'),
    stopped,
  );
  if (nc === null) {
    dispose();
    return 0;
  }
  const stats = new StatsWriter(redis.url, names.redis.statsStream, s.recordBuffer, log, redis.options);
  const node = new WorkerNode({
    names,
    nc,
    stats,
    workerId: id,
    capacity: cap.capacity,
    capacityLimit: cap.limit,
    openFilesLimit: cap.facts.openFiles ?? 0,
    sourceAddresses: cap.sourceAddresses,
    weight: s.weight,
    flushTimeoutMs: s.flushTimeout,
    stopWaitMs: s.stopWait,
    allowlist,
    log,
  });
  node.start();
  await stopped;
  // Every step runs even when one fails: runs stopped and flushed first, connections last.
  const failures: unknown[] = [];
  await node.close().catch((e: unknown) => failures.push(e));
  await drainOrClose(nc).catch((e: unknown) => failures.push(e));
  stats.close();
  dispose();
  for (const err of failures) log.error({ err: (err as Error).message }, 'shutdown step failed');
  log.info('worker stopped');
  return failures.length === 0 ? 0 : 1;
}

function allowlistOf(spec: string): TargetAllowlist {
  try {
    return new TargetAllowlist(spec);
  } catch (err) {
    throw new ConfigError(`--allowed-targets: ${(err as Error).message}`, { cause: err });
  }
}
