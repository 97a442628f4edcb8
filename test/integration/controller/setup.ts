import { TargetAllowlist, TokenAuth } from '@loadfleet/controller';
import { Controller, type ControllerOptions } from '@loadfleet/controller-service';
import { createLogger } from '@loadfleet/log';
import type { Infra } from '../../helpers/infra.js';

export const WRITE_TOKEN = 'test-write-token';
export const READ_TOKEN = 'test-read-token-1';

/** A controller in this process on a free port, in the test's namespace, with short timeouts. */
export function startController(infra: Infra, overrides: Partial<ControllerOptions> = {}): Promise<Controller> {
  return Controller.start({
    host: '127.0.0.1',
    port: 0,
    namespace: infra.namespace,
    redisUrl: infra.redisUrl,
    natsUrl: infra.natsUrl,
    auth: new TokenAuth({ writeToken: WRITE_TOKEN, readToken: READ_TOKEN }),
    allowlist: new TargetAllowlist('127.0.0.0/8'),
    maxConcurrentRuns: 1,
    bodyLimit: 64 * 1024,
    timings: { startDelayMs: 300, gracefulStopMs: 3000, workerDoneTimeoutMs: 2000, reportTimeoutMs: 3000 },
    log: createLogger('controller', { level: process.env.LF_TEST_LOG ?? 'silent' }),
    ...overrides,
  });
}

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read API answers loosely
  body: any;
  headers: Headers;
}

/** Calls the API; JSON bodies are parsed. */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { token?: string | null; body?: string | object; type?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? WRITE_TOKEN : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = opts.type ?? (typeof opts.body === 'string' ? 'application/yaml' : 'application/json');
  }
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: res.status, body: parsed, headers: res.headers };
}

/** An open-model scenario against a port nobody listens on (the fake workers make no connections). */
export function scenario(phases: string, name = 'itest'): string {
  return `name: ${name}
target: 127.0.0.1:9
load:
  phases:
${phases}
sessions:
  - name: s
    steps: [connect, close]
`;
}
