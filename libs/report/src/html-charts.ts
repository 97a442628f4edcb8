import { layoutChart, renderChartSvg, type ChartData, type ChartSeries, type ChartSpec } from '@loadfleet/chart';
import { names } from '@loadfleet/stats';
import { escapeHtml } from './escape.js';
import { byHistogramOrder } from './report-totals.js';
import type { Report, TimelineRow } from './types.js';

const LATENCY_STATS = ['p50', 'p90', 'p99', 'p999', 'max'] as const;
const LATENCY_LABEL = { p50: 'p50', p90: 'p90', p99: 'p99', p999: 'p99.9', max: 'max' };
const THRESHOLD_STAT: Record<string, (typeof LATENCY_STATS)[number] | undefined> = {
  p50: 'p50',
  p90: 'p90',
  p99: 'p99',
  'p99.9': 'p999',
  max: 'max',
};

export interface ChartFigure {
  id: string;
  title: string;
  html: string;
}

/**
 * Every chart of the report, as <figure> blocks: a static SVG (readable with no
 * script at all) and its spec and data as JSON, from which the inlined chart
 * script (@loadfleet/chart's ChartView, the console's) adds values on hover.
 */
export function renderCharts(report: Report): ChartFigure[] {
  const rows = report.timeline;
  const xs = rows.map((r) => r.t);
  const shade = rows.map((r) => r.health.saturated);
  const startedAt = Date.parse(report.run.startedAt);
  const phases = report.run.phases ?? [];
  const phaseAt = rows.map((r) => phases.find((p) => r.t >= p.from && r.t < p.to)?.name ?? 'drain');
  const base = { phases, startedAt: Number.isFinite(startedAt) ? startedAt : null };
  const figures: ChartFigure[] = [];
  const add = (id: string, title: string, series: ChartSeries[], spec: Partial<ChartSpec> = {}, withShade = false) => {
    // A series without a single value (a target the model does not set) stays out of the legend too.
    const present = series.filter((s) => s.values.some((v) => v !== null));
    if (present.length === 0) return;
    const data: ChartData = { xs, series: present, phaseAt, ...(withShade ? { shade } : {}) };
    figures.push({ id, title, html: figure(id, title, { title, ...base, ...spec }, data) });
  };

  add('users', 'Users: active vs target', [
    { name: 'active', values: rows.map((r) => r.users.active) },
    { name: 'target', values: rows.map((r) => r.users.target), dashed: true },
  ]);
  add(
    'arrivals',
    'Arrivals per second: achieved vs target',
    [
      { name: 'achieved (users started)', values: rows.map((r) => r.arrivals.achieved) },
      { name: 'target', values: rows.map((r) => r.arrivals.target), dashed: true },
      { name: 'dropped', values: rows.map((r) => r.users.dropped || null) },
    ],
    { format: 'rate' },
  );
  add('connections', 'Connections open', [{ name: 'open', values: rows.map((r) => r.connections.open) }]);
  add(
    'sent',
    'Messages sent per second by kind',
    byKind(rows, (r) => r.messagesOut),
    { format: 'rate' },
  );
  add(
    'received',
    'Messages received per second by kind',
    byKind(rows, (r) => r.messagesIn),
    { format: 'rate' },
  );
  for (const name of latencyNames(report)) {
    const series = LATENCY_STATS.map((stat) => ({
      name: LATENCY_LABEL[stat],
      values: rows.map((r) => positive(r.latency[name]?.[stat])),
    }));
    const thresholds = report.thresholds
      .filter((t) => t.metric.kind === 'latency' && t.metric.histogram === name && THRESHOLD_STAT[t.metric.stat])
      .flatMap((t) => (t.limit === null ? [] : [{ value: t.limit, label: t.expr }]));
    const title = name.startsWith('delivery.')
      ? `Fan-out delivery: ${name.slice('delivery.'.length)} events (ms, log scale)`
      : `Latency: ${name} (ms, log scale)`;
    add(
      `latency-${name}`,
      title,
      series,
      { scale: 'log', format: 'ms', reduce: 'max', thresholds, shadeLabel: 'generator saturated' },
      true,
    );
  }
  add(
    'errors',
    'Errors per second by kind',
    byKind(rows, (r) => r.errors),
    { format: 'rate' },
  );
  add(
    'loop-delay',
    'Generator event-loop delay (ms)',
    [
      { name: 'p99', values: rows.map((r) => r.health.loopDelayP99Ms) },
      { name: 'max', values: rows.map((r) => r.health.loopDelayMaxMs) },
      { name: 'user-start lateness p99', values: rows.map((r) => r.health.startLatenessP99Ms) },
    ],
    { format: 'ms', reduce: 'max', shadeLabel: 'saturated' },
    true,
  );
  add(
    'cpu',
    'Generator CPU (%, 100 = one core; worst worker)',
    [{ name: 'cpu (worst worker)', values: rows.map((r) => r.health.cpuPct) }],
    { format: 'pct', shadeLabel: 'saturated' },
    true,
  );
  add('memory', 'Generator memory (RSS, worst worker)', [{ name: 'rss', values: rows.map((r) => r.health.rssBytes) }], {
    format: 'bytes',
  });
  for (const c of monitorCharts(report)) add(c.id, c.title, c.series, c.spec);
  return figures;
}

