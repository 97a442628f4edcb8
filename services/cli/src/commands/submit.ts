import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, loadSettings, submitSpec } from '@loadfleet/config';
import { EXIT_INVALID_INPUT, EXIT_RUN_FAILED, renderSummary, writeReport, type Report } from '@loadfleet/report';
import { retry } from '@loadfleet/lifecycle';
import type { LiveStatus } from '@loadfleet/runtime';
import { parseScenario, ScenarioError } from '@loadfleet/scenario';
import { ApiError, Client } from '../api-client.js';
import { ProgressPrinter } from '../progress.js';

const USAGE = 'usage: loadfleet submit FILE --api URL [--token T] [--follow] [--out DIR] [--quiet]';
const ENDED = new Set(['done', 'failed', 'aborted', 'stopped', 'cancelled']);

/**
 * `loadfleet submit FILE --api URL`: sends the scenario (and the CSV files it
 * names, inlined by name) to a controller and prints the run id and its place
 * in the queue. With --follow: live progress from the SSE feed, then the
 * report downloaded into --out, the summary, and the report's exit code.
 */
export async function submitCommand(args: string[]): Promise<number> {
  const { settings, positional } = loadSettings(submitSpec, args);
  if (positional.length !== 1) throw new ConfigError(USAGE);
  const file = positional[0]!;
  const api = settings.api.replace(/\/+$/, '');
  const token = settings.token || process.env.LOADFLEET_API_TOKEN || '';

  let body: { scenario: string; files: Record<string, string> };
  try {
    body = readSubmission(file);
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return EXIT_INVALID_INPUT;
  }

  const client = new Client(api, token);
  let created: { id: string; queuePosition: number | null };
  try {
    created = await client.json('POST', '/v1/runs', body);
  } catch (err) {
    return reportApiError(err, file);
  }
  const where = created.queuePosition ? `queued, position ${created.queuePosition}` : 'starting';
  process.stdout.write(`run ${created.id} ${where}\n`);
  if (!settings.follow) return 0;

  const progress = settings.quiet ? null : new ProgressPrinter();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write(`\nloadfleet: stopping run ${created.id} (Ctrl-C again to leave it running)\n`);
    client.json('POST', `/v1/runs/${created.id}/stop`, { reason: 'interrupted by the submitter' }).catch(() => {});
  };
  process.on('SIGINT', onSigint);
  try {
    const end = await follow(client, created.id, (s) => progress?.update(s));
    progress?.done();
    const report = await fetchReport(client, created.id, end.state);
    if (!report) {
      process.stderr.write(
        `loadfleet: run ${created.id} ended ${end.state}${end.stopReason ? ` (${end.stopReason})` : ''}, with no report\n`,
      );
      return EXIT_RUN_FAILED;
    }
    const dir = resolve(settings.out || `reports/${created.id}`);
    const { htmlPath, jsonPath } = await writeReport(dir, report);
    process.stdout.write(`${renderSummary(report, { color: process.stdout.isTTY })}\n`);
    process.stdout.write(`report: ${htmlPath}\n        ${jsonPath}\n`);
    return report.exitCode;
  } catch (err) {
    return reportApiError(err, file);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The scenario text, validated here first, and every file it names keyed by the name it is written as. */
/** The scenario and every file it names (CSV feeders, CA certificates, protocol files), by the path it names them by. */
function readSubmission(file: string): { scenario: string; files: Record<string, string> } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError([
      { file, line: 1, col: 1, path: '', message: `cannot read the scenario: ${(err as Error).message}` },
    ]);
  }
  const files: Record<string, string> = {};
  parseScenario(text, {
    file,
    readFile: (name) => {
      const content = readFileSync(isAbsolute(name) ? name : resolve(dirname(file), name), 'utf8');
      files[name] = content;
      return content;
    },
  });
  return { scenario: text, files };
}

/** Reads the run's live feed to its end, reconnecting while the run goes on. */
async function follow(
  client: Client,
  id: string,
  onSecond: (s: LiveStatus) => void,
): Promise<{ state: string; stopReason: string | null }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const end = await client.events(`/v1/runs/${id}/live`, (event, data) => {
        if (event === 'message') onSecond(JSON.parse(data) as LiveStatus);
      });
      if (end) return JSON.parse(end) as { state: string; stopReason: string | null };
    } catch (err) {
      if (err instanceof ApiError || attempt >= 30) throw err;
    }
    // The stream dropped without an end: if the run ended meanwhile, that is the end.
    const run = await client.json<{ state: string; stopReason: string | null }>('GET', `/v1/runs/${id}`);
    if (ENDED.has(run.state)) return run;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function fetchReport(client: Client, id: string, state: string): Promise<Report | null> {
  if (state === 'cancelled') return null;
  // The end event follows the stored report; a short retry covers a slow store on another path.
  const notReadyYet = (err: unknown) =>
    err instanceof ApiError && err.status === 404 && err.code !== 'LF_ERR_RUN_NOT_FOUND';
  try {
    return await retry(() => client.json<Report>('GET', `/v1/runs/${id}/report.json`), {
      forMs: 5000,
      everyMs: 500,
      permanent: (err) => !notReadyYet(err),
    });
  } catch (gaveUp) {
    const err = (gaveUp as Error).cause;
    if (notReadyYet(err)) return null;
    throw err;
  }
}

function reportApiError(err: unknown, file: string): number {
  if (!(err instanceof ApiError)) {
    process.stderr.write(`loadfleet submit: ${(err as Error).message}\n`);
    return EXIT_RUN_FAILED;
  }
  process.stderr.write(`loadfleet submit: ${err.message} (${err.status} ${err.code})\n`);
  for (const i of err.issues) {
    const where = i.line > 0 ? `${i.file ?? file}:${i.line}:${i.col} ` : '';
    process.stderr.write(`  ${where}${i.path ? `${i.path}: ` : ''}${i.message}\n`);
  }
  return err.status >= 400 && err.status < 500 ? EXIT_INVALID_INPUT : EXIT_RUN_FAILED;
}
