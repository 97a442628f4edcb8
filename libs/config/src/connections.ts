/**
 * How every service reaches NATS and Redis, with their credentials and TLS, built
 * in one place from the environment (controller, worker and aggregator all call
 * these). Credentials are taken out of the URLs, so a URL that reaches a log line
 * or an error message carries none.
 *
 * NATS: NATS_URL (`nats://user:pass@host:4222`, `nats://token@host:4222`, several
 * comma-separated), or LOADFLEET_NATS_USER + LOADFLEET_NATS_PASSWORD,
 * LOADFLEET_NATS_TOKEN, LOADFLEET_NATS_CREDS (a .creds file); TLS with `tls://`
 * or LOADFLEET_NATS_TLS_CA / _CERT / _KEY (PEM files).
 * Redis: REDIS_URL (`redis://user:pass@host:6379/0`, `rediss://` for TLS), or
 * LOADFLEET_REDIS_USERNAME / LOADFLEET_REDIS_PASSWORD; TLS CA / client certificate
 * with LOADFLEET_REDIS_TLS_CA / _CERT / _KEY (PEM files), LOADFLEET_REDIS_TLS=1 to
 * use TLS with a `redis://` URL.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'nats';
import type { RedisOptions } from 'ioredis';
import { ConfigError } from './errors.js';
import { parseBoolean } from './parse.js';
import { infraUrls } from './specs.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The farm's one NATS reconnect policy: never give up, and come back soon after a
 * NATS restart (every 500 ms ± 250 ms, so a fleet does not reconnect in step); the
 * gap shows in every run's arrivals (docs/RELIABILITY.md, "Faults").
 */
export const NATS_RECONNECT = { maxReconnectAttempts: -1, reconnectTimeWait: 500, reconnectJitter: 250 } as const;

/** NATS connection options, with the reconnect policy (merge a service's own name over them). */
export async function natsConnectOptions(env: Env = process.env): Promise<ConnectionOptions> {
  const { natsUrl } = infraUrls(env);
  const servers: string[] = [];
  let user = env.LOADFLEET_NATS_USER || undefined;
  let pass = env.LOADFLEET_NATS_PASSWORD || undefined;
  let token = env.LOADFLEET_NATS_TOKEN || undefined;
  let tlsScheme = false;
  for (const raw of natsUrl
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const u = parseUrl(raw.includes('://') ? raw : `nats://${raw}`, 'NATS_URL');
    if (u.protocol === 'tls:') tlsScheme = true;
    if (u.username && u.password) {
      user ??= decodeURIComponent(u.username);
      pass ??= decodeURIComponent(u.password);
    } else if (u.username) token ??= decodeURIComponent(u.username);
    u.username = '';
    u.password = '';
    servers.push(u.host ? `${u.protocol}//${u.host}` : raw);
  }
  const opts: ConnectionOptions = { servers, ...NATS_RECONNECT };
  const creds = env.LOADFLEET_NATS_CREDS;
  if (creds) {
    const { credsAuthenticator } = await import('nats');
    opts.authenticator = credsAuthenticator(readPem(creds, 'LOADFLEET_NATS_CREDS'));
  } else if (user !== undefined) {
    opts.user = user;
    opts.pass = pass ?? '';
  } else if (token !== undefined) opts.token = token;
  const ca = env.LOADFLEET_NATS_TLS_CA;
  const cert = env.LOADFLEET_NATS_TLS_CERT;
  const key = env.LOADFLEET_NATS_TLS_KEY;
  if (tlsScheme || ca || cert) {
    opts.tls = {
      ...(ca ? { ca: readPem(ca, 'LOADFLEET_NATS_TLS_CA').toString() } : {}),
      ...(cert ? { cert: readPem(cert, 'LOADFLEET_NATS_TLS_CERT').toString() } : {}),
      ...(key ? { key: readPem(key, 'LOADFLEET_NATS_TLS_KEY').toString() } : {}),
    };
  }
  return opts;
}

/**
 * The Redis URL without credentials, and ioredis options carrying them and TLS:
 * `new Redis(c.url, { ...c.options, ...ownOptions })`.
 */
export function redisConnectOptions(env: Env = process.env): { url: string; options: RedisOptions } {
  const { redisUrl } = infraUrls(env);
  const u = parseUrl(redisUrl.includes('://') ? redisUrl : `redis://${redisUrl}`, 'REDIS_URL');
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new ConfigError(`REDIS_URL: "${u.protocol}" is not redis: or rediss:`);
  const options: RedisOptions = {};
  const username = env.LOADFLEET_REDIS_USERNAME || (u.username ? decodeURIComponent(u.username) : '');
  const password = env.LOADFLEET_REDIS_PASSWORD || (u.password ? decodeURIComponent(u.password) : '');
  if (username) options.username = username;
  if (password) options.password = password;
  const ca = env.LOADFLEET_REDIS_TLS_CA;
  const cert = env.LOADFLEET_REDIS_TLS_CERT;
  const key = env.LOADFLEET_REDIS_TLS_KEY;
  const tls = u.protocol === 'rediss:' || parseBoolean(env.LOADFLEET_REDIS_TLS || 'false');
  if (tls || ca || cert) {
    options.tls = {
      ...(ca ? { ca: readPem(ca, 'LOADFLEET_REDIS_TLS_CA') } : {}),
      ...(cert ? { cert: readPem(cert, 'LOADFLEET_REDIS_TLS_CERT') } : {}),
      ...(key ? { key: readPem(key, 'LOADFLEET_REDIS_TLS_KEY') } : {}),
    };
  }
  u.username = '';
  u.password = '';
  // The scheme stays rediss: so nothing downstream mistakes the connection for a plain one.
  return { url: u.toString(), options };
}

/** Every secret the connection settings hold, so loggers can scrub them (never empty strings). */
export function connectionSecrets(env: Env = process.env): string[] {
  const out = [env.LOADFLEET_NATS_PASSWORD, env.LOADFLEET_NATS_TOKEN, env.LOADFLEET_REDIS_PASSWORD];
  const { natsUrl, redisUrl } = infraUrls(env);
  const fromUrl = (raw: string, scheme: string, tokenInUser: boolean) => {
    try {
      const u = new URL(raw.includes('://') ? raw : `${scheme}://${raw}`);
      if (u.password) out.push(decodeURIComponent(u.password));
      else if (tokenInUser && u.username) out.push(decodeURIComponent(u.username));
    } catch {
      // not a URL: the service refuses it when it connects
    }
  };
  for (const raw of natsUrl.split(',')) fromUrl(raw.trim(), 'nats', true);
  fromUrl(redisUrl.trim(), 'redis', false);
  return out.filter((s): s is string => typeof s === 'string' && s.length >= 4);
}

function parseUrl(raw: string, name: string): URL {
  try {
    return new URL(raw);
  } catch (err) {
    // The URL may hold a password: say what is wrong with it without repeating it.
    throw new ConfigError(`${name} is not a valid URL`, { cause: err });
  }
}

function readPem(file: string, name: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError(`${name}: cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}
