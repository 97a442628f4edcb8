/**
 * Every service's settings, in one place. Each key is a --flag and a LOADFLEET_*
 * variable (see settings.ts); REDIS_URL and NATS_URL are also read as they are.
 */
import { ConfigError } from './errors.js';
import { parseAddressList, parseBoolean, parseDuration, parseInteger } from './parse.js';
import type { Setting } from './settings.js';

const str = (def: string, help: string): Setting<string> => ({ help, default: def, parse: (s) => s });
const int = (def: number, help: string, min = 0, max?: number): Setting<number> => ({
  help,
  default: def,
  parse: (s) => parseInteger(s, min, max),
});
const ms = (def: number, help: string): Setting<number> => ({ help, default: def, parse: parseDuration });
const flag = (help: string): Setting<boolean> => ({ help, default: false, parse: parseBoolean, switch: true });
const addresses = (help: string): Setting<string[]> => ({ help, default: [], parse: parseAddressList });
const num = (def: number, help: string, min = 0): Setting<number> => ({
  help,
  default: def,
  parse: (s) => {
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v) || v < min) throw new ConfigError(`"${s}" is not a number ≥ ${min}`);
    return v;
  },
});
/**
 * The V8 flags a generator process runs with unless told otherwise: V8's young
 * generation capped at 2 × 2 MiB. Left to itself V8 grows it to 2 × 16 MiB while a
 * ramp's users survive their first collections and keeps it resident: ~1.8 KiB more
 * RSS per held user at 18,000 users, for ~0.2 % of a core in extra scavenges
 * (docs/BENCHMARKS.md, "Worker (generator)": bench:worker measures with these).
 */
export const GENERATOR_NODE_FLAGS = ['--max-semi-space-size=2'] as const;

/** Node/V8 flags separated by spaces, each `--name` or `--name=value`; '' = none (Node's defaults). */
export function parseNodeFlags(s: string): string[] {
  const flags = s.split(/\s+/).filter(Boolean);
  for (const f of flags)
    if (!/^--[a-z0-9][a-z0-9_-]*(=\S+)?$/i.test(f)) throw new ConfigError(`"${f}" is not a --flag`);
  return flags;
}
const nodeFlags = (help: string): Setting<string[]> => ({
  help,
  default: [...GENERATOR_NODE_FLAGS],
  parse: parseNodeFlags,
});

/** A port that is off unless given: -1 = off. */
const optionalPort = (help: string): Setting<number> => ({
  help: `${help}; off when not given`,
  default: -1,
  parse: (s) => parseInteger(s, 0, 65_535),
});
const fraction = (def: number, help: string): Setting<number> => ({
  help,
  default: def,
  parse: (s) => {
    const v = Number(s);
    if (s.trim() === '' || !(v >= 0 && v <= 1)) throw new ConfigError(`"${s}" is not a fraction from 0 to 1`);
    return v;
  },
});

export const chatServerSpec = {
  host: str('127.0.0.1', 'address to listen on'),
  port: int(7000, 'chat protocol TCP port (0 = any free port)', 0, 65_535),
  httpPort: int(7001, 'HTTP port for /stats, /metrics and /healthz', 0, 65_535),
  procs: int(1, 'server processes; each accepts on the shared port(s) on its own', 1, 256),
  wire: str('chat', 'wire format: chat (the bundled protocol) or im-lite (examples/protocols/im-lite)'),
  wsPort: optionalPort('WebSocket port for the same wire, one frame per binary message (0 = any free port)'),
  maxConns: int(0, 'most connections one process holds; with every process full, new ones are refused (0 = auto)'),
  loginTimeout: ms(30_000, 'close connections that have not logged in after this long'),
  heartbeatTimeout: ms(60_000, 'close logged-in connections silent for this long'),
  likeBatch: ms(200, 'batch likes per room over this interval (0 = broadcast each like)'),
  maxOutbound: int(256 * 1024, 'bytes queued to one slow client before it is dropped', 1024),
  maxFrame: int(64 * 1024, 'largest frame accepted from a client (bytes)', 16),
  extraLatency: ms(0, 'hold every request this long before handling it, so every reply and push is that much later'),
  dropRate: fraction(0, 'fraction of requests other than login received and then ignored: no reply, no effect'),
  tlsCert: str('', 'PEM certificate file: serve TLS when set (with --tls-key)'),
  tlsKey: str('', 'PEM private key file for --tls-cert'),
  logLevel: str('info', 'pino log level'),
};

