import { describe, expect, it } from 'vitest';
import { ControllerMetrics } from '@loadfleet/controller';
import {
  buildReport,
  parseExportFormats,
  renderHtml,
  timelineCsv,
  timelineJsonl,
  type Report,
} from '@loadfleet/report';
import { parsePrometheusText } from '@loadfleet/runtime';
import { START_MS, plan, syntheticTimeline } from './fixtures.js';

function report(): Report {
  const start = Math.floor(START_MS / 1000);
  return buildReport({
    runId: 'r1',
    plan: plan(),
    state: 'done',
    startedAt: START_MS,
    endedAt: START_MS + 5000,
    timeline: syntheticTimeline(5),
    monitor: {
      endpoints: [{ name: 'chat', url: 'http://127.0.0.1:7001/metrics', scrapes: 5, errors: 0, lastError: null }],
      series: {
        'chat.chat_connections_open': {
          endpoint: 'chat',
          metric: 'chat_connections_open',
          kind: 'value',
          points: [0, 1, 2, 3].map((i) => ({ second: start + i, value: 10 * (i + 1) })),
        },
      },
    },
  });
}

describe('monitor series in the report', () => {
  it('sit on the timeline seconds with t, chart connections against users active, and list the endpoints', () => {
    const r = report();
    const open = r.monitor!.series['chat.chat_connections_open']!;
    expect(open.points.map((p) => p.t)).toEqual(r.timeline.slice(0, 4).map((row) => row.t));
    const html = renderHtml(r);
    expect(html).toContain('Target monitoring');
    expect(html).toContain('id="chart-monitor-chat-connections"');
    expect(html).toContain('users active (load)');
    expect(r.warnings.some((w) => w.startsWith('Monitor'))).toBe(false);
  });
});

describe('timeline exports', () => {
  it('CSV: one row per second, a header of every column, the monitor series on the same seconds', () => {
    const r = report();
    const lines = timelineCsv(r).trimEnd().split('\r\n');
    expect(lines).toHaveLength(r.timeline.length + 1);
    const head = lines[0]!.split(',');
    const col = (name: string) => head.indexOf(name);
    for (const name of [
      'second',
      't',
      'users.active',
      'messagesOut.chat',
      'latency.response.chat.p99',
      'monitor.chat.chat_connections_open',
    ])
      expect(col(name), name).toBeGreaterThanOrEqual(0);
    const row2 = lines[2]!.split(',');
    expect(Number(row2[col('second')])).toBe(r.timeline[1]!.second);
    expect(Number(row2[col('messagesOut.chat')])).toBe(r.timeline[1]!.messagesOut.chat);
    expect(Number(row2[col('latency.response.chat.p99')])).toBe(r.timeline[1]!.latency['response.chat']!.p99);
    expect(Number(row2[col('monitor.chat.chat_connections_open')])).toBe(20);
    // A second without a scrape is an empty cell.
    expect(lines[5]!.split(',')[col('monitor.chat.chat_connections_open')]).toBe('');
  });

  it('JSON lines: the report rows with the monitor values of their second', () => {
    const r = report();
    const rows = timelineJsonl(r)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(r.timeline.length);
    expect(rows[0]).toEqual({ ...r.timeline[0], monitor: { 'chat.chat_connections_open': 10 } });
  });

  it('parses --export lists and refuses unknown formats', () => {
    expect(parseExportFormats('csv, jsonl,csv')).toEqual(['csv', 'jsonl']);
    expect(() => parseExportFormats('xml')).toThrow(/unknown export format "xml"/);
  });
});

describe("the controller's /metrics for running runs", () => {
  it('has live throughput, active users and latency quantiles per run, in Prometheus text', () => {
    const text = new ControllerMetrics().render({
      runsNow: { queued: 0, running: 1, stopping: 0 },
      workers: { live: 2, lost: 0 },
      runs: [
        {
          id: 'run-1',
          scenario: 'chat "main"',
          live: {
            second: 1,
            elapsedMs: 1000,
            totalMs: 60_000,
            phase: 'hold',
            usersActive: 500,
            usersTarget: 500,
            arrivals: 0,
            arrivalsTarget: 0,
            messagesPerSec: 3000,
            messagesOutPerSec: 1000,
            p99Ms: 12.5,
            responseMs: { p50: 1.5, p90: 4, p99: 12.5 },
            errors: 2,
            errorsTotal: 7,
            saturated: false,
          },
        },
        { id: 'run-2', scenario: 'x', live: null },
      ],
    });
    expect(text).toContain('loadfleet_run_users_active{run="run-1",scenario="chat \\"main\\""} 500');
    expect(text).toContain(
      'loadfleet_run_messages_per_second{run="run-1",scenario="chat \\"main\\"",direction="out"} 1000',
    );
    expect(text).toContain('loadfleet_run_response_ms{run="run-1",scenario="chat \\"main\\"",quantile="0.99"} 12.5');
    expect(text).not.toContain('run-2');
    // It reads back as Prometheus text.
    expect(parsePrometheusText(text).get('loadfleet_run_users_active')).toEqual({ value: 500, type: 'gauge' });
  });
});

describe('Prometheus text', () => {
  it('sums a metric over its labels, keeps counter types, skips buckets, quantiles and NaN', () => {
    const m = parsePrometheusText(
      [
        '# TYPE chat_messages_in_total counter',
        'chat_messages_in_total{kind="chat"} 10',
        'chat_messages_in_total{kind="like"} 5',
        '# TYPE lag histogram',
        'lag_bucket{le="0.1"} 3',
        'lag_sum 0.5',
        'lag_count 3',
        'rpc{quantile="0.99"} 7',
        'weird NaN',
        'process_open_fds 12 1700000000000',
      ].join('\n'),
    );
    expect(Object.fromEntries(m)).toEqual({
      chat_messages_in_total: { value: 15, type: 'counter' },
      lag_sum: { value: 0.5, type: 'untyped' },
      lag_count: { value: 3, type: 'untyped' },
      process_open_fds: { value: 12, type: 'untyped' },
    });
  });
});
