import type { Condition, Template } from '@loadfleet/scenario';

/** A condition with its pattern compiled once per program. */
export interface CompiledCondition {
  path: string;
  op: Condition['op'];
  value: Template | null;
  regex: RegExp | null;
}

export function compileConditions(conditions: readonly Condition[]): CompiledCondition[] {
  return conditions.map((c) => ({
    path: c.path,
    op: c.op,
    value: c.value,
    regex: c.pattern === null ? null : new RegExp(c.pattern),
  }));
}

/**
 * Whether `actual` passes the test against `expected` (the condition's value,
 * rendered). Values compare as text (an int64 arrives as text, a template renders
 * text); the ordering tests compare as numbers. "exists" means set to something
 * other than the field's default (proto3 cannot tell the two apart).
 */
export function passes(c: CompiledCondition, actual: unknown, expected: unknown): boolean {
  switch (c.op) {
    case 'equals':
      return text(actual) === text(expected);
    case 'notEquals':
      return text(actual) !== text(expected);
    case 'matches':
      return c.regex!.test(text(actual));
    case 'exists':
      return isSet(actual);
    case 'absent':
      return !isSet(actual);
    case 'lt':
      return num(actual) < num(expected);
    case 'lte':
      return num(actual) <= num(expected);
    case 'gt':
      return num(actual) > num(expected);
    case 'gte':
      return num(actual) >= num(expected);
  }
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : v === undefined || v === null || v === '' ? NaN : Number(v);
}

function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false || v === '0') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}
