/**
 * CSV as RFC 4180 has it: comma-separated fields, records ending in CRLF or LF,
 * fields in double quotes may hold commas, quotes (doubled) and line breaks.
 * Blank lines are skipped; a UTF-8 byte-order mark is ignored.
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

const MAX_ERRORS = 10;

export function parseCsv(text: string): CsvResult {
  const records: CsvRecord[] = [];
  const errors: CsvError[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  let fields: string[] = [];
  let recordLine = 1;
  let atRecordStart = true;
  const n = text.length;

  while (i <= n && errors.length < MAX_ERRORS) {
    if (atRecordStart) {
      recordLine = line;
      atRecordStart = false;
    }
    let field: string;
    if (text[i] === '"') {
      const openLine = line;
      const openCol = i - lineStart + 1;
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          errors.push({ line: openLine, col: openCol, message: 'unclosed quoted field' });
          return { records, errors };
        }
        value += text.slice(j, q);
        for (let k = j; k < q; k++) {
          if (text[k] === '\n') {
            line++;
            lineStart = k + 1;
          }
        }
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      field = value;
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        errors.push({ line, col: i - lineStart + 1, message: 'expected "," or a line break after a closing quote' });
        i = skipToLineEnd(text, i);
      }
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      field = text.slice(i, j);
      const quote = field.indexOf('"');
      if (quote >= 0)
        errors.push({
          line,
          col: i - lineStart + quote + 1,
          message: 'a quote inside an unquoted field (quote the whole field and double the quote)',
        });
      i = j;
    }
    fields.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    // End of record: a line break or the end of the text.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    atRecordStart = true;
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    lineStart = i;
    if (i >= n) break;
  }
  return { records, errors };
}

function skipToLineEnd(text: string, i: number): number {
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
