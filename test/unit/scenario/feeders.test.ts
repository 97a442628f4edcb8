import { parseCsv } from '@loadfleet/scenario';
import { describe, expect, it } from 'vitest';
import { HEAD, LOAD, SESSION, errorsOf, issuesOf, plan } from './helpers.js';

describe('parseCsv (RFC 4180)', () => {
  it('splits records and fields, with quotes, doubled quotes and line breaks in quotes', () => {
    const text = 'name,token\r\n"Lee, Ann","a""b"\n"multi\nline",x\n\nplain,"",\n';
    expect(parseCsv(text)).toEqual({
      records: [
        { line: 1, fields: ['name', 'token'] },
        { line: 2, fields: ['Lee, Ann', 'a"b'] },
        { line: 3, fields: ['multi\nline', 'x'] },
        { line: 6, fields: ['plain', '', ''] },
      ],
      errors: [],
    });
  });

  it('ignores a byte-order mark and a missing final line break', () => {
    expect(parseCsv('\ufeffa,b\n1,2').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(parseCsv('')).toEqual({ records: [], errors: [] });
  });

  it('reports broken quoting with line and field', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n').errors).toEqual([{ line: 3, col: 1, message: 'unclosed quoted field' }]);
    // What follows a broken quote is csv-parse's best guess: the first error is the one that counts.
    expect(parseCsv('a,b\n1,"x"y\n').errors[0]).toEqual({
      line: 2,
      col: 1,
      message: 'field 2: expected "," or a line break after a closing quote',
    });
    expect(parseCsv('a,b\n1,x"y\n').errors.slice(0, 1)).toEqual([
      {
        line: 2,
        col: 1,
        message: 'field 2: a quote inside an unquoted field (quote the whole field and double the quote)',
      },
    ]);
  });
});

describe('feeders', () => {
  const files: Record<string, string> = {
    '/s/users.csv': 'name,token\nann,t1\n"Lee, Bo",t2\n',
    '/s/rooms.csv': ' room \nr1\n',
  };
  const readFile = (p: string) => {
    if (!(p in files)) throw new Error(`ENOENT: no such file, open '${p}'`);
    return files[p]!;
  };

  it('read CSV files relative to baseDir, with orders and the string shorthand', () => {
    const p = plan(
      HEAD + 'feeders:\n  users: { file: users.csv, order: unique }\n  rooms: rooms.csv\n' + LOAD + SESSION,
      { readFile, baseDir: '/s' },
    );
    expect(p.feeders).toEqual([
      {
        name: 'users',
        order: 'unique',
        columns: ['name', 'token'],
        rows: [
          ['ann', 't1'],
          ['Lee, Bo', 't2'],
        ],
      },
      { name: 'rooms', order: 'sequential', columns: ['room'], rows: [['r1']] },
    ]);
  });

  it('point CSV errors at the CSV file, line and column', () => {
    files['/s/bad.csv'] = 'name,name,\n1,2,3\n4,5\n"x\n';
    const issues = issuesOf(HEAD + 'feeders: { u: bad.csv }\n' + LOAD + SESSION, {
      readFile,
      baseDir: '/s',
      file: 'dir/s.yaml',
    });
    expect(issues).toEqual([
      {
        file: 'dir/bad.csv',
        line: 1,
        col: 1,
        path: 'feeders.u',
        message: 'column name "name" appears twice in the header',
      },
      { file: 'dir/bad.csv', line: 1, col: 1, path: 'feeders.u', message: 'column 3 of the header has no name' },
      { file: 'dir/bad.csv', line: 3, col: 1, path: 'feeders.u', message: 'expected 3 fields as in the header, got 2' },
      { file: 'dir/bad.csv', line: 4, col: 1, path: 'feeders.u', message: 'unclosed quoted field' },
    ]);
  });

  it('refuse missing files, empty files, bad orders and unreadable scenarios', () => {
    files['/s/empty.csv'] = '';
    files['/s/header.csv'] = 'a,b\n';
    const text =
      HEAD +
      'feeders:\n  a: { file: nope.csv }\n  b: { file: empty.csv }\n  c: { file: header.csv }\n  d: { file: users.csv, order: shuffled }\n  e: { order: random }\n  f: { file: users.csv, mode: x }\n  g: 5\n' +
      LOAD +
      SESSION;
    expect(errorsOf(text, { readFile, baseDir: '/s' })).toEqual([
      `4:14 feeders.a.file: cannot read "nope.csv": ENOENT: no such file, open '/s/nope.csv'`,
      '7:32 feeders.d.order: expected one of sequential, random, unique, got "shuffled"',
      '8:6 feeders.e.file: missing required field (expected a CSV file path, or csv: with the CSV inline)',
      '9:25 feeders.f.mode: unknown field; expected one of: file, csv, order',
      '10:6 feeders.g: expected a file path, got 5',
      // Issues in other files come after those in the scenario.
      '1:1 feeders.b.file: expected a header row naming the columns, got an empty file',
      '1:1 feeders.c.file: expected at least one data row after the header',
    ]);
  });

  it('take CSV inline, without any file access', () => {
    const text =
      HEAD + 'feeders:\n  u:\n    order: random\n    csv: |\n      id,name\n      1,"a, b"\n' + LOAD + SESSION;
    expect(plan(text).feeders).toEqual([
      { name: 'u', order: 'random', columns: ['id', 'name'], rows: [['1', 'a, b']] },
    ]);
    const bad = HEAD + 'feeders:\n  u: { csv: "id,name\\n1\\n" }\n  v: { csv: x, file: y }\n' + LOAD + SESSION;
    expect(errorsOf(bad)).toEqual([
      '4:13 feeders.u.csv: line 2 of the CSV: expected 2 fields as in the header, got 1',
      '5:13 feeders.v.csv: give either file or csv, not both',
    ]);
  });

  it('refuse files when no readFile is given (the API default)', () => {
    expect(errorsOf(HEAD + 'feeders: { u: users.csv }\n' + LOAD + SESSION)).toEqual([
      '3:15 feeders.u: cannot read "users.csv": files are not available here',
    ]);
  });

  it('refuse a unique feeder with fewer rows than the users the load starts', () => {
    const text =
      HEAD + 'feeders:\n  u: { file: users.csv, order: unique }\n' + LOAD.replace('rate: 1', 'rate: 5') + SESSION;
    expect(errorsOf(text, { readFile, baseDir: '/s' })).toEqual([
      '4:3 feeders.u: a unique feeder has 2 rows but the load starts about 5 users, each taking a row of its own; add rows, or use order: sequential or random',
    ]);
  });
});
