import { parseScenario, ScenarioError, type Plan } from '@loadfleet/scenario';
import { LineCounter, parse as parseYaml, parseDocument, isNode } from 'yaml';
import { ControllerError, type ApiIssue } from './errors.js';
import type { TargetAllowlist } from './target-allowlist.js';

/** A scenario as it came over the API: its text, and the files it names (CSV feeders, protocol files), by path. */
export interface Submission {
  text: string;
  files: Record<string, string>;
}

/**
 * The lenient second reads of a scenario (feeder file names, where a field is) see
 * only text parseScenario accepted; they never print YAML warnings, which would put
 * what a client sent into the controller's stderr.
 */
const LENIENT = { logLevel: 'silent' } as const;

/** The name issues give the scenario itself. */
export const SCENARIO_FILE = 'scenario';

/**
 * Scenario text -> a Plan, with no file access but the uploaded files. A file
 * the scenario names (`feeders.<name>.file`, a TLS `ca`) is looked up in
 * `files` by the name as written, then by the feeder's name. Every scenario
 * problem comes back at once (LF_ERR_SCENARIO); targets outside the allowlist
 * are refused (LF_ERR_TARGET_NOT_ALLOWED).
 */
export function compileSubmission(sub: Submission, allowlist: TargetAllowlist): Plan {
  // Only once parseScenario asks for a file, so only for text that passed its size, depth and
  // alias limits: the yaml parser on its own takes seconds on a document of 100,000
  // brackets, and a second such request can abort the process (V8 out of memory).
  let feederOfFile: Map<string, string> | null = null;
  const readFile = (path: string): string => {
    feederOfFile ??= feederNamesByFile(sub.text);
    const text = own(sub.files, path) ?? own(sub.files, feederOfFile.get(path) ?? '');
    if (text === undefined) {
      const by = feederOfFile.has(path) ? ` or "${feederOfFile.get(path)}"` : '';
      throw new Error(`not uploaded: add it to "files" in the request body as "${path}"${by}`);
    }
    return text;
  };
  let plan: Plan;
  try {
    plan = parseScenario(sub.text, { file: SCENARIO_FILE, readFile });
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    const issues: ApiIssue[] = err.issues.map((i) => ({
      line: i.line,
      col: i.col,
      path: i.path,
      message: i.message,
      ...(i.file !== SCENARIO_FILE ? { file: i.file } : {}),
    }));
    const n = issues.length;
    throw new ControllerError('LF_ERR_SCENARIO', `invalid scenario (${n} error${n === 1 ? '' : 's'})`, issues, {
      cause: err,
    });
  }
  checkTargets(plan, sub.text, allowlist);
  if (plan.protocol.plugin) {
    // A plugin is code: the farm's workers run no code that came with a submission.
    throw new ControllerError('LF_ERR_SCENARIO', "the scenario's protocol needs a plugin, which only local runs load", [
      {
        ...locate(sub.text, ['protocol']),
        path: 'protocol',
        message: `protocol ${plan.protocol.name} has a plugin (code), which a shared farm does not run: use loadfleet run, or describe the protocol in protocol.yaml alone`,
      },
    ]);
  }
  return plan;
}

function checkTargets(plan: Plan, text: string, allowlist: TargetAllowlist): void {
  const issues: ApiIssue[] = [];
  const single = hasTopKey(text, 'target');
  plan.targets.forEach((t, i) => {
    if (allowlist.allows(t.host)) return;
    const path = single ? ['target'] : ['targets', i];
    issues.push({
      ...locate(text, path),
      path: single ? 'target' : `targets[${i}]`,
      message: `${t.host} is not an allowed target on this farm (allowed: ${allowlist.spec})`,
    });
  });
  // The controller scrapes monitor URLs: they obey the same allowlist as the load.
  (plan.monitor ?? []).forEach((m, i) => {
    const host = new URL(m.url).hostname.replace(/^\[(.*)\]$/, '$1');
    if (allowlist.allows(host)) return;
    issues.push({
      ...locate(text, ['monitor', i, 'url']),
      path: `monitor[${i}].url`,
      message: `${host} is not an allowed target on this farm (allowed: ${allowlist.spec})`,
    });
  });
  if (issues.length > 0) {
    throw new ControllerError('LF_ERR_TARGET_NOT_ALLOWED', 'the scenario targets hosts this farm may not load', issues);
  }
}

function own(files: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(files, key) ? files[key] : undefined;
}

/** feeders.<name>.file (or feeders.<name>: file) -> name, read leniently: the real check is parseScenario's. */
function feederNamesByFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let doc: unknown;
  try {
    doc = parseYaml(text, LENIENT);
  } catch {
    return out;
  }
  const feeders = (doc as { feeders?: unknown } | null)?.feeders;
  if (typeof feeders !== 'object' || feeders === null) return out;
  for (const [name, v] of Object.entries(feeders)) {
    const file = typeof v === 'string' ? v : (v as { file?: unknown } | null)?.file;
    if (typeof file === 'string') out.set(file, name);
  }
  return out;
}

function hasTopKey(text: string, key: string): boolean {
  try {
    const doc = parseYaml(text, LENIENT) as Record<string, unknown> | null;
    return typeof doc === 'object' && doc !== null && key in doc;
  } catch {
    return false;
  }
}

/** 1-based line and column of the node at `path` in the scenario text (1:1 when it cannot be found). */
export function locate(text: string, path: (string | number)[]): { line: number; col: number } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { ...LENIENT, lineCounter: lc });
  const node = doc.getIn(path, true);
  if (isNode(node) && node.range) {
    const pos = lc.linePos(node.range[0]);
    return { line: pos.line, col: pos.col };
  }
  return { line: 1, col: 1 };
}
