import type { Template, TemplatePart } from './plan.js';

/** What a template may refer to besides variables: the feeders and their columns. */
export interface FeederScope {
  name: string;
  /** null when the feeder's file could not be read: its columns are not checked then. */
  columns: readonly string[] | null;
}

export type TemplateResult = { template: Template; vars: string[] } | { error: string };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words with a meaning of their own in a placeholder, so not usable as bare variable names. */
export const RESERVED_NAMES: readonly string[] = ['user', 'vars', 'feeder', 'random', 'now'];
export const VAR_NAME = IDENT;
const MAX_RANDOM_STRING = 65_536;
const PLACEHOLDERS =
  'user.id, user.session, vars.NAME, NAME, feeder.NAME.COLUMN, random.int(a, b), random.string(n), random.pick(a, b, ...), now';

/**
 * `room-{{random.int(1, 20)}}` -> text and placeholder parts, with feeder names
 * resolved to indexes. Variables are returned by name: whether a session sets
 * them is for the caller to check.
 */
export function parseTemplate(source: string, feeders: readonly FeederScope[]): TemplateResult {
  const parts: TemplatePart[] = [];
  const vars: string[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) {
      text += source.slice(i);
      break;
    }
    text += source.slice(i, open);
    const close = source.indexOf('}}', open + 2);
    if (close < 0) return { error: `unclosed "{{" at character ${open + 1} of the template` };
    const expr = source.slice(open + 2, close).trim();
    const part = parsePlaceholder(expr, feeders);
    if (typeof part === 'string') return { error: `{{${expr}}}: ${part}` };
    if (text) parts.push({ kind: 'text', text });
    text = '';
    parts.push(part);
    if (part.kind === 'var') vars.push(part.name);
    i = close + 2;
  }
  if (text) parts.push({ kind: 'text', text });
  return { template: { parts }, vars };
}

/** The literal text of a template without placeholders, or undefined. */
export function literalText(t: Template): string | undefined {
  return t.parts.every((p) => p.kind === 'text')
    ? t.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('')
    : undefined;
}

/** One placeholder, or an error message. */
function parsePlaceholder(expr: string, feeders: readonly FeederScope[]): TemplatePart | string {
  if (expr === 'now') return { kind: 'now' };
  if (expr === 'user.id' || expr === 'user.session')
    return { kind: 'user', field: expr === 'user.id' ? 'id' : 'session' };
  const call = /^random\.(\w+)\s*\((.*)\)$/s.exec(expr);
  if (call) return parseRandom(call[1]!, call[2]!);
  const dot = expr.indexOf('.');
  const head = dot < 0 ? expr : expr.slice(0, dot);
  const rest = dot < 0 ? '' : expr.slice(dot + 1);
  if (head === 'vars') return IDENT.test(rest) ? { kind: 'var', name: rest } : 'expected vars.NAME';
  if (head === 'feeder') return parseFeederRef(rest, feeders);
  if (dot < 0 && IDENT.test(expr) && !RESERVED_NAMES.includes(expr)) return { kind: 'var', name: expr };
  return `unknown placeholder; expected one of: ${PLACEHOLDERS}`;
}

function parseFeederRef(ref: string, feeders: readonly FeederScope[]): TemplatePart | string {
  const dot = ref.indexOf('.');
  if (dot <= 0 || dot === ref.length - 1) return 'expected feeder.NAME.COLUMN';
  const name = ref.slice(0, dot);
  const column = ref.slice(dot + 1);
  const feeder = feeders.findIndex((f) => f.name === name);
  if (feeder < 0) {
    const known = feeders.map((f) => f.name);
    return `no feeder named "${name}" (${known.length ? `feeders: ${known.join(', ')}` : 'no feeders are declared'})`;
  }
  const columns = feeders[feeder]!.columns;
  if (columns === null) return { kind: 'feeder', feeder, column: -1 };
  const col = columns.indexOf(column);
  if (col < 0) return `feeder "${name}" has no column "${column}"; its columns: ${columns.join(', ')}`;
  return { kind: 'feeder', feeder, column: col };
}

function parseRandom(fn: string, argText: string): TemplatePart | string {
  const args = splitArgs(argText);
  if (typeof args === 'string') return args;
  if (fn === 'int') {
    const [a, b] = args.map(Number);
    if (args.length !== 2 || !Number.isSafeInteger(a) || !Number.isSafeInteger(b)) {
      return 'expected random.int(min, max) with two integers';
    }
    if (a! > b!) return `random.int(min, max) needs min ≤ max, got ${a} > ${b}`;
    return { kind: 'randomInt', min: a!, max: b! };
  }
  if (fn === 'string') {
    const n = Number(args[0]);
    if (args.length !== 1 || !Number.isInteger(n) || n < 1 || n > MAX_RANDOM_STRING) {
      return `expected random.string(n) with an integer n from 1 to ${MAX_RANDOM_STRING}`;
    }
    return { kind: 'randomString', length: n };
  }
  if (fn === 'pick') {
    if (args.length === 0) return 'random.pick needs at least one value';
    return { kind: 'randomPick', values: args };
  }
  return `unknown function random.${fn}; expected random.int, random.string or random.pick`;
}

/** `1, 'a, b', "c"` -> ["1", "a, b", "c"]; quotes keep commas and spaces. */
function splitArgs(s: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  if (s.trim() === '') return [];
  while (i <= s.length) {
    while (s[i] === ' ') i++;
    const q = s[i];
    if (q === '"' || q === "'") {
      const end = s.indexOf(q, i + 1);
      if (end < 0) return `unclosed ${q} in arguments`;
      out.push(s.slice(i + 1, end));
      i = end + 1;
      while (s[i] === ' ') i++;
      if (i < s.length && s[i] !== ',') return `expected "," after a quoted argument`;
    } else {
      const end = s.indexOf(',', i);
      const arg = s.slice(i, end < 0 ? s.length : end).trim();
      if (arg === '' || /["'()]/.test(arg)) return 'arguments must be plain words or quoted strings';
      out.push(arg);
      i = end < 0 ? s.length : end;
    }
    i++;
  }
  return out;
}
