import { isSafeToken } from '@loadfleet/bus';
import { ControllerError, type ApiIssue, type ListQuery, type Submission } from '@loadfleet/controller';

export const YAML_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml', 'text/x-yaml'] as const;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Nesting of a JSON scenario object: the scenario parser's own limit (LIMITS.maxDepth). */
export const MAX_JSON_DEPTH = 64;

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Files one submission may carry, and their combined size (characters). */
export const MAX_FILES = 64;
export const MAX_FILES_CHARS = 8_000_000;

/**
 * A POST /v1/runs body -> the scenario text and its uploaded files. YAML
 * bodies are the scenario itself; a JSON body is `{scenario, files?, feeders?}`,
 * where `scenario` is the text (or a JSON scenario object), `files` maps the
 * path of each file the scenario names (CSV feeders, CA certificates, a protocol
 * folder's protocol.yaml and .proto files), as `loadfleet submit` reads them,
 * to its text; `feeders` (the older name) maps a CSV file or feeder name to its text.
 */
export function submissionFromBody(contentType: string | undefined, body: unknown): Submission {
  const type = mediaType(contentType);
  if ((YAML_TYPES as readonly string[]).includes(type)) {
    if (typeof body !== 'string' || body.trim() === '')
      throw requestError([issue('', 'the body is an empty scenario')]);
    return { text: body, files: {} };
  }
  if (type !== 'application/json') {
    throw new ControllerError('LF_ERR_UNSUPPORTED_MEDIA_TYPE', `unsupported content type "${type}"`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw requestError([issue('', 'expected a JSON object {scenario, files?, feeders?}')]);
  }
  const issues: ApiIssue[] = [];
  const { scenario, feeders, files: named, ...rest } = body as Record<string, unknown>;
  for (const key of Object.keys(rest)) issues.push(issue(key, 'unknown field; expected scenario, files, feeders'));
  let text = '';
  if (typeof scenario === 'string' && scenario.trim() !== '') text = scenario;
  else if (typeof scenario === 'object' && scenario !== null && !Array.isArray(scenario)) {
    // JSON.parse takes any depth, JSON.stringify recurses: refuse what the scenario parser would refuse anyway.
    if (nestedDeeperThan(scenario, MAX_JSON_DEPTH))
      issues.push(issue('scenario', `nesting is too deep (the limit is ${MAX_JSON_DEPTH} levels)`));
    else text = JSON.stringify(scenario, null, 2);
  } else issues.push(issue('scenario', 'required: the scenario as YAML or JSON text (or a JSON object)'));
  const files: Record<string, string> = Object.create(null) as Record<string, string>;
  readFiles(feeders, 'feeders', 'file or feeder name -> CSV text', files, issues);
  readFiles(named, 'files', 'file path -> text', files, issues);
  const count = Object.keys(files).length;
  const chars = Object.values(files).reduce((n, t) => n + t.length, 0);
  if (count > MAX_FILES) issues.push(issue('files', `too many files (${count}; the limit is ${MAX_FILES})`));
  if (chars > MAX_FILES_CHARS)
    issues.push(issue('files', `the files are too large (${chars} characters; the limit is ${MAX_FILES_CHARS})`));
  if (issues.length > 0) throw requestError(issues);
  return { text, files };
}

function readFiles(
  value: unknown,
  field: string,
  shape: string,
  into: Record<string, string>,
  issues: ApiIssue[],
): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push(issue(field, `expected an object: ${shape}`));
    return;
  }
  for (const [name, text] of Object.entries(value)) {
    if (typeof text === 'string') into[name] = text;
    else issues.push(issue(`${field}.${name}`, 'expected the file text as a string'));
  }
}

/** `?limit=&cursor=` or `?limit=&page=` of GET /v1/runs. */
export function listQuery(query: Record<string, unknown>): ListQuery {
  const issues: ApiIssue[] = [];
  const int = (key: string, min: number, max: number, def: number): number => {
    const raw = query[key];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      issues.push(issue(key, `expected a whole number from ${min} to ${max}`));
      return def;
    }
    return n;
  };
  const limit = int('limit', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  const page = int('page', 1, 1_000_000, 0);
  const cursor = query.cursor;
  if (cursor !== undefined && (typeof cursor !== 'string' || !isSafeToken(cursor))) {
    issues.push(issue('cursor', 'expected a run id from the previous page'));
  }
  if (cursor !== undefined && page > 0) issues.push(issue('page', 'give either cursor or page, not both'));
  for (const key of Object.keys(query)) {
    if (!['limit', 'page', 'cursor'].includes(key))
      issues.push(issue(key, 'unknown parameter; expected limit, cursor, page'));
  }
  if (issues.length > 0) throw requestError(issues);
  if (typeof cursor === 'string') return { limit, cursor };
  return page > 0 ? { limit, offset: (page - 1) * limit } : { limit };
}

/** A run id from a URL: anything that is not a safe token names no run. */
export function checkRunId(id: unknown): string {
  if (typeof id !== 'string' || !isSafeToken(id))
    throw new ControllerError('LF_ERR_RUN_NOT_FOUND', `no run "${String(id)}"`);
  return id;
}

/** Whether a parsed JSON value nests deeper than `max` levels; iterative, so no depth can overflow the stack. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(v as object)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

function issue(path: string, message: string): ApiIssue {
  return { line: 0, col: 0, path, message };
}

function requestError(issues: ApiIssue[]): ControllerError {
  const head = issues.length === 1 ? issues[0]!.message : `${issues.length} problems`;
  return new ControllerError('LF_ERR_REQUEST', `invalid request: ${head}`, issues);
}
