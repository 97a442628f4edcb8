// The pieces of the farm's security that need no network: connection options with
// credentials (libs/config), the target allowlist shared by controller and workers,
// the capacity guard, and the log scrubber (libs/log).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  TargetAllowlist,
  connectionSecrets,
  natsConnectOptions,
  NATS_RECONNECT,
  redisConnectOptions,
} from '@loadfleet/config';
import { ControllerError, checkCapacity, peakUsers } from '@loadfleet/controller';
import { scrubSecrets } from '@loadfleet/log';
import { parseScenario } from '@loadfleet/scenario';
import { refusedTargets } from '@loadfleet/worker';

const dir = mkdtempSync(join(tmpdir(), 'lf-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('NATS connection options', () => {
  it('takes user and password out of NATS_URL, so no URL carries them', async () => {
    const o = await natsConnectOptions({ NATS_URL: 'nats://lf:p%40ss@10.0.0.1:4222,nats://lf:p%40ss@10.0.0.2:4222' });
    expect(o).toEqual({
      servers: ['nats://10.0.0.1:4222', 'nats://10.0.0.2:4222'],
      user: 'lf',
      pass: 'p@ss',
      ...NATS_RECONNECT,
    });
  });

  it('reads a token from the URL or LOADFLEET_NATS_TOKEN, user/password from their variables', async () => {
    expect(await natsConnectOptions({ NATS_URL: 'nats://s3cret@h:4222' })).toEqual({
      servers: ['nats://h:4222'],
      token: 's3cret',
      ...NATS_RECONNECT,
    });
    expect(await natsConnectOptions({ NATS_URL: 'h:4222', LOADFLEET_NATS_TOKEN: 'tok' })).toEqual({
      servers: ['nats://h:4222'],
      token: 'tok',
      ...NATS_RECONNECT,
    });
    expect(
      await natsConnectOptions({ NATS_URL: 'nats://h:4222', LOADFLEET_NATS_USER: 'u', LOADFLEET_NATS_PASSWORD: 'p' }),
    ).toEqual({ servers: ['nats://h:4222'], user: 'u', pass: 'p', ...NATS_RECONNECT });
  });

  it('uses a creds file through an authenticator, and TLS files', async () => {
    const creds = join(dir, 'user.creds');
    writeFileSync(creds, '-----BEGIN NATS USER JWT-----\neyJ0\n------END NATS USER JWT------\n');
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, 'CA PEM');
    const o = await natsConnectOptions({
      NATS_URL: 'tls://h:4222',
      LOADFLEET_NATS_CREDS: creds,
      LOADFLEET_NATS_TLS_CA: ca,
    });
    expect(typeof o.authenticator).toBe('function');
    expect(o.tls).toEqual({ ca: 'CA PEM' });
    await expect(natsConnectOptions({ LOADFLEET_NATS_CREDS: join(dir, 'missing') })).rejects.toThrow(ConfigError);
  });

  it('refuses a URL it cannot read without repeating it (it may hold a password)', async () => {
    const err = await natsConnectOptions({ NATS_URL: 'nats://u:secret-pw@[bad' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).not.toContain('secret-pw');
  });
});

describe('Redis connection options', () => {
  it('moves credentials from REDIS_URL into options; rediss: means TLS, with the CA file when given', () => {
    const ca = join(dir, 'redis-ca.pem');
    writeFileSync(ca, 'REDIS CA');
    const r = redisConnectOptions({ REDIS_URL: 'rediss://app:p%23w@cache:6380/2', LOADFLEET_REDIS_TLS_CA: ca });
    expect(r.url).toBe('rediss://cache:6380/2');
    expect(r.options).toEqual({ username: 'app', password: 'p#w', tls: { ca: Buffer.from('REDIS CA') } });
  });

  it('takes the password from LOADFLEET_REDIS_PASSWORD, TLS from LOADFLEET_REDIS_TLS', () => {
    const r = redisConnectOptions({
      REDIS_URL: 'redis://h:6379',
      LOADFLEET_REDIS_PASSWORD: 'pw',
      LOADFLEET_REDIS_TLS: 'true',
    });
    expect(r).toEqual({ url: 'redis://h:6379', options: { password: 'pw', tls: {} } });
    expect(redisConnectOptions({})).toEqual({ url: 'redis://127.0.0.1:6379', options: {} });
    expect(() => redisConnectOptions({ REDIS_URL: 'http://h' })).toThrow(ConfigError);
  });

  it('lists every secret of the connection settings, for the loggers to scrub', () => {
    expect(
      connectionSecrets({
        NATS_URL: 'nats://u:natspw1@h:4222,nats://tokentoken@g:4222',
        REDIS_URL: 'redis://default:redispw1@h:6379',
        LOADFLEET_NATS_TOKEN: 'envtoken',
      }).sort(),
    ).toEqual(['envtoken', 'natspw1', 'redispw1', 'tokentoken']);
  });
});

