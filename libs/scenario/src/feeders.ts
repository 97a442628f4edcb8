import type { Checker } from './check.js';
import { parseCsv } from './csv.js';
import { readNamedFile, type FileAccess } from './files.js';
import type { Feeder } from './plan.js';
import { keyPath } from './paths.js';
import type { Pos, YNode } from './source.js';
import type { FeederScope } from './templates.js';

const ORDERS = ['sequential', 'random', 'unique'] as const;
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** As many rows as the most users a run may start; more is a mistake or an attack. */
const MAX_ROWS = 10_000_000;
const MAX_COLUMNS = 1_000;

export interface FeedersRead {
  feeders: Feeder[];
  /** Per feeder, in the same order, what templates may refer to. */
  scope: FeederScope[];
}

/**
 * `feeders: { NAME: { file, order } }` (or `NAME: file.csv`) with each CSV file
 * read and checked; `{ csv: "...", order }` carries the CSV inline, for scenarios
 * sent over the API where no file can be read.
 */
export function readFeeders(c: Checker, io: FileAccess, node: YNode | undefined, path: string): FeedersRead {
  const out: FeedersRead = { feeders: [], scope: [] };
  if (node === undefined) return out;
  if (node.kind !== 'map') {
    c.expected(node, path, 'a mapping of feeder name -> {file, order}');
    return out;
  }
  for (const { key: name, at, value } of node.entries) {
    const p = keyPath(path, name);
    if (!NAME.test(name)) {
      c.fail(at, p, 'a feeder name is made of letters, digits, _ and - (starting with a letter or _)');
    }
    const table = readFeeder(c, io, value, p);
    out.scope.push({ name, columns: table ? table.columns : null });
    if (table) out.feeders.push({ name, ...table });
  }
  return out;
}

function readFeeder(c: Checker, io: FileAccess, node: YNode, path: string): Omit<Feeder, 'name'> | undefined {
  if (node.kind === 'scalar') {
    const file = readNamedFile(c, io, node, path);
    const table = file && readTable(c, file.text, path, file.display);
    return table && { order: 'sequential', ...table };
  }
  const f = c.fields(node, path, ['file', 'csv', 'order'], 'a file path, {file, order} or {csv, order}');
  if (!f) return undefined;
  const order = f.opt('order', 'sequential' as const, (n, q) => c.oneOf(n, q, ORDERS));
  let table: Table | undefined;
  const [fileNode, csvNode] = [f.get('file'), f.get('csv')];
  if (fileNode && csvNode) return c.fail(csvNode, f.at('csv'), 'give either file or csv, not both');
  if (csvNode) {
    const text = c.str(csvNode, f.at('csv'), 'CSV text (a header row, then data rows)');
    table = text === undefined ? undefined : readTable(c, text, f.at('csv'), undefined, csvNode);
  } else if (f.req('file', 'a CSV file path, or csv: with the CSV inline')) {
    const file = readNamedFile(c, io, fileNode!, f.at('file'));
    table = file && readTable(c, file.text, f.at('file'), file.display);
  }
  return table && order ? { order, ...table } : undefined;
}

type Table = Pick<Feeder, 'columns' | 'rows'>;

/**
 * CSV text -> columns and rows. Problems point into the CSV file when there is one;
 * for inline CSV, at the `csv:` value, naming the line within the text.
 */
function readTable(c: Checker, text: string, path: string, file?: string, inline?: Pos): Table | undefined {
  const before = c.issues.length;
  const at = (line: number, col: number, message: string) =>
    inline ? c.fail(inline, path, `line ${line} of the CSV: ${message}`) : c.fail({ line, col }, path, message, file);
  const { records, errors } = parseCsv(text);
  for (const e of errors) at(e.line, e.col, e.message);
  const [header, ...data] = records;
  if (!header) return at(1, 1, 'expected a header row naming the columns, got an empty file');
  const columns = header.fields.map((h) => h.trim());
  if (columns.length > MAX_COLUMNS) at(header.line, 1, `too many columns (the limit is ${MAX_COLUMNS})`);
  columns.forEach((col, i) => {
    if (col === '') at(header.line, 1, `column ${i + 1} of the header has no name`);
    else if (columns.indexOf(col) !== i) at(header.line, 1, `column name "${col}" appears twice in the header`);
  });
  if (data.length === 0) at(header.line, 1, 'expected at least one data row after the header');
  if (data.length > MAX_ROWS) at(header.line, 1, `too many rows (the limit is ${MAX_ROWS})`);
  let bad = 0;
  for (const r of data) {
    if (r.fields.length !== columns.length && bad++ < 10) {
      at(r.line, 1, `expected ${columns.length} fields as in the header, got ${r.fields.length}`);
    }
  }
  if (c.issues.length > before) return undefined;
  return { columns, rows: data.map((r) => r.fields) };
}

/** A unique feeder gives each user a row of its own: it must have a row for every user the load plans. */
export function checkUniqueFeeders(
  c: Checker,
  node: YNode | undefined,
  path: string,
  feeders: readonly Feeder[],
  users: number,
): void {
  if (node?.kind !== 'map') return;
  for (const f of feeders) {
    if (f.order !== 'unique' || f.rows.length >= users) continue;
    const entry = node.entries.find((e) => e.key === f.name)!;
    c.fail(
      entry.at,
      keyPath(path, f.name),
      `a unique feeder has ${f.rows.length} rows but the load starts about ${users} users, each taking a row of its own; ` +
        'add rows, or use order: sequential or random',
    );
  }
}
