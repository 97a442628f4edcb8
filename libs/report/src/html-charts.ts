import { names } from '@loadfleet/stats';
import { escapeHtml } from './escape.js';
import { formatBytes } from './format.js';
import { byHistogramOrder } from './report-totals.js';
import { lineChart, type Series } from './svg-chart.js';
import type { Report, TimelineRow } from './types.js';

const LATENCY_STATS = ['p50', 'p90', 'p99', 'p999', 'max'] as const;
const LATENCY_LABEL = { p50: 'p50', p90: 'p90', p99: 'p99', p999: 'p99.9', max: 'max' };

/** Every chart of the report, as <figure> blocks. */
export function renderCharts(report: Report): string {
  const rows = report.timeline;
  const xs = rows.map((r) => r.t);
  const shade = rows.map((r) => r.health.saturated);
  const figures: string[] = [];
  const add = (title: string, series: Series[], extra: Partial<Parameters<typeof lineChart>[0]> = {}) => {
    // A series without a single value (a target the model does not set) stays out of the legend too.
    const present = series.filter((s) => s.values.some((v) => v !== null));
    if (present.length > 0) figures.push(figure(title, lineChart({ title, xs, series: present, ...extra })));
  };

  add('Users: active vs target', [
    { name: 'active', values: rows.map((r) => r.users.active) },
    { name: 'target', values: rows.map((r) => r.users.target), dashed: true },
  ]);
  add('Arrivals per second: achieved vs target', [
    { name: 'achieved (users started)', values: rows.map((r) => r.arrivals.achieved) },
    { name: 'target', values: rows.map((r) => r.arrivals.target), dashed: true },
    { name: 'dropped', values: rows.map((r) => r.users.dropped || null) },
  ]);
  add('Connections open', [{ name: 'open', values: rows.map((r) => r.connections.open) }]);
  add(
    'Messages sent per second by type',
    byKind(rows, (r) => r.messagesOut),
  );
  add(
    'Messages received per second by type',
    byKind(rows, (r) => r.messagesIn),
  );
  for (const name of latencyNames(report)) {
    const series = LATENCY_STATS.map((stat) => ({
      name: LATENCY_LABEL[stat],
      values: rows.map((r) => r.latency[name]?.[stat] ?? null),
    }));
    add(`Latency: ${name} (ms)`, series, { shade, shadeLabel: 'generator saturated', reduce: 'max' });
  }
  add(
    'Errors per second by kind',
    byKind(rows, (r) => r.errors),
  );
  add(
    'Generator event-loop delay (ms)',
    [
      { name: 'p99', values: rows.map((r) => r.health.loopDelayP99Ms) },
      { name: 'max', values: rows.map((r) => r.health.loopDelayMaxMs) },
      { name: 'user-start lateness p99', values: rows.map((r) => r.health.startLatenessP99Ms) },
    ],
    { shade, shadeLabel: 'saturated', reduce: 'max' },
  );
  add('Generator CPU (%, 100 = one core)', [{ name: 'cpu (worst worker)', values: rows.map((r) => r.health.cpuPct) }], {
    shade,
    shadeLabel: 'saturated',
  });
  add('Generator memory (RSS, worst worker)', [{ name: 'rss', values: rows.map((r) => r.health.rssBytes) }], {
    yFormat: formatBytes,
  });
  return figures.join('\n');
}

/** A chart per response type and for delivery and connect; the per-event delivery splits stay in the tables. */
function latencyNames(report: Report): string[] {
  return report.latency
    .map((l) => l.name)
    .filter((n) => n.startsWith('response.') || n === names.DELIVERY_ALL || n === names.CONNECT_TIME)
    .sort(byHistogramOrder);
}

function byKind(rows: readonly TimelineRow[], pick: (r: TimelineRow) => Record<string, number>): Series[] {
  const kinds = [...new Set(rows.flatMap((r) => Object.keys(pick(r))))].sort();
  return kinds.map((kind) => ({ name: kind, values: rows.map((r) => pick(r)[kind] ?? 0) }));
}

function figure(title: string, svg: string): string {
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>${svg}</figure>`;
}
