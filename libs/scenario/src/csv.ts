import { parse, CsvError as ParseError } from 'csv-parse/sync';

/**
 * CSV as RFC 4180 has it (read by csv-parse): comma-separated fields, records
 * ending in CRLF, LF or CR, fields in double quotes may hold commas, quotes
 * (doubled) and line breaks. Blank lines are skipped; a UTF-8 byte-order mark is
 * ignored. A record with an error is skipped and reading goes on (positions
 * after a broken quote are csv-parse's best guess).
 */
export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
}
export interface CsvError {
  line: number;
  col: number;
  message: string;
}
export interface CsvResult {
  records: CsvRecord[];
  errors: CsvError[];
}

const OPTIONS = {
  bom: true,
  skip_empty_lines: true,
  // Each record's field count is checked against the header by the caller, with its line.
  relax_column_count: true,
  info: true,
  record_delimiter: ['\r\n', '\n', '\r'] as string[],
  skip_records_with_error: true,
};

const MAX_ERRORS = 10;

export function parseCsv(text: string): CsvResult {
  const errors: CsvError[] = [];
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      ...OPTIONS,
      on_skip: (err: unknown) => {
        if (errors.length < MAX_ERRORS) errors.push(csvError(err));
      },
    }) as unknown as typeof parsed;
  } catch (err) {
    return { records: [], errors: [...errors, csvError(err)] };
  }
  return {
    records: parsed.map(({ record, info }) => ({ line: info.lines - lineBreaksIn(record), fields: record })),
    errors,
  };
}

/** `info.lines` is where a record ends: a quoted field with line breaks started that many lines above. */
function lineBreaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) n += f.match(/\r\n|\n|\r/g)?.length ?? 0;
  return n;
}

function csvError(err: unknown): CsvError {
  if (!(err instanceof ParseError)) return { line: 1, col: 1, message: (err as Error).message };
  const { lines, column } = err as ParseError & { lines?: number; column?: number };
  const line = lines ?? 1;
  const field = typeof column === 'number' ? column + 1 : 1;
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return { line, col: 1, message: 'unclosed quoted field' };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { line, col: 1, message: `field ${field}: expected "," or a line break after a closing quote` };
    case 'INVALID_OPENING_QUOTE':
      return {
        line,
        col: 1,
        message: `field ${field}: a quote inside an unquoted field (quote the whole field and double the quote)`,
      };
    default:
      return { line, col: 1, message: err.message };
  }
}
