import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Checker } from './check.js';
import { compile } from './compile.js';
import { ScenarioError } from './errors.js';
import type { Plan } from './plan.js';
import { readSource } from './source.js';

export * from './plan.js';
export { ScenarioError, formatScenarioError, formatIssue, type ScenarioIssue } from './errors.js';
export { parseDuration, formatDuration, MAX_DURATION_MS } from './durations.js';
export { parseCsv, type CsvRecord, type CsvError, type CsvResult } from './csv.js';
export { LIMITS } from './limits.js';
export { PLAN_VERSION, planShapeProblem } from './plan-version.js';

export interface ParseOptions {
  /** The name errors show for the scenario (e.g. its path); default `<scenario>`. */
  file?: string;
  /**
   * Reads a file the scenario names (CSV feeders, TLS CA certificates). Without
   * it, a scenario that names files is refused: the safe default for text that
   * came over the API.
   */
  readFile?: (path: string) => string;
  /** Relative file names are resolved against this directory before readFile sees them. */
  baseDir?: string;
}

/** YAML or JSON scenario text -> a validated Plan; throws ScenarioError listing every problem. */
export function parseScenario(text: string, opts: ParseOptions = {}): Plan {
  const file = opts.file ?? '<scenario>';
  if (typeof text !== 'string') {
    throw new ScenarioError([{ file, line: 1, col: 1, path: '', message: 'expected scenario text' }]);
  }
  const source = readSource(text, file);
  const c = new Checker(file);
  c.issues.push(...source.issues);
  if (source.issues.length > 0) throw new ScenarioError(c.issues);
  return compile(source.root, text, c, { readFile: opts.readFile, baseDir: opts.baseDir });
}

/** Read a scenario file and the files it names, relative to its own directory. */
export function loadScenarioFile(path: string): Plan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ScenarioError([{ file: path, line: 1, col: 1, path: '', message: `cannot read the scenario: ${why}` }], {
      cause: err,
    });
  }
  return parseScenario(text, { file: path, baseDir: dirname(path), readFile: (p) => readFileSync(p, 'utf8') });
}
