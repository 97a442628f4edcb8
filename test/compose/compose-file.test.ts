// docker-compose.yml, checked without a Docker engine: Compose itself parses it
// (`docker-compose config`, Debian's docker-compose), and what issue 13 found wrong
// with it stays fixed: a healthcheck the image can run, loopback-only published
// ports, a restart policy on every service, and a token of 16 characters asked for.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPOSE_FILE, interpolate, readCompose, type ComposeFile } from '../helpers/compose.js';

const TOKEN = 'compose-test-token-0123456789';

function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

const composeInstalled = hasBinary('docker-compose');
const skipReason = 'SKIPPED: docker-compose is not installed (apt-get install -y docker-compose; .ci/run installs it)';
if (!composeInstalled) console.warn(`test/compose/compose-file.test.ts: docker-compose config — ${skipReason}`);

function composeConfig(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('docker-compose', ['-f', COMPOSE_FILE, 'config'], {
    cwd: dirname(COMPOSE_FILE),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!composeInstalled)(`docker-compose config${composeInstalled ? '' : ` — ${skipReason}`}`, () => {
  it('parses the file: Compose accepts it, with the services the README names', () => {
    const r = composeConfig({ LOADFLEET_API_TOKEN: TOKEN });
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.status).toBe(0);
    const config = parse(r.stdout) as ComposeFile;
    expect(Object.keys(config.services).sort()).toEqual([
      'aggregator',
      'chat-server',
      'controller',
      'nats',
      'redis',
      'worker',
    ]);
    // Compose's reading and ours (test/helpers/compose.ts, used to run the services as processes) agree.
    const ours = readCompose({ LOADFLEET_API_TOKEN: TOKEN });
    for (const [name, s] of Object.entries(config.services)) {
      expect({ name, command: s.command }).toEqual({ name, command: ours.services[name]!.command });
      expect({ name, env: s.environment ?? {} }).toEqual({ name, env: ours.services[name]!.environment ?? {} });
    }
  });

  it('refuses to start without LOADFLEET_API_TOKEN, and says it needs 16 characters', () => {
    const r = composeConfig({});
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/LOADFLEET_API_TOKEN.*16 characters/);
  });
});

describe('docker-compose.yml (read as Compose reads it)', () => {
  const file = readCompose({ LOADFLEET_API_TOKEN: TOKEN });
  const services = Object.entries(file.services);

  it('the NATS healthcheck can run in its image: an image with a shell and wget, not the scratch nats:2.10', () => {
    const nats = file.services.nats!;
    expect(nats.healthcheck?.test).toBeDefined();
    const [kind, bin] = nats.healthcheck!.test;
    expect(kind).toBe('CMD');
    // The scratch image has no programs at all: a check needs the -alpine variant (busybox wget).
    if (bin === 'wget' || kind === 'CMD-SHELL') expect(nats.image).toMatch(/^nats:[\d.]+-alpine$/);
    expect(nats.command).toEqual(expect.arrayContaining(['-m', '8222']));
  });

  it('every service that waits for another to be healthy waits for one with a healthcheck', () => {
    for (const [name, s] of services) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        if (condition === 'service_healthy')
          expect({ name, dep, healthcheck: Boolean(file.services[dep]?.healthcheck) }).toEqual({
            name,
            dep,
            healthcheck: true,
          });
      }
    }
  });

  it('publishes ports on 127.0.0.1 only, unless LOADFLEET_PUBLISH_IP says otherwise', () => {
    const published = services.flatMap(([name, s]) => (s.ports ?? []).map((p) => ({ name, p })));
    expect(published.length).toBeGreaterThan(0);
    for (const { name, p } of published)
      expect({ name, p }).toEqual({ name, p: expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/) });
    const open = readCompose({ LOADFLEET_API_TOKEN: TOKEN, LOADFLEET_PUBLISH_IP: '0.0.0.0' });
    expect(open.services.controller!.ports).toEqual(['0.0.0.0:8080:8080']);
  });

  it('every service has a restart policy', () => {
    for (const [name, s] of services) expect({ name, restart: s.restart }).toEqual({ name, restart: 'unless-stopped' });
  });

  it('lets the workers reach the chat server by its service name (examples/compose-chatroom.yaml)', () => {
    expect(file.services.worker!.environment!.LOADFLEET_ALLOWED_TARGETS).toMatch(/(^|,)chat-server(,|$)/);
    expect(file.services.controller!.environment!.LOADFLEET_ALLOWED_TARGETS).toMatch(/(^|,)chat-server(,|$)/);
  });

  it('interpolates as Compose does', () => {
    const env = { A: 'x', E: '' };
    expect(interpolate('${A} ${B:-d} ${E:-d} ${E-d} $$A $A', env)).toBe('x d d  $A x');
    expect(() => interpolate('${B:?needed}', env)).toThrow(/B .*needed/);
  });
});