export const runSpec = {
  out: str('', 'report directory (default reports/<run-id>)'),
  target: str('', "host:port that replaces the scenario's targets"),
  seed: int(0, 'random seed for a reproducible run (0 = random)'),
  quiet: flag('no live progress'),
  nodeFlags: nodeFlags(
    "V8 flags the run's process needs (default --max-semi-space-size=2); started without them, run relaunches itself with them ('' = Node's defaults; write --node-flags=…)",
  ),
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
  apiTokens: str('', 'named tokens allowed to submit and stop, accepted at once (rotation): name=token,name=token'),
  apiTokensFile: str('', 'file of named submitting tokens, one name=token a line'),
  apiReadTokens: str('', 'named read-only tokens: name=token,name=token'),
  apiReadTokensFile: str('', 'file of named read-only tokens, one name=token a line'),
  sessionTtl: ms(12 * 3_600_000, 'how long a console sign-in lasts (the session cookie), idle or not'),
  secureCookies: flag(
    'mark the console session cookie Secure (the console is reached over https, e.g. behind a TLS proxy)',
  ),
  insecure: flag('serve the API without tokens (anyone who reaches the port may start load)'),
  maxConcurrentRuns: int(1, 'runs executed at once; the others wait in the queue', 1, 1000),
  bodyLimit: int(1024 * 1024, 'largest request body accepted (bytes)', 1024),
  allowedTargets: str('127.0.0.0/8,localhost,::1', 'targets a scenario may load: IPv4 CIDRs, host names, or *'),
  maxUsers: int(0, 'refuse runs whose peak concurrent users exceed this (0 = no fixed cap)'),
  capacityFactor: int(2, "refuse runs needing more than this many times the live workers' total capacity (0 = off)"),
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
  capacity: int(0, 'most users this process holds (0 = computed from open files, ports, memory; at most 18,000)'),
  sourceIps: addresses(
    "source addresses the users bind, in rotation (127.0.0.2-127.0.0.40, a,b): replaces the scenario's sourceAddresses",
  ),
  memoryBudget: int(0, "MB this process may spend on users (0 = 80 % of the host's available memory / --procs)"),
  perUserKb: int(0, "memory one held user costs, KB, for the memory bound (0 = loadfleet's measured figure)"),
  weight: int(1, "this worker's share of a run's arrivals, relative to the other workers", 1, 1_000_000),
  procs: int(1, 'worker processes started by this command (one per core)', 1, 256),
  nodeFlags: nodeFlags(
    "V8 flags of the worker processes (default --max-semi-space-size=2); a process started without them runs its worker in a child that has them ('' = Node's defaults; write --node-flags=…)",
  ),
  recordBuffer: int(3_600, 'stats records kept while Redis is unreachable; beyond, the oldest are dropped', 1),
  flushTimeout: ms(10_000, 'how long a stopping run waits for its stats records to reach Redis before WorkerDone'),
  stopWait: ms(1_000, 'after a run vanishes from the KV bucket, how long to wait for its StopRun (and grace)'),
  allowedTargets: str(
    '127.0.0.0/8,localhost,::1',
    'targets this worker may connect to (checked again here): IPv4 CIDRs, host names, or *',
  ),
  logLevel: str('info', 'pino log level'),
};

/** `loadfleet plan`: hosts, worker processes, source IPs and RAM to hold a number of users (libs/capacity). */
export const planSpec = {
  users: int(0, 'concurrent users to hold', 0, 1_000_000_000),
  perUserKb: num(0, "generator memory per held user, KB (0 = loadfleet's measured figure)"),
  idleMb: num(0, 'RSS of an idle worker process, MB (0 = measured)'),
  usersPerProcess: int(0, 'users one worker process holds (0 = measured, at most 18,000)'),
  usersPerCore: int(0, 'held users one generator core keeps up with (0 = measured)'),
  ipsPerHost: int(0, 'source IPs each generator host has (0 = as many as needed)'),
  hostRam: num(0, "RAM of a generator host, GB (0 = this host's)"),
  cores: int(0, "cores of a generator host (0 = this host's)"),
  openFiles: int(0, "open files a worker process may have (0 = this process's soft limit)"),
  portRange: str('', "ephemeral port range, e.g. 1024-65535 (default: this host's net.ipv4.ip_local_port_range)"),
  serverKb: num(0, "target memory per connection, KB (0 = loadfleet's chat server, measured)"),
  json: flag('print the plan as JSON'),
};

/** `loadfleet aggregator`: merges the workers' stats records, live rollups, final reports (docs/FARM.md, "aggregator"). */
export const aggregatorSpec = {
  id: str('', 'consumer name in the stats group (default host-pid-random; keep it across restarts)'),
  namespace: str('lf', 'bus namespace: prefix of every NATS subject, KV bucket, Redis key and queue'),
  batch: int(500, 'stats records read per XREADGROUP', 1, 100_000),
  claimIdle: ms(30_000, 'claim stats records pending this long on another (dead) aggregator'),
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
