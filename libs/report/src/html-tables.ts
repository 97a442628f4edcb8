import { escapeHtml } from './escape.js';
import { formatBytes, formatCount, formatDuration, formatMs, formatPercent } from './format.js';
import type { Report, ThresholdResult } from './types.js';

type Cell = string | { html: string; cls?: string };

/** A table; plain string cells are escaped, {html} cells are trusted markup. */
export function table(head: readonly string[], rows: readonly Cell[][], numericFrom = 1): string {
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => {
      const tds = row.map((cell, i) => {
        const cls = [i >= numericFrom ? 'num' : '', typeof cell === 'string' ? '' : (cell.cls ?? '')].filter(Boolean);
        const attr = cls.length ? ` class="${cls.join(' ')}"` : '';
        return `<td${attr}>${typeof cell === 'string' ? escapeHtml(cell) : cell.html}</td>`;
      });
      return `<tr>${tds.join('')}</tr>`;
    })
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

export function runMeta(report: Report): string {
  const r = report.run;
  const items: [string, string][] = [
    ['Run', r.id],
    ['Scenario', r.scenario],
    ['Source hash', r.sourceHash],
    ['State', r.stopReason ? `${r.state} (${r.stopReason})` : r.state],
    ['Started', r.startedAt],
    ['Ended', r.endedAt],
    ['Duration', formatDuration(r.durationMs)],
    ['Load model', r.loadModel],
    ['Targets', r.targets.join(', ')],
    [
      'Workers',
      r.workers.length
        ? r.workers.map((w) => `${w.id}@${w.host} (${w.users} users${w.lost ? ', lost' : ''})`).join(', ')
        : 'local',
    ],
  ];
  return `<dl class="meta">${items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

export function thresholdsTable(results: readonly ThresholdResult[]): string {
  if (results.length === 0) return '<p class="muted">No thresholds were defined.</p>';
  return table(
    ['', 'threshold', 'observed', 'abort'],
    results.map((t) => [
      { html: t.pass ? '✓' : '✗', cls: t.pass ? 'pass' : 'fail' },
      t.expr,
      { html: escapeHtml(observed(t)), cls: t.pass ? 'pass' : 'fail' },
      t.abort ? `yes${t.abortDelayMs ? ` (after ${formatDuration(t.abortDelayMs)})` : ''}` : 'no',
    ]),
    2,
  );
}

export function observed(t: ThresholdResult): string {
  if (t.observed === null) return t.reason ?? 'no data';
  const value = formatValue(t.observed, t.unit);
  if (t.baseline === null || t.baseline === undefined) return value;
  if (t.limit === null) return `${value} (${t.reason ?? 'no baseline yet'}: not checked)`;
  const base = t.baseline.value === null ? '' : formatValue(t.baseline.value, t.unit);
  return `${value} (baseline ${t.baseline.runId ?? ''} ${base} × ${t.baseline.factor} = ${formatValue(t.limit, t.unit)})`;
}

function formatValue(v: number, unit: ThresholdResult['unit']): string {
  if (unit === 'ms') return formatMs(v);
  if (unit === 'ratio') return formatPercent(v);
  if (unit === 'per_s') return `${v.toFixed(1)}/s`;
  if (unit === 'value') return String(Number(v.toPrecision(4)));
  return formatCount(v);
}

export function totalsTable(report: Report): string {
  const { users, connections, messages, bytes, errors } = report.totals;
  const a = report.arrivals;
  const rows: Cell[][] = [
    ['users started', formatCount(users.started)],
    ['users finished', formatCount(users.finished)],
    ['users failed', formatCount(users.failed)],
    ['users dropped', formatCount(users.dropped)],
    ['users logged in', formatCount(users.loggedIn)],
    ['peak users active', formatCount(users.peakActive)],
    ['arrivals achieved / target', `${formatCount(a.achieved)} / ${formatCount(a.target)} (${formatPercent(a.ratio)})`],
    ['connections attempted', formatCount(connections.attempted)],
    ['connections established', formatCount(connections.established)],
    ['connections failed', formatCount(connections.failed)],
    ['peak connections open', formatCount(connections.peakOpen)],
    ['messages sent', formatCount(messages.outTotal)],
    ['messages received', formatCount(messages.inTotal)],
    ['bytes sent / received', `${formatBytes(bytes.out)} / ${formatBytes(bytes.in)}`],
    ['errors', formatCount(errors.total)],
  ];
  return table(['total', 'value'], rows);
}

/**
 * What became of the requests of each kind: sent = answered + timed out + unanswered
 * at close (+ not followed to an end, when a worker's last records were lost).
 */
export function requestsTable(report: Report): string {
  const requests = Object.entries(report.totals.requests ?? {});
  const notSent = report.totals.messages.notSent ?? {};
  if (requests.length === 0) return '';
  return `<h2>Requests: sent = answered + timed out + unanswered at close</h2>${table(
    ['request', 'sent', 'answered', 'timed out', 'unanswered at close', 'not followed to an end', 'not sent (closing)'],
    requests.map(([kind, o]) => [
      kind,
      formatCount(o.sent),
      formatCount(o.answered),
      formatCount(o.timedOut),
      formatCount(o.unansweredAtClose),
      { html: escapeHtml(formatCount(o.unaccounted)), cls: o.unaccounted !== 0 ? 'fail' : '' },
      formatCount(notSent[kind] ?? 0),
    ]),
  )}`;
}

export function latencyTable(report: Report): string {
  if (report.latency.length === 0) return '<p class="muted">No latencies were recorded.</p>';
  return table(
    ['histogram (ms)', 'count', 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'],
    report.latency.map((l) => [
      l.name,
      formatCount(l.count),
      ...[l.min, l.mean, l.p50, l.p90, l.p95, l.p99, l.p999, l.max].map((v) => formatMs(v, false)),
    ]),
  );
}

/** A two-column table of name → count, or a muted line when empty. */
export function countTable(title: string, record: Readonly<Record<string, number>>, empty: string): string {
  const entries = Object.entries(record).sort((x, y) => y[1] - x[1]);
  if (entries.length === 0) return `<p class="muted">${escapeHtml(empty)}</p>`;
  return table(
    [title, 'count'],
    entries.map(([k, v]) => [k, formatCount(v)]),
  );
}
