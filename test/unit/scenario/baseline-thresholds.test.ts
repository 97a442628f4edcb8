import { describe, expect, it } from 'vitest';
import { HEAD, LOAD, errorsOf, plan } from './helpers.js';

const SESSIONS = 'sessions: [{ name: s, steps: [connect, { send: chat, fields: { room: r, text: t } }] }]\n';
const thresholds = (lines: string[]) =>
  plan(HEAD + LOAD + SESSIONS + 'thresholds:\n' + lines.map((l) => `  - "${l}"`).join('\n')).thresholds;

describe('baseline-relative thresholds and rate(counter)', () => {
  it('compile "baseline * F" and "baseline" limits, and per-second rates', () => {
    expect(
      thresholds([
        'p99(response.chat) < baseline * 1.10',
        'rate(messages.sent) > baseline * 0.95',
        'error_rate <= baseline',
        'rate(msg.out.chat) >= 100',
      ]).map(({ metric, op, value, baseline }) => ({ metric, op, value, baseline })),
    ).toEqual([
      { metric: { kind: 'latency', histogram: 'response.chat', stat: 'p99' }, op: '<', value: 0, baseline: 1.1 },
      { metric: { kind: 'throughput', counter: 'messages.sent' }, op: '>', value: 0, baseline: 0.95 },
      { metric: { kind: 'rate', rate: 'error_rate' }, op: '<=', value: 0, baseline: 1 },
      { metric: { kind: 'throughput', counter: 'msg.out.chat' }, op: '>=', value: 100, baseline: undefined },
    ]);
  });

  it('refuses a malformed relative limit, at its line', () => {
    const errors = errorsOf(HEAD + LOAD + SESSIONS + 'thresholds:\n  - "p99(response.chat) < baseline * x"\n');
    expect(errors.join('\n')).toMatch(/baseline \* FACTOR/);
  });
});
