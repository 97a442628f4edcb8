// renderHtml, renderSummary, writeReport and the shared formatters.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildReport,
  formatBytes,
  formatClock,
  formatCount,
  formatDuration,
  formatMs,
  formatPercent,
  lineChart,
  renderHtml,
  renderSummary,
  writeReport,
  ReportError,
} from '@loadfleet/report';
import { START_MS, plan, syntheticTimeline, threshold } from './fixtures.js';

const hostile = '<script>alert("x")</script> & \'chat\'';
const report = buildReport({
  runId: 'run-7',
  plan: plan({
    name: hostile,
    thresholds: [
      threshold('p99(response.chat) < 50ms', { kind: 'latency', histogram: 'response.chat', stat: 'p99' }, '<', 50),
      threshold('error_rate < 0.01%', { kind: 'rate', rate: 'error_rate' }, '<', 0.0001),
    ],
  }),
  state: 'done',
  startedAt: START_MS,
  endedAt: START_MS + 60_000,
  timeline: syntheticTimeline(),
  notes: ['<b>note</b> from a worker'],
});

describe('renderHtml', () => {
  const html = renderHtml(report);

  it('draws the charts as inline SVG', () => {
    const figures = html.match(/<figure [^>]*data-lf-chart>/g) ?? [];
    expect(figures.length).toBeGreaterThanOrEqual(8);
    for (const title of [
      'Users: active vs target',
      'Arrivals per second',
      'Connections open',
      'Messages sent per second',
      'Latency: response.chat (ms, log scale)',
      'Errors per second by kind',
      'Generator event-loop delay',
      'Generator CPU',
    ]) {
      expect(html).toContain(title);
    }
    expect((html.match(/<svg class="lf-chart" viewBox="\d/g) ?? []).length).toBe(figures.length);
    expect(html).toMatch(/<g class="lf-shade"><rect /); // the saturated seconds
    // The combined delivery histogram hides one slow kind among fast ones: charts are per event kind.
    expect(html).not.toContain('Latency: delivery');
  });

  it('inlines the chart script and the data of each chart, and carries the scenario text and navigation', () => {
    const script = html.slice(html.lastIndexOf('<script>'));
    expect(script).toContain('lf-chart');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('<nav class="top">');
    expect(html).toContain('href="#scenario"');
    const json = /<script type="application\/json">([^<]*)<\/script>/.exec(html)![1]!;
    const { spec, data } = JSON.parse(json) as { spec: { title: string }; data: { xs: number[] } };
    expect(spec.title).toBe('Users: active vs target');
    expect(data.xs.length).toBeGreaterThan(0);
  });

  it('escapes every user-supplied string', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;chat&#39;');
    expect(html).not.toContain('<b>note</b>');
    expect(html).toContain('&lt;b&gt;note&lt;/b&gt; from a worker');
  });

  it('works offline: no references to anything on a network, nothing loaded', () => {
    // The SVG namespace is a name, never fetched.
    expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script[^>]+src=|<link|@import|url\(/i);
  });

  it('shows the tables: thresholds colored, latency, errors, connection failures, run meta', () => {
    expect(html).toMatch(/<td class="pass">✓<\/td><td>p99\(response.chat\) &lt; 50ms<\/td>/);
    expect(html).toMatch(/<td class="fail">✗<\/td><td>error_rate &lt; 0.01%<\/td>/);
    expect(html).toContain('request_timeout');
    expect(html).toContain('refused');
    expect(html).toContain('run-7');
    expect(html).toContain('FAIL · exit code 99');
    expect(html).toContain('could not keep up');
  });
});

describe('renderSummary', () => {
  const text = renderSummary(report);

  it('lists thresholds, totals, a latency row per histogram and the verdict', () => {
    expect(text).toContain('✓ p99(response.chat) < 50ms');
    expect(text).toContain('✗ error_rate < 0.01%');
    expect(text).toMatch(/latency \(ms\)\s+count\s+p50\s+p90\s+p99\s+p99\.9\s+max/);
    expect(text).toMatch(/response\.chat\s+12,000\s+1\.990\s+/);
    expect(text).toMatch(/response\.login\s+600\s+/);
    expect(text).toMatch(/delivery\s+12,000\s+/);
    expect(text).toContain('request_timeout 6');
    expect(text).toContain('could not keep up');
    expect(text).toContain('verdict: FAIL (exit code 99)');
    expect(text).not.toContain('\x1b[');
  });

  it('colors only when asked', () => {
    expect(renderSummary(report, { color: true })).toContain('\x1b[31m');
  });
});

describe('writeReport', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('writes report.json and report.html', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-report-'));
    dirs.push(dir);
    const { jsonPath, htmlPath } = await writeReport(join(dir, 'nested'), report);
    expect(JSON.parse(await readFile(jsonPath, 'utf8'))).toEqual(report);
    expect(await readFile(htmlPath, 'utf8')).toBe(renderHtml(report));
  });

  it('throws LF_ERR_REPORT_WRITE when it cannot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-report-'));
    dirs.push(dir);
    const { jsonPath } = await writeReport(dir, report);
    await expect(writeReport(join(jsonPath, 'below-a-file'), report)).rejects.toMatchObject({
      code: 'LF_ERR_REPORT_WRITE',
    });
    await expect(writeReport(join(jsonPath, 'x'), report)).rejects.toBeInstanceOf(ReportError);
  });
});

