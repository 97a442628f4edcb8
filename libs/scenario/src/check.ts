import type { ScenarioIssue } from './errors.js';
import { DURATION_EXAMPLES, MAX_DURATION_MS, formatDuration, parseDuration } from './durations.js';
import { keyPath } from './paths.js';
import type { Pos, YMap, YNode } from './source.js';

/** A range of acceptable numbers; `gt` is an exclusive lower bound. */
export interface NumRange {
  min?: number;
  gt?: number;
  max?: number;
  integer?: boolean;
  unit?: string;
}

/**
 * Collects issues while the validators walk the tree. Each accessor returns the
 * value, or undefined after recording what was expected and what was found, so
 * that the walk goes on and every problem is reported in one pass.
 */
export class Checker {
  readonly issues: ScenarioIssue[] = [];

  constructor(readonly file: string) {}

  fail(at: Pos, path: string, message: string, file = this.file): undefined {
    this.issues.push({ file, line: at.line, col: at.col, path, message });
    return undefined;
  }

  expected(node: YNode, path: string, expectation: string): undefined {
    return this.fail(node, path, `expected ${expectation}, got ${describe(node)}`);
  }

  /** A mapping whose keys are all in `allowed`; each unknown key is reported where it stands. */
  fields(node: YNode, path: string, allowed: readonly string[], expectation = 'a mapping'): Fields | undefined {
    if (node.kind !== 'map') return this.expected(node, path, expectation);
    for (const e of node.entries) {
      if (!allowed.includes(e.key)) {
        this.fail(e.at, keyPath(path, e.key), unknownField(e.key, allowed));
      }
    }
    return new Fields(this, node, path);
  }

  list(node: YNode, path: string, expectation: string, nonEmpty = true): YNode[] | undefined {
    if (node.kind !== 'seq') return this.expected(node, path, expectation);
    if (nonEmpty && node.items.length === 0) return this.fail(node, path, `expected ${expectation}, got an empty list`);
    return node.items;
  }

  str(node: YNode, path: string, expectation = 'a string', pattern?: RegExp): string | undefined {
    if (node.kind !== 'scalar' || typeof node.value !== 'string' || (pattern && !pattern.test(node.value))) {
      return this.expected(node, path, expectation);
    }
    return node.value;
  }

  bool(node: YNode, path: string): boolean | undefined {
    if (node.kind !== 'scalar' || typeof node.value !== 'boolean') return this.expected(node, path, 'true or false');
    return node.value;
  }

  oneOf<T extends string>(node: YNode, path: string, values: readonly T[]): T | undefined {
    const v = node.kind === 'scalar' ? node.value : undefined;
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    const hint = typeof v === 'string' ? closest(v, values) : undefined;
    return this.expected(node, path, `one of ${values.join(', ')}${hint ? ` (did you mean ${hint}?)` : ''}`);
  }

  /** A number in range; `expectation` replaces the wording when the value is not a number at all. */
  num(node: YNode, path: string, range: NumRange, expectation?: string): number | undefined {
    const v = node.kind === 'scalar' ? node.value : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.expected(node, path, expectation ?? rangeText(range));
    if (!inRange(v, range)) return this.expected(node, path, rangeText(range));
    return v;
  }

  /** A duration in ms, ≥ 0 (or > 0 with `positive`), at most 7 days unless `maxMs` says less. */
  duration(node: YNode, path: string, opts: { positive?: boolean; maxMs?: number } = {}): number | undefined {
    const v = node.kind === 'scalar' ? node.value : undefined;
    const ms = parseDuration(v);
    if (ms === undefined) return this.expected(node, path, DURATION_EXAMPLES);
    const max = opts.maxMs ?? MAX_DURATION_MS;
    const low = opts.positive ? 'a duration > 0' : 'a duration ≥ 0';
    if (ms < 0 || (opts.positive && ms === 0) || ms > max) {
      return this.expected(node, path, `${low} and ≤ ${formatDuration(max)}`);
    }
    return ms;
  }
}

/** The fields of one mapping, addressed by key. */
export class Fields {
  constructor(
    readonly c: Checker,
    readonly node: YMap,
    readonly path: string,
  ) {}

  get(key: string): YNode | undefined {
    return this.node.entries.find((e) => e.key === key)?.value;
  }

  has(key: string): boolean {
    return this.node.entries.some((e) => e.key === key);
  }

  at(key: string): string {
    return keyPath(this.path, key);
  }

  /** The value of a required field, or undefined after reporting it missing. */
  req(key: string, expectation: string): YNode | undefined {
    const v = this.get(key);
    if (v === undefined)
      return this.c.fail(this.node, this.at(key), `missing required field (expected ${expectation})`);
    return v;
  }

  /** Apply `read` to the field when present; `fallback` when absent. */
  opt<T>(key: string, fallback: T, read: (node: YNode, path: string) => T | undefined): T | undefined {
    const v = this.get(key);
    return v === undefined ? fallback : read(v, this.at(key));
  }
}

export function inRange(v: number, r: NumRange): boolean {
  if (r.integer && !Number.isInteger(v)) return false;
  if (r.min !== undefined && v < r.min) return false;
  if (r.gt !== undefined && v <= r.gt) return false;
  return r.max === undefined || v <= r.max;
}

export function rangeText(r: NumRange): string {
  const noun = r.integer ? 'an integer' : 'a number';
  const bounds: string[] = [];
  if (r.min !== undefined && r.max !== undefined) bounds.push(`from ${r.min} to ${r.max}`);
  else {
    if (r.min !== undefined) bounds.push(`≥ ${r.min}`);
    if (r.gt !== undefined) bounds.push(`> ${r.gt}`);
    if (r.max !== undefined) bounds.push(`≤ ${r.max}`);
  }
  return `${noun}${bounds.length ? ' ' + bounds.join(' and ') : ''}${r.unit ? ` (${r.unit})` : ''}`;
}

/** How a found value reads in an error: `"fast"`, `-5`, `a list`. */
export function describe(node: YNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const v = node.value;
  if (typeof v !== 'string') return String(v);
  return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
}

export function unknownField(key: string, allowed: readonly string[]): string {
  const hint = closest(key, allowed);
  const lead = hint ? `unknown field (did you mean ${hint}?)` : 'unknown field';
  return `${lead}; expected one of: ${allowed.join(', ') || '(none)'}`;
}

/** The allowed name nearest to a misspelt one (within an edit distance of about a third of its length), if any. */
export function closest(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const n of names) {
    const d = editDistance(word.toLowerCase(), n.toLowerCase());
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
