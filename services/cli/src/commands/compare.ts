import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, compareSpec, loadSettings } from '@loadfleet/config';
import {
  EXIT_INVALID_INPUT,
  EXIT_RUN_FAILED,
  compareReports,
  renderCompareHtml,
  renderCompareTable,
  type Report,
} from '@loadfleet/report';
import { ApiError, Client } from '../api-client.js';
import { asReport, readReportFile, ReportFileError } from '../report-file.js';

const USAGE = 'usage: loadfleet compare BASE CURRENT [--api URL] [--token T] [--out DIR] [--all]';

/**
 * `loadfleet compare BASE CURRENT`: each a report.json (or its directory), or a run id
 * on the farm named by --api. Prints what changed, writes compare.json and compare.html,
 * exits 99 when a figure got worse beyond the runs' own noise.
 */
export async function compareCommand(args: string[]): Promise<number> {
  const { settings, positional } = loadSettings(compareSpec, args);
  if (positional.length !== 2) throw new ConfigError(USAGE);
  const [baseArg, currentArg] = positional as [string, string];
  const client = settings.api
    ? new Client(settings.api.replace(/\/+$/, ''), settings.token || process.env.LOADFLEET_API_TOKEN || '')
    : null;
  let base: Report;
  let current: Report;
  try {
    base = await loadReport(baseArg, client);
    current = await loadReport(currentArg, client);
  } catch (err) {
    if (err instanceof ApiError) {
      process.stderr.write(`loadfleet compare: ${err.message} (${err.status} ${err.code})\n`);
      return err.status === 404 ? EXIT_INVALID_INPUT : EXIT_RUN_FAILED;
    }
    if (err instanceof ReportFileError) {
      process.stderr.write(`loadfleet compare: ${err.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    throw err;
  }
  const comparison = compareReports(base, current);
  const dir = resolve(
    settings.out ||
      (isLocal(currentArg) ? reportDir(currentArg) : join('reports', `compare-${base.run.id}-${current.run.id}`)),
  );
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'compare.json'), `${JSON.stringify(comparison, null, 2)}\n`);
  await writeFile(join(dir, 'compare.html'), renderCompareHtml(comparison));
  process.stdout.write(renderCompareTable(comparison, { all: settings.all }));
  process.stdout.write(`compare: ${join(dir, 'compare.html')}\n         ${join(dir, 'compare.json')}\n`);
  return comparison.exitCode;
}

const isLocal = (arg: string) => existsSync(arg);
const reportDir = (arg: string) => (statSync(arg).isDirectory() ? arg : dirname(arg));

async function loadReport(arg: string, client: Client | null): Promise<Report> {
  if (isLocal(arg)) return readReportFile(arg);
  if (!client) throw new ReportFileError(`${arg}: no such file (a run id needs --api URL)`);
  return asReport(await client.json<unknown>('GET', `/v1/runs/${encodeURIComponent(arg)}/report.json`), arg);
}
