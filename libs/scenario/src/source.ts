import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { ScenarioIssue } from './errors.js';
import { LIMITS, flowTooDeep } from './limits.js';
import { indexPath, keyPath } from './paths.js';

/**
 * The scenario source as a small tree of plain nodes that know their line and
 * column. The validators walk this tree, never the yaml library's own, so that
 * aliases, merge keys and limits are dealt with once, here.
 */
export type YNode = YMap | YSeq | YScalar;
export interface Pos {
  line: number;
  col: number;
}
export interface YMap extends Pos {
  kind: 'map';
  entries: YEntry[];
}
export interface YEntry {
  key: string;
  /** Where the key stands (unknown-field errors point here). */
  at: Pos;
  value: YNode;
}
export interface YSeq extends Pos {
  kind: 'seq';
  items: YNode[];
}
export interface YScalar extends Pos {
  kind: 'scalar';
  value: string | number | boolean | null;
}

const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));
const MAX_SYNTAX_ISSUES = 20;

export interface Source {
  /** null for an empty document (or one that failed to parse). */
  root: YNode | null;
  issues: ScenarioIssue[];
}

class LimitExceeded extends Error {}

/** YAML (and so JSON) text -> positioned nodes, or the syntax errors found. */
export function readSource(text: string, file: string): Source {
  const issue = (line: number, col: number, message: string): ScenarioIssue => ({ file, line, col, path: '', message });
  if (text.length > LIMITS.maxSourceChars) {
    return { root: null, issues: [issue(1, 1, `scenario is too large (over ${LIMITS.maxSourceChars} characters)`)] };
  }
  const deep = flowTooDeep(text);
  if (deep >= 0) {
    const before = text.slice(0, deep);
    const line = before.split('\n').length;
    const col = deep - before.lastIndexOf('\n');
    return { root: null, issues: [issue(line, col, `nesting is too deep (the limit is ${LIMITS.maxDepth} levels)`)] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lc,
    keepSourceTokens: true,
    prettyErrors: false,
    merge: true,
    uniqueKeys: true,
    version: '1.2',
  });
  const syntax = [...doc.errors, ...doc.warnings];
  if (syntax.length > 0) {
    const issues: ScenarioIssue[] = [];
    for (const e of syntax) {
      const p = lc.linePos(e.pos[0]);
      if (e.code === 'RESOURCE_EXHAUSTION') {
        issues.length = 0;
        issues.push(issue(p.line, p.col, `nesting is too deep (the limit is ${LIMITS.maxDepth} levels)`));
        break;
      }
      if (issues.length < MAX_SYNTAX_ISSUES) issues.push(issue(p.line, p.col, `YAML: ${firstLine(e.message)}`));
    }
    return { root: null, issues };
  }
  const walker = new Walker(doc, lc, file);
  try {
    const root = doc.contents ? walker.node(doc.contents, 0, '') : null;
    return { root, issues: walker.issues };
  } catch (err) {
    if (!(err instanceof LimitExceeded)) throw err;
    return { root: null, issues: [...walker.issues, issue(walker.lastPos.line, walker.lastPos.col, err.message)] };
  }
}

class Walker {
  readonly issues: ScenarioIssue[] = [];
  lastPos: Pos = { line: 1, col: 1 };
  private aliases = 0;
  private nodes = 0;

  constructor(
    private readonly doc: Document,
    private readonly lc: LineCounter,
    private readonly file: string,
  ) {}

  node(n: Node, depth: number, path: string): YNode {
    const at = this.pos(n);
    this.lastPos = at;
    if (++this.nodes > LIMITS.maxNodes)
      throw new LimitExceeded(`document is too large (over ${LIMITS.maxNodes} nodes)`);
    if (depth > LIMITS.maxDepth)
      throw new LimitExceeded(`nesting is too deep (the limit is ${LIMITS.maxDepth} levels)`);
    if (isAlias(n)) {
      if (++this.aliases > LIMITS.maxAliases) {
        throw new LimitExceeded(`too many YAML aliases (the limit is ${LIMITS.maxAliases}, counting nested ones)`);
      }
      const target = n.resolve(this.doc);
      return target ? this.node(target, depth + 1, path) : { kind: 'scalar', value: null, ...at };
    }
    if (n.tag !== undefined && !PLAIN_TAGS.has(n.tag)) {
      this.fail(at, path, `YAML tag ${n.tag.replace('tag:yaml.org,2002:', '!!')} is not supported`);
      return { kind: 'scalar', value: null, ...at };
    }
    if (isScalar(n)) {
      const v = n.value;
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        return { kind: 'scalar', value: v, ...at };
      }
      this.fail(at, path, `unsupported YAML value`);
      return { kind: 'scalar', value: null, ...at };
    }
    if (isSeq(n)) {
      return { kind: 'seq', items: n.items.map((item, i) => this.child(item, at, depth, indexPath(path, i))), ...at };
    }
    if (isMap(n)) return this.map(n.items, at, depth, path);
    this.fail(at, path, 'unsupported YAML node');
    return { kind: 'scalar', value: null, ...at };
  }

  private map(pairs: { key: unknown; value: unknown }[], at: Pos, depth: number, path: string): YMap {
    const entries: YEntry[] = [];
    const merged: YEntry[] = [];
    for (const pair of pairs) {
      const k = pair.key as Node | null;
      const keyAt = k ? this.pos(k) : at;
      if (isScalar(k) && typeof k.value === 'symbol') {
        // `<<: *base` (or a list of them): the merged keys fill in what the map lacks.
        const src = this.child(pair.value, keyAt, depth, keyPath(path, '<<'));
        for (const m of src.kind === 'seq' ? src.items : [src]) {
          if (m.kind === 'map') merged.push(...m.entries);
          else this.fail(m, keyPath(path, '<<'), 'a merge key (<<) needs a mapping or a list of mappings');
        }
        continue;
      }
      if (!isScalar(k) || k.value === null || typeof k.value === 'object') {
        this.fail(keyAt, path, 'keys must be plain strings');
        continue;
      }
      const key = String(k.value);
      entries.push({ key, at: keyAt, value: this.child(pair.value, keyAt, depth, keyPath(path, key)) });
    }
    const seen = new Set(entries.map((e) => e.key));
    for (const e of merged) {
      if (!seen.has(e.key)) {
        seen.add(e.key);
        entries.push(e);
      }
    }
    return { kind: 'map', entries, ...at };
  }

  /** A child node; an empty value (`key:` with nothing after it) is a null scalar. */
  private child(n: unknown, parentAt: Pos, depth: number, path: string): YNode {
    if (n === null || n === undefined) return { kind: 'scalar', value: null, ...parentAt };
    return this.node(n as Node, depth + 1, path);
  }

  private pos(n: Node): Pos {
    const offset = n.range?.[0] ?? 0;
    return this.lc.linePos(offset);
  }

  private fail(at: Pos, path: string, message: string): void {
    this.issues.push({ file: this.file, line: at.line, col: at.col, path, message });
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}
