// Hostile or broken targets: hundreds of users against each, through LocalRunner.
// Whatever the target does, the generator's memory stays bounded and every user's
// fate is counted (errors.protocol, errors.slow_target, request/connect timeouts).
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '@loadfleet/report';
import { LocalRunner } from '@loadfleet/runner';
import { parseScenario } from '@loadfleet/scenario';
import { garbage, neverReads, oversizedFrames, readsOneBytePerSecond, silent, type HostileTarget } from './targets.js';

const USERS = 200;
/** Peak growth of heap + external memory allowed over a run of USERS users (the engine's bound is 64 KiB each). */
const MEMORY_BOUND = 160 * 1024 * 1024;

let target: HostileTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

/** Runs USERS users (arriving over 1 s) with `steps`, sampling the process's memory all along. */
async function run(steps: string, options: { tls?: boolean; timeouts?: string } = {}) {
  const address = `127.0.0.1:${target!.port}`;
  const plan = parseScenario(`name: hostile
${options.tls ? `targets:\n  - { address: "${address}", tls: { rejectUnauthorized: false } }` : `target: ${address}`}
timeouts: ${options.timeouts ?? '{ connect: 2s, request: 2s }'}
load:
  phases:
    - { duration: 1s, rate: ${USERS} }
sessions:
  - name: s
    steps:
${steps}`);
  const base = used();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, used() - base)), 10);
  try {
    const report = await new LocalRunner(plan, { seed: 7, gracefulStopMs: 20_000 }).run();
    peak = Math.max(peak, used() - base);
    return { report, peak };
  } finally {
    clearInterval(sampler);
  }
}

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

const errors = (r: Report) => r.totals.errors.byKind;
const MiB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** A user that logs in and then sends 16 KiB chat messages as fast as it may, without waiting for replies. */
const FLOOD = `
      - connect
      - loop:
          count: 2000
          steps:
            - send: chat
              fields: { room: r, text: '${'x'.repeat(16 * 1024)}' }
              wait: false
            - think: 1ms
      - close`;

const LOGIN = `
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - close`;

describe('a hostile target', () => {
  it('sends oversized frames: each connection fails with a protocol error at the length prefix', async () => {
    target = await oversizedFrames();
    const { report, peak } = await run(LOGIN);
    expect(report.totals.users.started).toBe(USERS);
    expect(errors(report).protocol).toBe(USERS);
    expect(report.totals.users.failed).toBe(USERS);
    expect(peak, MiB(peak)).toBeLessThan(MEMORY_BOUND);
  }, 60_000);

  it('sends garbage: each connection fails with a protocol error, nothing else is hurt', async () => {
    target = await garbage();
    // Generous timeouts: on a busy box 200 × 2 MiB of garbage can take longer than 2 s to
    // arrive, and a request timeout must not win the race against the protocol error.
    const { report, peak } = await run(LOGIN, { timeouts: '{ connect: 10s, request: 30s }' });
    expect(report.totals.users.started).toBe(USERS);
    expect(errors(report), JSON.stringify(errors(report))).toMatchObject({ protocol: USERS });
    expect(report.totals.users.failed).toBe(USERS);
    expect(peak, MiB(peak)).toBeLessThan(MEMORY_BOUND);
  }, 60_000);

  it('never reads: outbound bytes stop at the per-connection bound (errors.slow_target)', async () => {
    target = await neverReads();
    const { report, peak } = await run(FLOOD);
    expect(report.totals.users.started).toBe(USERS);
    expect(errors(report).slow_target).toBe(USERS);
    expect(report.totals.users.failed).toBe(USERS);
    expect(peak, MiB(peak)).toBeLessThan(MEMORY_BOUND);
  }, 90_000);

  it('reads one byte per second: the same bound holds', async () => {
    target = await readsOneBytePerSecond();
    const { report, peak } = await run(FLOOD);
    expect(report.totals.users.started).toBe(USERS);
    expect(errors(report).slow_target).toBe(USERS);
    expect(report.totals.users.failed).toBe(USERS);
    expect(peak, MiB(peak)).toBeLessThan(MEMORY_BOUND);
  }, 90_000);

  it('accepts and never answers: every login times out, and the users go on to the end', async () => {
    target = await silent();
    const { report, peak } = await run(LOGIN, { timeouts: '{ connect: 1s, request: 1s }' });
    expect(report.totals.users.started).toBe(USERS);
    expect(errors(report).request_timeout).toBe(USERS);
    expect(report.totals.users.finished).toBe(USERS);
    expect(peak, MiB(peak)).toBeLessThan(MEMORY_BOUND);
  }, 60_000);

  it('accepts and never answers the TLS handshake: the connect timeout covers it', async () => {
    target = await silent();
    const { report } = await run(LOGIN, { tls: true, timeouts: '{ connect: 1s, request: 1s }' });
    expect(report.totals.users.started).toBe(USERS);
    expect(report.totals.connections.failedByReason.timeout).toBe(USERS);
    expect(errors(report).connect).toBe(USERS);
    expect(report.totals.users.failed).toBe(USERS);
  }, 60_000);
});