/** The target's own series, on the load's time axis: CPU, memory, event-loop lag, connections against users, and any series a threshold names. */
function monitorCharts(
  report: Report,
): { id: string; title: string; series: ChartSeries[]; spec: Partial<ChartSpec> }[] {
  const m = report.monitor;
  if (!m) return [];
  const rows = report.timeline;
  const at = (key: string, scale = 1): (number | null)[] => {
    const bySecond = new Map((m.series[key]?.points ?? []).map((p) => [p.second, p.value * scale]));
    return rows.map((r) => bySecond.get(r.second) ?? null);
  };
  const named = new Set(report.thresholds.flatMap((t) => (t.metric.kind === 'monitor' ? [t.metric.series] : [])));
  const out: { id: string; title: string; series: ChartSeries[]; spec: Partial<ChartSpec> }[] = [];
  for (const e of m.endpoints) {
    const n = e.name;
    out.push(
      {
        id: `monitor-${n}-cpu`,
        title: `Target ${n}: CPU (cores busy)`,
        series: [{ name: 'process_cpu_seconds_total:rate', values: at(`${n}.process_cpu_seconds_total:rate`) }],
        spec: {},
      },
      {
        id: `monitor-${n}-memory`,
        title: `Target ${n}: memory (RSS)`,
        series: [{ name: 'process_resident_memory_bytes', values: at(`${n}.process_resident_memory_bytes`) }],
        spec: { format: 'bytes' },
      },
      {
        id: `monitor-${n}-lag`,
        title: `Target ${n}: event-loop lag (ms)`,
        series: [
          { name: 'lag', values: at(`${n}.nodejs_eventloop_lag_seconds`, 1000) },
          { name: 'lag p99', values: at(`${n}.nodejs_eventloop_lag_p99_seconds`, 1000) },
        ],
        spec: { format: 'ms' },
      },
      {
        id: `monitor-${n}-connections`,
        title: `Target ${n}: connections open vs users active`,
        series: [
          { name: 'chat_connections_open (target)', values: at(`${n}.chat_connections_open`) },
          { name: 'users active (load)', values: rows.map((r) => r.users.active), dashed: true },
        ],
        spec: {},
      },
    );
  }
  for (const key of [...named].sort())
    out.push({ id: `monitor-${key}`, title: `Monitor ${key}`, series: [{ name: key, values: at(key) }], spec: {} });
  // A chart whose target series is empty (another kind of target) stays out.
  return out.filter((c) => c.series[0]!.values.some((v) => v !== null));
}

/**
 * A chart per response kind, per room event kind (fan-out delivery; the combined
 * `delivery` histogram would hide one slow kind among fast ones), and connect.
 */
function latencyNames(report: Report): string[] {
  return report.latency
    .map((l) => l.name)
    .filter((n) => n.startsWith('response.') || n.startsWith('delivery.') || n === names.CONNECT_TIME)
    .sort(byHistogramOrder);
}

function byKind(rows: readonly TimelineRow[], pick: (r: TimelineRow) => Record<string, number>): ChartSeries[] {
  const kinds = [...new Set(rows.flatMap((r) => Object.keys(pick(r))))].sort();
  return kinds.map((kind) => ({ name: kind, values: rows.map((r) => pick(r)[kind] ?? 0) }));
}

/** A log scale has no zero: a second without the kind is a gap. */
function positive(v: number | undefined): number | null {
  return v === undefined || !(v > 0) ? null : v;
}

function figure(id: string, title: string, spec: ChartSpec, data: ChartData): string {
  // The JSON carries the thinned data only: what the static chart shows is what hover reads.
  const l = layoutChart(spec, data);
  const json = JSON.stringify({ spec, data: l.data }).replace(/</g, '\\u003c');
  return (
    `<figure id="chart-${escapeHtml(slug(id))}" data-lf-chart><figcaption>${escapeHtml(title)}</figcaption>` +
    `${renderChartSvg(spec, data)}<script type="application/json">${json}</script></figure>`
  );
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-');
}
