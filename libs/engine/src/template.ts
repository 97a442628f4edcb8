import type { Feeder, Template } from '@loadfleet/scenario';
import type { Random } from './random.js';

/** Reads a variable by name (a Map is one). */
export interface VarReader {
  get(name: string): unknown;
}

/** What a template can read: the user, its variables, its feeder rows. */
export interface TemplateContext {
  userId: number;
  sessionName: string;
  vars: VarReader | null;
  /** Current row index per feeder (-1 = none). */
  feederRows: number[] | null;
}

export function isStatic(t: Template): boolean {
  return t.parts.every((p) => p.kind === 'text');
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Renders a template; a template that is one placeholder keeps the value's type. */
export function renderTemplate(t: Template, ctx: TemplateContext, feeders: readonly Feeder[], rng: Random): unknown {
  if (t.parts.length === 1) return renderPart(t.parts[0]!, ctx, feeders, rng);
  let out = '';
  for (const p of t.parts) out += String(renderPart(p, ctx, feeders, rng));
  return out;
}

function renderPart(
  p: Template['parts'][number],
  ctx: TemplateContext,
  feeders: readonly Feeder[],
  rng: Random,
): unknown {
  switch (p.kind) {
    case 'text':
      return p.text;
    case 'user':
      return p.field === 'id' ? ctx.userId : ctx.sessionName;
    case 'var':
      return ctx.vars?.get(p.name) ?? '';
    case 'feeder': {
      const row = ctx.feederRows?.[p.feeder] ?? -1;
      return row < 0 ? '' : (feeders[p.feeder]!.rows[row]?.[p.column] ?? '');
    }
    case 'randomInt':
      return rng.int(p.min, p.max);
    case 'randomString': {
      let s = '';
      for (let i = 0; i < p.length; i++) s += ALPHABET[rng.int(0, ALPHABET.length - 1)];
      return s;
    }
    case 'randomPick':
      return p.values[rng.int(0, p.values.length - 1)];
    case 'now':
      return Date.now();
  }
}

/** Reads a dotted path ("memberCount", "chat.text") from a decoded message. */
export function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