describe('formatters and the chart helper', () => {
  it('format ms with µs, counts, bytes, percentages, durations, clocks', () => {
    expect(formatMs(1.234)).toBe('1.234ms');
    expect(formatMs(12.5)).toBe('12.500ms');
    expect(formatMs(0.001)).toBe('0.001ms');
    expect(formatMs(1234.5678, false)).toBe('1234.57');
    expect(formatMs(null)).toBe('—');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500_000)).toBe('1.50 MB');
    expect(formatPercent(0.01234)).toBe('1.23%');
    expect(formatDuration(83_000)).toBe('1m23s');
    expect(formatDuration(3_725_000)).toBe('1h2m5s');
    expect(formatClock(75)).toBe('1:15');
    expect(formatClock(3725)).toBe('1:02:05');
  });

  it('draws axes, gridlines, a legend and one path per series; gaps break the line', () => {
    const svg = lineChart({
      title: 'T',
      xs: [0, 1, 2, 5, 6],
      series: [
        { name: 'a<b', values: [1, 2, null, 4, 5] },
        { name: 'b', values: [0, 0, 0, 0, 0] },
      ],
    });
    expect(svg.startsWith('<svg ')).toBe(true);
    expect((svg.match(/<g data-series="/g) ?? []).length).toBe(2);
    expect(svg).toContain('a&lt;b');
    expect(svg).toContain('class="lf-grid"');
    expect(svg).toContain('class="lf-axis"');
    const d = /<g data-series="0"><path d="([^"]+)"/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2); // broken at the null and across the 2 → 5 gap
  });

  it('says "no data" for an empty chart and thins out long runs', () => {
    expect(lineChart({ title: 'E', xs: [], series: [] })).toContain('no data');
    const xs = Array.from({ length: 7200 }, (_, i) => i);
    const svg = lineChart({ title: 'L', xs, series: [{ name: 's', values: xs.map((x) => x % 100) }], reduce: 'max' });
    expect(svg.length).toBeLessThan(60_000);
  });

  it('draws latency on a log scale with the threshold line, phase boundaries and the wall clock', () => {
    const svg = lineChart({
      title: 'lat',
      xs: [0, 1, 2, 3, 4, 5],
      series: [{ name: 'p99', values: [0.8, 2, 40, 900, 3, 1] }],
      scale: 'log',
      format: 'ms',
      thresholds: [{ value: 250, label: 'p99 < 250ms' }],
      phases: [
        { name: 'ramp', from: 0, to: 2 },
        { name: 'steady', from: 2, to: 4 },
      ],
      startedAt: Date.UTC(2026, 0, 1, 12, 0, 0),
    });
    // Decades from 100 µs to 1 s: p99 three orders of magnitude apart stay readable.
    for (const tick of ['100 µs', '1 ms', '10 ms', '100 ms', '1 s']) expect(svg).toContain(`>${tick}</text>`);
    expect(svg).toContain('p99 &lt; 250ms');
    expect(svg).toContain('>steady</text>');
    expect(svg).toContain('>drain</text>');
    expect(svg).toContain('>12:00:02</text>');
  });
});
