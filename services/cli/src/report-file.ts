import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@loadfleet/report';

/** A report.json that could not be read: the CLI says why and exits 2. */
export class ReportFileError extends Error {}

/** Reads a report.json, or DIR/report.json when given its directory. */
export function readReportFile(path: string): Report {
  let file = path;
  let parsed: unknown;
  try {
    file = statSync(path).isDirectory() ? join(path, 'report.json') : path;
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ReportFileError(`${file}: not a readable report.json (${(err as Error).message})`);
  }
  return asReport(parsed, file);
}

/** The parsed JSON when it is a loadfleet report.json (schemaVersion 1). */
export function asReport(x: unknown, where: string): Report {
  const r = x as Partial<Report> | null;
  if (!r || typeof r !== 'object' || r.schemaVersion !== 1 || !r.run || !Array.isArray(r.timeline) || !r.totals)
    throw new ReportFileError(`${where}: not a loadfleet report.json (schemaVersion 1)`);
  return r as Report;
}
