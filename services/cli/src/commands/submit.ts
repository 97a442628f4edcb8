import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, loadSettings, submitSpec } from '@loadfleet/config';
import { EXIT_INVALID_INPUT, EXIT_RUN_FAILED, renderSummary, writeReport, type Report } from '@loadfleet/report';
import { retry } from '@loadfleet/lifecycle';
import type { LiveStatus } from '@loadfleet/runtime';
import { parseScenario, ScenarioError } from '@loadfleet/scenario';
import { ProgressPrinter } from '../progress.js';

const USAGE = 'usage: loadfleet submit FILE --api URL [--token T] [--follow] [--out DIR] [--quiet]';
const ENDED = new Set(['done', 'failed', 'aborted', 'stopped', 'cancelled']);

interface Issue {
  line: number;
  col: number;
  path: string;
  message: string;
  file?: string;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

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

/** The controller's HTTP API. */
class Client {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetch(path, {
      method,
      headers: { ...this.auth(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw apiError(res.status, text);
    return JSON.parse(text) as T;
  }

  /** Reads a server-sent event stream; resolves with the data of `event: end`, or null if it closed without one. */
  async events(path: string, on: (event: string, data: string) => void): Promise<string | null> {
    const res = await this.fetch(path, { headers: { ...this.auth(), accept: 'text/event-stream' } });
    if (!res.ok || !res.body) throw apiError(res.status, await res.text());
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length === 0) continue;
        if (event === 'end') return data.join('\n');
        on(event, data.join('\n'));
      }
    }
    return null;
  }

  /** fetch(), with "fetch failed" turned into what was unreachable and why. */
  private async fetch(path: string, init: RequestInit): Promise<Response> {
    const url = `${this.base}${path}`;
    try {
      return await fetch(url, init);
    } catch (err) {
      throw new Error(`cannot reach the controller at ${url}: ${networkCause(err)}`, { cause: err });
    }
  }

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }
}

/** The reason under undici's "fetch failed": the socket error's code (ECONNREFUSED, ENOTFOUND…) and message. */
export function networkCause(err: unknown): string {
  let cause: unknown = err;
  // undici nests: TypeError("fetch failed") -> cause (an Error with .code), sometimes an AggregateError of them.
  while (cause instanceof Error && cause.cause !== undefined && !(cause as NodeJS.ErrnoException).code)
    cause = cause.cause;
  if (cause instanceof AggregateError && cause.errors.length > 0) cause = cause.errors[0];
  const e = cause as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && e.code) {
    return e.message ? `${e.code} (${e.message})` : e.code;
  }
  const message = (cause as Error)?.message ?? String(cause);
  // undici refuses the fetch standard's "bad ports" (9, 25, 6000…) before connecting.
  if (message === 'bad port') return 'fetch refuses this port (a blocked port of the fetch standard); use another';
  return message;
}

function apiError(status: number, text: string): ApiError {
  try {
    const e = (JSON.parse(text) as { error: { code: string; message: string; issues?: Issue[] } }).error;
    return new ApiError(status, e.code, e.message, e.issues ?? []);
  } catch {
    return new ApiError(status, 'LF_ERR_HTTP', `HTTP ${status}: ${text.slice(0, 200)}`);
  }
}
