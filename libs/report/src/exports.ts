import type { Report, TimelineRow } from './types.js';

/** The export formats of the per-second timeline (`--export csv,jsonl`, GET /v1/runs/:id/timeline.csv|jsonl). */
export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Flat = Record<string, number | string | boolean | null>;

/** One flat record per second: the timeline row's figures under dotted names, and the monitor series' values of that second. */
export function flatTimeline(report: Report): Flat[] {
  const monitor = Object.entries(report.monitor?.series ?? {}).map(
    ([key, s]) => [key, new Map(s.points.map((p) => [p.second, p.value]))] as const,
  );
  return report.timeline.map((row) => {
    const out: Flat = {};
    flatten(out, '', row as unknown as Record<string, unknown>);
    for (const [key, bySecond] of monitor) out[`monitor.${key}`] = bySecond.get(row.second) ?? null;
    return out;
  });
}

function flatten(out: Flat, prefix: string, value: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') flatten(out, key, v as Record<string, unknown>);
    else out[key] = v as Flat[string];
  }
}

/** CSV (RFC 4180), one row per second; columns: every name any second has, in first-seen order; empty when absent. */
export function timelineCsv(report: Report): string {
  const rows = flatTimeline(report);
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows)
    for (const k of Object.keys(r))
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
  const cell = (v: Flat[string] | undefined) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return (
    [columns.map(cell), ...rows.map((r) => columns.map((c) => cell(r[c])))].map((r) => r.join(',')).join('\r\n') +
    '\r\n'
  );
}

/** JSON lines: one object per second, the timeline row as in report.json plus `monitor` (series -> value that second). */
export function timelineJsonl(report: Report): string {
  const series = Object.entries(report.monitor?.series ?? {});
  const lines = report.timeline.map((row: TimelineRow) => {
    const monitor: Record<string, number> = {};
    for (const [key, s] of series) {
      const p = s.points.find((x) => x.second === row.second);
      if (p) monitor[key] = p.value;
    }
    return JSON.stringify(series.length ? { ...row, monitor } : row);
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function renderExport(report: Report, format: ExportFormat): string {
  return format === 'csv' ? timelineCsv(report) : timelineJsonl(report);
}

/** `csv,jsonl` -> the formats; throws on an unknown one. */
export function parseExportFormats(text: string): ExportFormat[] {
  const out: ExportFormat[] = [];
  for (const f of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(f))
      throw new Error(`unknown export format "${f}"; expected ${EXPORT_FORMATS.join(', ')}`);
    if (!out.includes(f as ExportFormat)) out.push(f as ExportFormat);
  }
  return out;
}
