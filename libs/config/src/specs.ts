/**
 * Every service's settings, in one place. Each key is a --flag and a LOADFLEET_*
 * variable (see settings.ts); REDIS_URL and NATS_URL are also read as they are.
 */
import { parseBoolean, parseDuration, parseInteger } from './parse.js';
import type { Setting } from './settings.js';

const str = (def: string, help: string): Setting<string> => ({ help, default: def, parse: (s) => s });
const int = (def: number, help: string, min = 0, max?: number): Setting<number> => ({
  help,
  default: def,
  parse: (s) => parseInteger(s, min, max),
});
const ms = (def: number, help: string): Setting<number> => ({ help, default: def, parse: parseDuration });
const flag = (help: string): Setting<boolean> => ({ help, default: false, parse: parseBoolean, switch: true });

export const chatServerSpec = {
  host: str('127.0.0.1', 'address to listen on'),
  port: int(7000, 'chat protocol TCP port (0 = any free port)', 0, 65_535),
  httpPort: int(7001, 'HTTP port for /stats, /metrics and /healthz', 0, 65_535),
  procs: int(1, 'number of server processes sharing the port', 1, 256),
  loginTimeout: ms(30_000, 'close connections that have not logged in after this long'),
  heartbeatTimeout: ms(60_000, 'close logged-in connections silent for this long'),
  likeBatch: ms(200, 'batch likes per room over this interval (0 = broadcast each like)'),
  maxOutbound: int(256 * 1024, 'bytes queued to one slow client before it is dropped', 1024),
  maxFrame: int(64 * 1024, 'largest frame accepted from a client (bytes)', 16),
  tlsCert: str('', 'PEM certificate file: serve TLS when set (with --tls-key)'),
  tlsKey: str('', 'PEM private key file for --tls-cert'),
  logLevel: str('info', 'pino log level'),
};

export const runSpec = {
  out: str('', 'report directory (default reports/<run-id>)'),
  target: str('', 'host:port that replaces the scenario\'s targets'),
  seed: int(0, 'random seed for a reproducible run (0 = random)'),
  quiet: flag('no live progress'),
  logLevel: str('warn', 'pino log level'),
};

export const demoSpec = {
  users: int(300, 'peak arrival rate scale for the demo (users)', 1),
  duration: ms(60_000, 'demo length'),
};

/** `loadfleet controller`: the farm's HTTP API, run queue and pacing (docs/FARM.md, "controller"). */
export const controllerSpec = {
  host: str('127.0.0.1', 'address the HTTP API listens on'),
  port: int(8080, 'HTTP API port (0 = any free port)', 0, 65_535),
  namespace: str('lf', 'bus namespace: prefix of every NATS subject, KV bucket, Redis key and queue'),
  apiToken: str('', 'bearer token allowed to submit and stop runs'),
  apiTokenFile: str('', 'file holding the submitting token (instead of --api-token)'),
  apiReadToken: str('', 'bearer token allowed to read only (GET)'),
  apiReadTokenFile: str('', 'file holding the read-only token'),
  insecure: flag('serve the API without tokens (anyone who reaches the port may start load)'),
  maxConcurrentRuns: int(1, 'runs executed at once; the others wait in the queue', 1, 1000),
  bodyLimit: int(1024 * 1024, 'largest request body accepted (bytes)', 1024),
  allowedTargets: str('127.0.0.0/8,localhost,::1', 'targets a scenario may load: IPv4 CIDRs, host names, or *'),
  gracefulStop: ms(30_000, 'after the schedule ends, how long running users may finish before the run is stopped'),
  workerDoneTimeout: ms(15_000, 'how long to wait for every worker of a stopped run to report WorkerDone'),
  reportTimeout: ms(60_000, 'how long to wait for the aggregators to store the report'),
  reportGrace: ms(2_000, 'RunEnded.graceMs: how long aggregators wait for late stats records'),
  startDelay: ms(1_000, 'a run starts this long after it is dequeued, so every worker can be ready'),
  ownerTimeout: ms(15_000, 'workers stop a run when the controller is silent this long'),
  logLevel: str('info', 'pino log level'),
};

/** `loadfleet submit FILE`: send a scenario to a controller, optionally follow it to its report. */
export const submitSpec = {
  api: str('http://127.0.0.1:8080', 'controller API base URL'),
  token: str('', 'bearer token (default: LOADFLEET_API_TOKEN)'),
  follow: flag('print live progress, download the report, exit by its verdict'),
  out: str('', 'report directory with --follow (default reports/<run-id>)'),
  quiet: flag('no live progress with --follow'),
};

/** `loadfleet worker`: a load generator of the farm (docs/FARM.md, "worker"). Nothing is configured per run. */
export const workerSpec = {
  id: str('', 'worker id in subjects and stats records (default host-pid-random)'),
  namespace: str('lf', 'bus namespace: prefix of every NATS subject, KV bucket, Redis key and queue'),
  capacity: int(0, 'most users this process holds (0 = from the open-files limit and port range, at most 18,000)'),
  weight: int(1, "this worker's share of a run's arrivals, relative to the other workers", 1, 1_000_000),
  procs: int(1, 'worker processes started by this command (one per core)', 1, 256),
  recordBuffer: int(3_600, 'stats records kept while Redis is unreachable; beyond, the oldest are dropped', 1),
  flushTimeout: ms(10_000, 'how long a stopping run waits for its stats records to reach Redis before WorkerDone'),
  stopWait: ms(1_000, 'after a run vanishes from the KV bucket, how long to wait for its StopRun (and grace)'),
  logLevel: str('info', 'pino log level'),
};

/** `loadfleet aggregator`: merges the workers' stats records, live rollups, final reports (docs/FARM.md, "aggregator"). */
export const aggregatorSpec = {
  id: str('', 'consumer name in the stats group (default host-pid-random; keep it across restarts)'),
  namespace: str('lf', 'bus namespace: prefix of every NATS subject, KV bucket, Redis key and queue'),
  batch: int(500, 'stats records read per XREADGROUP', 1, 100_000),
  claimIdle: ms(30_000, "claim stats records pending this long on another (dead) aggregator"),
  rollupDelay: ms(2_000, 'a second is rolled up for the live feed once it ended this long ago'),
  windowTtl: ms(7 * 24 * 3_600_000, 'how long stored per-second windows live in Redis'),
  drainTimeout: ms(30_000, 'longest wait for the stats stream to be drained before a report is built anyway'),
  logLevel: str('info', 'pino log level'),
};

/** Connection URLs for the shared infrastructure (plain env names, as docker and tests use them). */
export function infraUrls(env: Readonly<Record<string, string | undefined>> = process.env): {
  redisUrl: string;
  natsUrl: string;
} {
  return {
    redisUrl: env.REDIS_URL ?? env.LOADFLEET_REDIS_URL ?? 'redis://127.0.0.1:6379',
    natsUrl: env.NATS_URL ?? env.LOADFLEET_NATS_URL ?? 'nats://127.0.0.1:4222',
  };
}
