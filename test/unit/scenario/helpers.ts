import { parseScenario, ScenarioError, type Plan, type ScenarioIssue, type Step } from '@loadfleet/scenario';

/** Strip the common indentation of a template literal, so YAML can be written indented in tests. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((s, part, i) => s + part + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

/** The head every test scenario shares; tests append sessions, load, etc. */
export const HEAD = 'name: t\ntarget: 127.0.0.1:7000\n';
export const LOAD = 'load: { phases: [{ duration: 1s, rate: 1 }] }\n';
export const SESSION = 'sessions: [{ name: s, steps: [connect] }]\n';

/** A scenario whose one session has `steps` (YAML list items, indented by 6 spaces) — steps start on line 7. */
export function withSteps(steps: string): string {
  const body = yaml([steps] as unknown as TemplateStringsArray)
    .split('\n')
    .map((l) => (l ? '      ' + l : l))
    .join('\n');
  return `${HEAD}${LOAD}sessions:\n  - name: s\n    steps:\n${body}`;
}

export function stepsOf(steps: string, opts?: Parameters<typeof parseScenario>[1]): Step[] {
  return parseScenario(withSteps(steps), opts).sessions[0]!.steps;
}

export function issuesOf(text: string, opts?: Parameters<typeof parseScenario>[1]): ScenarioIssue[] {
  try {
    parseScenario(text, { file: 't.yaml', ...opts });
  } catch (err) {
    if (err instanceof ScenarioError) return [...err.issues];
    throw err;
  }
  throw new Error('expected the scenario to be refused');
}

/** Issues as `line:col path: message` (without the file), the easiest form to assert on. */
export function errorsOf(text: string, opts?: Parameters<typeof parseScenario>[1]): string[] {
  return issuesOf(text, opts).map((i) => `${i.line}:${i.col} ${i.path ? i.path + ': ' : ''}${i.message}`);
}

export function plan(text: string, opts?: Parameters<typeof parseScenario>[1]): Plan {
  return parseScenario(text, { file: 't.yaml', ...opts });
}

/** A step without its source reference, for comparing shapes. */
export function bare(step: Step): unknown {
  return JSON.parse(JSON.stringify(step, (k, v) => (k === 'at' ? undefined : v)));
}
