// The one way an integration test gets a real Redis and a real NATS (JetStream).
//
//   const infra = await useInfra();          // in beforeAll / beforeEach / the test
//   ... use infra.redisUrl, infra.natsUrl, and name everything after infra.namespace:
//       Redis keys      `${ns}:…`
//       NATS subjects   `${ns}.…`
//       streams, KV and object-store buckets   `${ns}-…` (or exactly `${ns}`)
//   await infra.cleanup();                   // in afterAll / afterEach
//
// Where the servers come from, decided once per test process:
// - a Docker engine answers → throwaway `redis:7` and `nats:2.10 -js` containers
//   (testcontainers; its reaper removes them when the process exits);
// - otherwise → the servers at REDIS_URL / NATS_URL (default 127.0.0.1:6379 / :4222),
//   which is what CI's `.ci/run` starts.
// LF_TEST_INFRA=containers|external forces one or the other.
//
// The namespace is what keeps tests apart on shared servers: no test may read or
// write outside its own, and cleanup removes exactly what is inside it.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';

export type InfraSource = 'containers' | 'external';

export interface Infra {
  redisUrl: string;
  natsUrl: string;
  source: InfraSource;
  /** Unique per useInfra() call, `t-` + 12 hex digits: a valid Redis key part, subject token, stream and bucket name. */
  namespace: string;
  /** Deletes the Redis keys and the JetStream streams / KV / object buckets of this namespace. Idempotent. */
  cleanup(): Promise<void>;
}

interface Endpoints {
  redisUrl: string;
  natsUrl: string;
  source: InfraSource;
}

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const DOCKER_DETECT_MS = 5_000;
const PROBE_MS = 2_000;

let endpoints: Promise<Endpoints> | undefined;

export async function useInfra(): Promise<Infra> {
  endpoints ??= resolveEndpoints();
  let ep: Endpoints;
  try {
    ep = await endpoints;
  } catch (err) {
    endpoints = undefined; // let a later test try again rather than replay the failure
    throw err;
  }
  const namespace = newNamespace();
  return { ...ep, namespace, cleanup: () => cleanupNamespace(ep, namespace) };
}

/** A fresh namespace; fixed length, so that no namespace is a prefix of another. */
export function newNamespace(): string {
  return `t-${randomBytes(6).toString('hex')}`;
}

/** Whether a Redis server answers PING at `url` (default: REDIS_URL or 127.0.0.1:6379). */
export async function redisAvailable(url = process.env.REDIS_URL ?? DEFAULT_REDIS_URL): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {}); // the probe's answer is the boolean, not an 'error' event
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Whether a NATS server with JetStream enabled answers at `url` (default: NATS_URL or 127.0.0.1:4222). */
export async function natsAvailable(url = process.env.NATS_URL ?? DEFAULT_NATS_URL): Promise<boolean> {
  let nc: NatsConnection | undefined;
  try {
    nc = await connect({ servers: url, timeout: PROBE_MS, reconnect: false });
    await (await nc.jetstreamManager()).getAccountInfo();
    return true;
  } catch {
    return false;
  } finally {
    await nc?.close().catch(() => {});
  }
}

async function resolveEndpoints(): Promise<Endpoints> {
  const mode = process.env.LF_TEST_INFRA ?? 'auto';
  if (mode !== 'auto' && mode !== 'containers' && mode !== 'external') {
    throw new Error(`LF_TEST_INFRA must be auto, containers or external, not "${mode}"`);
  }
  if (mode === 'containers' || (mode === 'auto' && (await dockerReachable()))) return startContainers();

  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const natsUrl = process.env.NATS_URL ?? DEFAULT_NATS_URL;
  const [redisOk, natsOk] = await Promise.all([redisAvailable(redisUrl), natsAvailable(natsUrl)]);
  const missing = [redisOk ? '' : `Redis at ${redisUrl}`, natsOk ? '' : `NATS with JetStream at ${natsUrl}`].filter(
    Boolean,
  );
  if (missing.length > 0) {
    throw new Error(
      `integration tests need ${missing.join(' and ')}, and no Docker engine answers to start them: ` +
        'start the servers (see .ci/run), or set REDIS_URL / NATS_URL',
    );
  }
  return { redisUrl, natsUrl, source: 'external' };
}

/** Asks testcontainers for a runtime, quietly and within a bound (a dead DOCKER_HOST can hang). */
async function dockerReachable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = getContainerRuntimeClient();
    client.catch(() => {}); // lost the race below: its later rejection is no one's business
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('container runtime detection timed out')), DOCKER_DETECT_MS);
    });
    try {
      await Promise.race([client, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return true;
  } catch {
    return false;
  }
}

async function startContainers(): Promise<Endpoints> {
  const { GenericContainer, Wait } = await import('testcontainers');
  // Both images log when they accept clients; the nats image has no shell for a port check.
  const [redis, nats] = await Promise.all([
    new GenericContainer('redis:7')
      .withExposedPorts(6379)
      .withCommand(['redis-server', '--save', '', '--appendonly', 'no'])
      .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
      .start(),
    new GenericContainer('nats:2.10')
      .withExposedPorts(4222)
      .withCommand(['-js'])
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .start(),
  ]);
  return {
    redisUrl: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
    natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
    source: 'containers',
  };
}

/** Runs every cleanup step even when one fails, then reports all failures at once. */
async function cleanupNamespace(ep: Endpoints, ns: string): Promise<void> {
  const results = await Promise.allSettled([deleteRedisKeys(ep.redisUrl, ns), deleteStreams(ep.natsUrl, ns)]);
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (errors.length > 0) throw new AggregateError(errors, `cleanup of test namespace ${ns} failed`);
}

async function deleteRedisKeys(url: string, ns: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {}); // failures surface through the rejected commands
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${ns}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A stream belongs to the namespace by name (streams, `KV_` and `OBJ_` buckets), or when all its subjects do. */
export function streamInNamespace(ns: string, name: string, subjects: readonly string[] = []): boolean {
  const bare = name.replace(/^(KV|OBJ)_/, '');
  const owned = (s: string) => s === ns || s.startsWith(`${ns}-`) || s.startsWith(`${ns}_`);
  return owned(bare) || (subjects.length > 0 && subjects.every((s) => s === ns || s.startsWith(`${ns}.`)));
}

async function deleteStreams(url: string, ns: string): Promise<void> {
  const nc = await connect({ servers: url, timeout: PROBE_MS, reconnect: false });
  try {
    const jsm = await nc.jetstreamManager();
    const doomed: string[] = [];
    for await (const info of jsm.streams.list()) {
      if (streamInNamespace(ns, info.config.name, info.config.subjects)) doomed.push(info.config.name);
    }
    for (const name of doomed) await jsm.streams.delete(name);
  } finally {
    await nc.close();
  }
}
