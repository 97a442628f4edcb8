import { formatBytes, formatCount, formatDuration, formatMs, formatPercent } from './format.js';
import { observed } from './html-tables.js';
import { requestEquation } from './report-totals.js';
import type { Report } from './types.js';

export interface SummaryOptions {
  /** ANSI colors (the CLI sets it when stdout is a TTY). */
  color?: boolean;
}

const ANSI = {
  green: '\x1b[32m',
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};
const LABEL_WIDTH = 22;

/** The end-of-run summary for a terminal, k6-style: thresholds, totals, latency table, verdict. */
export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const paint = (code: keyof typeof ANSI, text: string) => (options.color ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const line = (label: string, value: string) =>
    `  ${label} ${paint('dim', '.'.repeat(Math.max(2, LABEL_WIDTH - label.length)))} ${value}`;
  const { run, totals, arrivals } = report;
  const out: string[] = [''];
  const state = run.stopReason ? `${run.state} (${run.stopReason})` : run.state;
  out.push(
    `  ${paint('bold', 'loadfleet')}  run ${run.id}  scenario "${run.scenario}"  ${state}  ${formatDuration(run.durationMs)}`,
  );
  out.push('');

  for (const t of report.thresholds) {
    const mark = t.pass ? paint('green', '✓') : paint('red', '✗');
    out.push(
      `  ${mark} ${t.expr}  ${paint(t.pass ? 'green' : 'red', observed(t))}${t.abort ? paint('dim', ' (abort)') : ''}`,
    );
  }
  if (report.thresholds.length > 0) out.push('');

  const u = totals.users;
  out.push(
    line(
      'users',
      `started ${formatCount(u.started)}  finished ${formatCount(u.finished)}  failed ${formatCount(u.failed)}  dropped ${formatCount(u.dropped)}  peak active ${formatCount(u.peakActive)}`,
    ),
  );
  if (arrivals.target !== null && arrivals.spacing === 'poisson') {
    // Poisson: the schedule's own count varies by chance; say what it drew and how far chance reaches.
    out.push(
      line(
        'arrivals',
        `${formatCount(arrivals.achieved)} started of ${formatCount(arrivals.drawn)} drawn (Poisson: ` +
          `${formatCount(arrivals.target)} expected ± ${formatCount(arrivals.chanceBand)} by chance, 3σ)`,
      ),
    );
  } else if (arrivals.target !== null) {
    out.push(
      line(
        'arrivals',
        `${formatCount(arrivals.achieved)} of ${formatCount(arrivals.target)} scheduled (${formatPercent(arrivals.ratio)})`,
      ),
    );
  }
  const c = totals.connections;
  const reasons = Object.entries(c.failedByReason)
    .map(([k, v]) => `${k} ${formatCount(v)}`)
    .join(', ');
  out.push(
    line(
      'connections',
      `attempted ${formatCount(c.attempted)}  established ${formatCount(c.established)}  failed ${formatCount(c.failed)}${reasons ? ` (${reasons})` : ''}`,
    ),
  );
  const perSecond = (n: number) =>
    run.durationMs > 0 ? `${formatCount(Math.round((n * 10000) / run.durationMs) / 10)}/s` : '';
  for (const [dir, record] of [
    ['sent', totals.messages.out],
    ['received', totals.messages.in],
  ] as const) {
    for (const [kind, n] of Object.entries(record))
      out.push(line(`msgs ${dir} ${kind}`, `${formatCount(n)}  ${perSecond(n)}`));
  }
  // Reports written before these counters have neither field.
  const notSent = totals.messages.notSent ?? {};
  for (const [kind, o] of Object.entries(totals.requests ?? {}))
    out.push(line('requests', requestEquation(kind, o, notSent[kind] ?? 0)));
  for (const [kind, n] of Object.entries(notSent))
    if (!totals.requests?.[kind]) out.push(line('not sent', `${kind} ${formatCount(n)} (connection already closing)`));
  out.push(line('data', `sent ${formatBytes(totals.bytes.out)}  received ${formatBytes(totals.bytes.in)}`));
  const errors = Object.entries(totals.errors.byKind);
  out.push(
    line('errors', errors.length ? paint('red', errors.map(([k, v]) => `${k} ${formatCount(v)}`).join(', ')) : '0'),
  );
  out.push('');

  if (report.latency.length > 0) {
    const head = ['latency (ms)', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max'];
    const rows = report.latency.map((l) => [
      l.name,
      formatCount(l.count),
      ...[l.p50, l.p90, l.p99, l.p999, l.max].map((v) => formatMs(v, false)),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (cells: string[]) =>
      '  ' + cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    out.push(paint('bold', fmt(head)));
    for (const r of rows) out.push(fmt(r));
    out.push('');
  }

  for (const w of report.warnings) out.push(paint('yellow', `  ⚠ ${w}`));
  for (const n of report.notes) out.push(paint('dim', `  · ${n}`));
  if (report.warnings.length || report.notes.length) out.push('');
  const verdict = report.verdict === 'pass' ? paint('green', 'PASS') : paint('red', 'FAIL');
  out.push(`  verdict: ${paint('bold', verdict)} (exit code ${report.exitCode})`);
  out.push('');
  return out.join('\n');
}
