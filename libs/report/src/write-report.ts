import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ReportError } from './errors.js';
import { renderHtml } from './render-html.js';
import type { Report } from './types.js';

/** Writes dir/report.json and dir/report.html (creating dir). */
export async function writeReport(dir: string, report: Report): Promise<{ jsonPath: string; htmlPath: string }> {
  const jsonPath = join(dir, 'report.json');
  const htmlPath = join(dir, 'report.html');
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(htmlPath, renderHtml(report));
  } catch (err) {
    throw new ReportError('LF_ERR_REPORT_WRITE', `cannot write the report to ${dir}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return { jsonPath, htmlPath };
}
