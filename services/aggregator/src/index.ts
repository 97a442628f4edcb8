import { drainOrClose, instanceId } from '@loadfleet/lifecycle';
import { busNames } from '@loadfleet/bus';
import {
  aggregatorSpec,
  connectOrWait,
  connectionSecrets,
  loadSettings,
  natsConnectOptions,
  redisConnectOptions,
} from '@loadfleet/config';
import { createLogger } from '@loadfleet/log';
import { Redis } from 'ioredis';
import { Aggregator } from './aggregator.js';
import { RedisWindowStore } from './redis-store.js';

export { Aggregator, type AggregatorOptions } from './aggregator.js';

/**
 * `loadfleet aggregator`: reads the stats stream in the consumer group, stores and
 * rolls up windows, writes reports, until SIGTERM/SIGINT (the batch in hand is
 * stored and acknowledged first). Resolves with the exit code.
 */
export async function runAggregator(argv: string[]): Promise<number> {
  const { settings: s } = loadSettings(aggregatorSpec, argv);
  const id = s.id || instanceId();
  const log = createLogger('aggregator', { level: s.logLevel, secrets: connectionSecrets() }).child({
    aggregatorId: id,
  });
  const names = busNames(s.namespace);
  const r = redisConnectOptions();
  const natsOptions = await natsConnectOptions();

  let stopRequested: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'stopping');
    stopRequested();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  const redis = new Redis(r.url, { ...r.options, connectionName: `lf-agg-${id}` });
  const reader = new Redis(r.url, { ...r.options, connectionName: `lf-agg-${id}-read` });
  let lastError = '';
  for (const r of [redis, reader]) {
    r.on('error', (err: Error) => {
      if (err.message !== lastError) log.warn({ err: err.message }, 'redis connection error');
      lastError = err.message;
    });
  }
  const failures: unknown[] = [];
  let nc;
  try {
    nc = await connectOrWait(
      { ...natsOptions, name: `loadfleet-aggregator-${id}` },
      (servers, cause) => log.warn({ nats: servers, err: cause }, 'NATS unreachable: waiting for it'),
      stopped,
    );
    if (nc !== null) {
      const agg = new Aggregator({
        id,
        names,
        nc,
        redis,
        reader,
        store: new RedisWindowStore(redis, names, s.windowTtl, id),
        batch: s.batch,
        claimIdleMs: s.claimIdle,
        rollupDelayMs: s.rollupDelay,
        drainTimeoutMs: s.drainTimeout,
        log,
      });
      agg.start();
      await stopped;
      await agg.close().catch((e: unknown) => failures.push(e));
      log.info(agg.stats, 'aggregator stopped');
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    if (nc) await drainOrClose(nc).catch((e: unknown) => failures.push(e));
    redis.disconnect();
    reader.disconnect();
  }
  for (const err of failures) log.error({ err: (err as Error).message }, 'shutdown step failed');
  return failures.length === 0 ? 0 : 1;
}
