import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { escapeHtml } from './escape.js';
import { renderCharts } from './html-charts.js';
import {
  countTable,
  latencyTable,
  requestsTable,
  runMeta,
  table,
  thresholdsTable,
  totalsTable,
} from './html-tables.js';
import { formatCount } from './format.js';
import type { Report } from './types.js';

/**
 * report.html: one file that works offline (no scripts, fonts or links to load),
 * charts drawn as inline SVG. Every string from the run is escaped.
 */
export function renderHtml(report: Report): string {
  const { run } = report;
  const verdict = report.verdict === 'pass' ? 'pass' : 'fail';
  const messages = Object.entries(report.totals.messages.out).map(([kind, n]) => [
    kind,
    formatCount(n),
    formatCount(report.totals.messages.in[kind] ?? 0),
  ]);
  for (const [kind, n] of Object.entries(report.totals.messages.in)) {
    if (!(kind in report.totals.messages.out)) messages.push([kind, '0', formatCount(n)]);
  }
  const warnings = report.warnings.map((w) => `<div class="warning">⚠ ${escapeHtml(w)}</div>`).join('');
  const charts = renderCharts(report);
  const nav = [
    ['thresholds', 'Thresholds'],
    ['totals', 'Totals'],
    ['latency', 'Latency'],
    ['charts', 'Over time'],
    ['scenario', 'Scenario'],
    ['notes', 'Notes'],
  ]
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join('');
  const chartNav = charts.map(
    (c) => `<a href="#chart-${escapeHtml(c.id.replace(/[^A-Za-z0-9_-]+/g, '-'))}">${escapeHtml(c.title)}</a>`,
  );
  const scenario =
    run.scenarioText === null || run.scenarioText === undefined
      ? '<p class="muted">The scenario text was not kept for this run.</p>'
      : `<pre class="scenario">${escapeHtml(run.scenarioText)}</pre>`;
  const script = chartScript();
  const notes = report.notes.length
    ? `<ul class="notes">${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
    : '<p class="muted">None.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`loadfleet report: ${run.scenario} (${run.id})`)}</title>
<style>${CSS}</style>
</head>
<body>
<nav class="top">${nav}</nav>
<header>
<h1>${escapeHtml(run.scenario)}</h1>
<div class="verdict ${verdict}">${verdict.toUpperCase()} · exit code ${report.exitCode}</div>
</header>
${runMeta(report)}
${warnings}
<section id="thresholds"><h2>Thresholds</h2>${thresholdsTable(report.thresholds)}</section>
<section class="cols" id="totals">
<div><h2>Totals</h2>${totalsTable(report)}</div>
<div><h2>Messages by type</h2>${messages.length ? table(['type', 'sent', 'received'], messages) : '<p class="muted">No messages.</p>'}
${requestsTable(report)}
<h2>Errors by kind</h2>${countTable('error', report.totals.errors.byKind, 'No errors.')}
<h2>Connection failures by reason</h2>${countTable('reason', report.totals.connections.failedByReason, 'No connection failures.')}</div>
</section>
<section id="latency"><h2>Latency</h2>${latencyTable(report)}</section>
${
  report.monitor
    ? `<section id="monitor"><h2>Target monitoring</h2>${table(
        ['endpoint', 'url', 'scrapes', 'failed', 'last error', 'series'],
        report.monitor.endpoints.map((e) => [
          e.name,
          e.url,
          formatCount(e.scrapes),
          { html: escapeHtml(formatCount(e.errors)), cls: e.errors > 0 ? 'fail' : '' },
          e.lastError ?? '—',
          formatCount(Object.values(report.monitor!.series).filter((s) => s.endpoint === e.name).length),
        ]),
        2,
      )}</section>`
    : ''
}
<section id="charts"><h2>Over time</h2>
<p class="muted">Times are from the run's start, with the UTC wall clock below; dashed lines mark the schedule's phases. Latency charts use a log scale; the red dashed line is the threshold. Hover a chart for its values.</p>
<nav class="charts">${chartNav.join('')}</nav>
${charts.map((c) => c.html).join('\n')}</section>
<section id="scenario"><h2>Scenario</h2>${scenario}</section>
<section id="notes"><h2>Notes</h2>${notes}</section>
<footer>loadfleet report schema ${report.schemaVersion} · source ${escapeHtml(run.sourceHash)}</footer>
${script ? `<script>${script}</script>` : ''}
</body>
</html>
`;
}

const CSS = `
:root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--pass:#15803d;--fail:#b91c1c;--bg:#f9fafb}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1180px;padding:24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
header{display:flex;align-items:center;justify-content:space-between;gap:16px;border-bottom:2px solid var(--line);padding-bottom:12px}
h1{font-size:22px;margin:0;word-break:break-word}
h2{font-size:16px;margin:24px 0 8px}
.verdict{font-weight:700;padding:6px 14px;border-radius:6px;color:#fff;white-space:nowrap}
.verdict.pass{background:var(--pass)}.verdict.fail{background:var(--fail)}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:16px 0}
.meta dt{color:var(--muted)}.meta dd{margin:0;word-break:break-word}
.warning{background:#fffbeb;border:1px solid #f59e0b;border-radius:6px;padding:8px 12px;margin:8px 0}
table{border-collapse:collapse;width:100%;margin:4px 0 8px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.pass{color:var(--pass);font-weight:600}td.fail{color:var(--fail);font-weight:600}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:24px}
@media (max-width:900px){.cols{grid-template-columns:1fr}}
.muted{color:var(--muted)}
figure{margin:16px 0;padding:8px 0;border-top:1px solid var(--line)}
figcaption{font-weight:600;margin-bottom:4px}
svg.chart{max-width:100%;height:auto;font-size:11px}
svg .grid{stroke:#eef0f3}svg .axis{stroke:#9ca3af;fill:none}
svg .tick{fill:var(--muted)}svg .legend{fill:var(--fg)}svg .empty{fill:var(--muted);font-size:14px}
svg .line{fill:none;stroke-width:1.6;stroke-linejoin:round}
svg .shade{fill:#fecaca;opacity:.55}
nav.top{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:6px 0;margin:-8px 0 12px;display:flex;gap:14px;flex-wrap:wrap;z-index:2}
nav a{color:#2563eb;text-decoration:none}nav a:hover{text-decoration:underline}
nav.charts{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px;margin:4px 0 8px}
pre.scenario{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:12px;overflow:auto;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;max-height:640px}
figure[data-lf-chart] svg{max-width:100%;height:auto}
footer{margin-top:32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
`;

let cachedScript: string | null = null;

/**
 * The chart component's browser script (@loadfleet/chart, bundled by
 * `npm run build`), inlined so that the report stays one file; "" when it was not
 * built, and the charts stay static.
 */
function chartScript(): string {
  if (cachedScript !== null) return cachedScript;
  try {
    const path = createRequire(import.meta.url).resolve('@loadfleet/chart/report-script.js');
    cachedScript = readFileSync(path, 'utf8').replace(/<\/(script)/gi, '<\\/$1');
  } catch {
    cachedScript = '';
  }
  return cachedScript;
}
