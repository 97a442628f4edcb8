import { describe, expect, it } from 'vitest';
import { HEAD, LOAD, errorsOf, plan } from './helpers.js';

const SESSIONS = 'sessions: [{ name: s, steps: [{ transaction: { name: gift-flow, steps: [think: 1s] } }] }]\n';

function thresholds(lines: string) {
  return plan(HEAD + LOAD + SESSIONS + 'thresholds:\n' + lines).thresholds;
}

describe('thresholds', () => {
  it('compile latency, count and rate rules, short and long forms', () => {
    expect(
      thresholds(
        [
          '  - "p99(response.chat) < 200ms"',
          '  - { expr: "error_rate < 1%", abort: true, abortAfter: 10s }',
          '  - "login_rate >= 99%"',
          '  - "count(errors.protocol) == 0"',
          '  - "p99.9(delivery.chat) <= 1.5s"',
          '  - "max(transaction.gift-flow) > 0"',
          '  - "connect_success_rate>=0.995"',
          '  - { expr: "mean(connect) < 1m" }',
        ].join('\n'),
      ),
    ).toEqual([
      {
        expr: 'p99(response.chat) < 200ms',
        metric: { kind: 'latency', histogram: 'response.chat', stat: 'p99' },
        op: '<',
        value: 200,
        abort: false,
        abortDelayMs: 0,
      },
      {
        expr: 'error_rate < 1%',
        metric: { kind: 'rate', rate: 'error_rate' },
        op: '<',
        value: 0.01,
        abort: true,
        abortDelayMs: 10_000,
      },
      {
        expr: 'login_rate >= 99%',
        metric: { kind: 'rate', rate: 'login_rate' },
        op: '>=',
        value: 0.99,
        abort: false,
        abortDelayMs: 0,
      },
      {
        expr: 'count(errors.protocol) == 0',
        metric: { kind: 'count', counter: 'errors.protocol' },
        op: '==',
        value: 0,
        abort: false,
        abortDelayMs: 0,
      },
      {
        expr: 'p99.9(delivery.chat) <= 1.5s',
        metric: { kind: 'latency', histogram: 'delivery.chat', stat: 'p99.9' },
        op: '<=',
        value: 1500,
        abort: false,
        abortDelayMs: 0,
      },
      {
        expr: 'max(transaction.gift-flow) > 0',
        metric: { kind: 'latency', histogram: 'transaction.gift-flow', stat: 'max' },
        op: '>',
        value: 0,
        abort: false,
        abortDelayMs: 0,
      },
      {
        expr: 'connect_success_rate>=0.995',
        metric: { kind: 'rate', rate: 'connect_success_rate' },
        op: '>=',
        value: 0.995,
        abort: false,
        abortDelayMs: 0,
      },
      {
        expr: 'mean(connect) < 1m',
        metric: { kind: 'latency', histogram: 'connect', stat: 'mean' },
        op: '<',
        value: 60_000,
        abort: false,
        abortDelayMs: 0,
      },
    ]);
  });

  it('accept every histogram family', () => {
    const names = ['connect', 'delivery', 'session', 'response.login', 'response_intended.chat', 'delivery.likes'];
    const t = thresholds(names.map((n) => `  - "p50(${n}) < 1s"`).join('\n'));
    expect(t.map((x) => (x.metric.kind === 'latency' ? x.metric.histogram : ''))).toEqual(names);
  });

  it('refuse bad expressions, units that do not fit the metric and unknown names', () => {
    const lines = [
      '  - "p99(response.chat) < 1%"',
      '  - "error_rate < 5"',
      '  - "count(errors) < 1s"',
      '  - "p98(connect) < 1s"',
      '  - "p99(response.shout) < 1s"',
      '  - "p99(transaction.nope) < 1s"',
      '  - "p99(delivery.kiss) < 1s"',
      '  - "p99(wobble) < 1s"',
      '  - "latency is low"',
      '  - "throughput > 5"',
      '  - "login_rate => 99%"',
      '  - { expr: "error_rate < 1%", abortAfter: 5s }',
      '  - { abort: true }',
      '  - 42',
      '  - "error_rate < 101%"',
    ];
    expect(errorsOf(HEAD + LOAD + SESSIONS + 'thresholds:\n' + lines.join('\n'))).toEqual([
      '6:5 thresholds[0]: a latency needs a duration like 200ms or 1s, got "1%"',
      '7:5 thresholds[1]: a rate needs a percentage from 0% to 100% or a fraction from 0 to 1, got "5"',
      '8:5 thresholds[2]: a count needs a plain number ≥ 0, got "1s"',
      '9:5 thresholds[3]: unknown statistic "p98"; expected count, rate or one of p50, p90, p95, p99, p99.9, max, mean, min',
      '10:5 thresholds[4]: no answered request "shout" in response.shout; expected one of login, joinRoom, leave, chat, like, gift, beam, heartbeat',
      '11:5 thresholds[5]: no transaction named "nope" in transaction.nope (declared: gift-flow)',
      '12:5 thresholds[6]: no event "kiss" in delivery.kiss; expected one of chat, likes, gift, beam, join, leave',
      '13:5 thresholds[7]: unknown histogram "wobble"; expected one of connect, response.<request>, response_intended.<request>, delivery, delivery.<event>, transaction.<name>, session',
      '14:5 thresholds[8]: expected "<metric> <op> <value>" with op one of < <= > >= ==, got "latency is low"',
      '15:5 thresholds[9]: unknown metric "throughput"; expected STAT(histogram) with STAT one of p50, p90, p95, p99, p99.9, max, mean, min, count(counter), rate(counter), or one of error_rate, login_rate, connect_success_rate, session_success_rate',
      '16:5 thresholds[10]: unknown metric "login_rate ="; expected STAT(histogram) with STAT one of p50, p90, p95, p99, p99.9, max, mean, min, count(counter), rate(counter), or one of error_rate, login_rate, connect_success_rate, session_success_rate',
      '17:44 thresholds[11].abortAfter: abortAfter needs abort: true',
      '18:5 thresholds[12].expr: missing required field (expected a threshold expression string)',
      '19:5 thresholds[13]: expected a threshold expression string or {expr, abort, abortAfter}, got 42',
      '20:5 thresholds[14]: a rate needs a percentage from 0% to 100% or a fraction from 0 to 1, got "101%"',
    ]);
  });
});
