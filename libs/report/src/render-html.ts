import { escapeHtml } from './escape.js';
import { renderCharts } from './html-charts.js';
import { countTable, latencyTable, runMeta, table, thresholdsTable, totalsTable } from './html-tables.js';
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
<header>
<h1>${escapeHtml(run.scenario)}</h1>
<div class="verdict ${verdict}">${verdict.toUpperCase()} · exit code ${report.exitCode}</div>
</header>
${runMeta(report)}
${warnings}
<section><h2>Thresholds</h2>${thresholdsTable(report.thresholds)}</section>
<section class="cols">
<div><h2>Totals</h2>${totalsTable(report)}</div>
<div><h2>Messages by type</h2>${messages.length ? table(['type', 'sent', 'received'], messages) : '<p class="muted">No messages.</p>'}
<h2>Errors by kind</h2>${countTable('error', report.totals.errors.byKind, 'No errors.')}
<h2>Connection failures by reason</h2>${countTable('reason', report.totals.connections.failedByReason, 'No connection failures.')}</div>
</section>
<section><h2>Latency</h2>${latencyTable(report)}</section>
<section><h2>Over time</h2>${renderCharts(report)}</section>
<section><h2>Notes</h2>${notes}</section>
<footer>loadfleet report schema ${report.schemaVersion} · source ${escapeHtml(run.sourceHash)}</footer>
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
footer{margin-top:32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
`;