describe('log scrubbing', () => {
  it('replaces secrets, their JSON escapes, and any URL password', () => {
    const line = JSON.stringify({
      msg: 'connect to redis://app:hunter22@h:6379 failed',
      token: 'q"uote-secret',
      x: 'abc-T0KEN-def',
    });
    const out = scrubSecrets(line, ['q"uote-secret', 'T0KEN']);
    expect(out).not.toContain('hunter22');
    expect(out).not.toContain('uote-secret');
    expect(out).not.toContain('T0KEN');
    expect(out).toContain('redis://app:[redacted]@h:6379');
    expect(scrubSecrets('nothing to hide', ['secret'])).toBe('nothing to hide');
  });
});

describe('target allowlist (controller and workers)', () => {
  it('matches CIDRs, names case-insensitively, IPv6 in any spelling, and * for anything', () => {
    const a = new TargetAllowlist('10.1.0.0/16, chat.example, ::1');
    expect(['10.1.255.3', 'CHAT.example', '0:0:0:0:0:0:0:1', '[::1]'].map((h) => a.allows(h))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['10.2.0.1', 'chat.example.evil', '::2', '127.0.0.1'].map((h) => a.allows(h))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(new TargetAllowlist('*').allows('anything.at.all')).toBe(true);
  });

  it('refuses unusual spellings of addresses unless listed as such (127.1 is not 127.0.0.1 here)', () => {
    const local = new TargetAllowlist('127.0.0.0/8');
    expect(['127.1', '2130706433', '0x7f.0.0.1', '127.0.0.1.nip.io'].some((h) => local.allows(h))).toBe(false);
  });

  it('refuses a bad list at start', () => {
    expect(() => new TargetAllowlist('10.0.0.0/33')).toThrow(ConfigError);
    expect(() => new TargetAllowlist('300.1.1.1')).toThrow(ConfigError);
    expect(() => new TargetAllowlist('host name with spaces')).toThrow(ConfigError);
  });

  it('gives a worker the reason it refuses a plan', () => {
    const plan = parseScenario(
      'name: t\ntargets: [10.0.0.1:7000, 127.0.0.1:7000]\nload: { phases: [{ duration: 1s, rate: 1 }] }\nsessions: [{ name: s, steps: [connect] }]\n',
    );
    const local = new TargetAllowlist('127.0.0.0/8');
    expect(refusedTargets(plan, (h) => local.allows(h), local.spec)).toBe(
      'target 10.0.0.1:7000 not allowed on this worker (--allowed-targets 127.0.0.0/8)',
    );
    expect(refusedTargets(plan, () => true, '*')).toBeNull();
  });
});

describe('capacity guard', () => {
  const open = (rate: number, steps: string, extra = '') =>
    parseScenario(
      `name: t\ntarget: 127.0.0.1:7000\nload:\n  ${extra}phases: [{ duration: 1m, rate: ${rate} }]\nsessions: [{ name: s, steps: ${steps} }]\n`,
    );

  it("estimates an open model's peak users by Little's law, capped by arrivals and maxUsers", () => {
    expect(peakUsers(open(100, '[connect, { think: 10s }, close]')).users).toBe(1000);
    expect(peakUsers(open(100, '[connect, { loop: { count: 3, steps: [{ think: 2s }] } }, close]')).users).toBe(600);
    // Every arrival of a one-minute phase, at most.
    expect(peakUsers(open(10, '[connect, { think: 1h }, close]')).users).toBe(600);
    expect(peakUsers(open(100, '[connect, { think: 10s }, close]', 'maxUsers: 50\n  ')).users).toBe(50);
  });

  it('refuses with 422 over the cap or the factor, and only then', () => {
    const plan = open(100, '[connect, { think: 10s }, close]');
    const text = 'name: t\ntarget: 127.0.0.1:7000\nload:\n  phases: [{ duration: 1m, rate: 100 }]\n';
    expect(() => checkCapacity(plan, text, { maxUsers: 0, capacityFactor: 2 }, 500)).not.toThrow();
    expect(() => checkCapacity(plan, text, { maxUsers: 0, capacityFactor: 2 }, 0)).not.toThrow();
    const err = (() => {
      try {
        checkCapacity(plan, text, { maxUsers: 0, capacityFactor: 2 }, 499);
      } catch (e) {
        return e as ControllerError;
      }
      throw new Error('not refused');
    })();
    expect(err.status).toBe(422);
    expect(err.issues[0]).toMatchObject({ path: 'load.phases', line: 4 });
    expect(() => checkCapacity(plan, text, { maxUsers: 999, capacityFactor: 0 }, 0)).toThrow(/--max-users/);
  });
});
