/** One problem found in a scenario, pointing at the place in the source it came from. */
export interface ScenarioIssue {
  /** The file the problem is in: the scenario itself, or a file it names (a CSV feeder). */
  file: string;
  /** 1-based line and column. */
  line: number;
  col: number;
  /** Field path in the scenario, e.g. `load.phases[1].rate`; empty for syntax errors. */
  path: string;
  /** What was expected, and what was found. */
  message: string;
}

/** `file:line:col path: message`, the form editors and terminals turn into links. */
export function formatIssue(issue: ScenarioIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.col}`;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where} ${issue.message}`;
}

/** Every issue, one per line. */
export function formatScenarioError(err: ScenarioError): string {
  return err.issues.map(formatIssue).join('\n');
}

/**
 * A scenario that cannot be run. It carries every issue found, not only the first,
 * so that one round of fixes is enough; the API returns `issues` as is.
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly code = 'LF_ERR_SCENARIO';
  readonly issues: readonly ScenarioIssue[];

  constructor(issues: readonly ScenarioIssue[], options?: { cause?: unknown }) {
    const sorted = sortIssues(issues);
    const head = sorted.length === 1 ? 'invalid scenario (1 error)' : `invalid scenario (${sorted.length} errors)`;
    super(`${head}:\n${sorted.map(formatIssue).join('\n')}`, options);
    this.issues = sorted;
  }
}

/** By position within each file; files keep the order they were first named in. */
function sortIssues(issues: readonly ScenarioIssue[]): ScenarioIssue[] {
  const rank = new Map<string, number>();
  for (const i of issues) if (!rank.has(i.file)) rank.set(i.file, rank.size);
  return [...issues].sort((a, b) => rank.get(a.file)! - rank.get(b.file)! || a.line - b.line || a.col - b.col);
}
