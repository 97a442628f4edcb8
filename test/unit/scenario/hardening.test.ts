import { readFileSync } from 'node:fs';
import { LIMITS, ScenarioError, parseScenario } from '@loadfleet/scenario';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { HEAD, LOAD, SESSION, errorsOf, withSteps } from './helpers.js';
import { runs } from '../../helpers/runs.js';

/** Parse, and return 'ok' or the ScenarioError; anything else thrown fails the test. */
function outcome(text: string, readFile?: (p: string) => string): 'ok' | ScenarioError {
  try {
    parseScenario(text, { file: 'fuzz.yaml', readFile });
    return 'ok';
  } catch (err) {
    if (err instanceof ScenarioError) {
      for (const i of err.issues) {
        if (!(i.line >= 1 && i.col >= 1 && typeof i.message === 'string' && i.message)) throw new Error('bad issue');
      }
      return err;
    }
    throw err;
  }
}

describe('hardening', () => {
  it('refuses an alias bomb quickly', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
    ].join('\n');
    const started = Date.now();
    expect(errorsOf(bomb)).toEqual([
      `3:8 too many YAML aliases (the limit is ${LIMITS.maxAliases}, counting nested ones)`,
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('accepts a reasonable use of aliases', () => {
    const steps = Array.from({ length: 20 }, () => '*hb').join(', ');
    const text = `x-hb: &hb { send: heartbeat }\n${HEAD}${LOAD}sessions: [{ name: s, steps: [connect, ${steps}] }]\n`;
    expect(outcome(text)).toBe('ok');
  });

  it('refuses nesting deeper than the limit, in flow and block style, without crashing', () => {
    expect(errorsOf('name: ' + '['.repeat(70) + ']'.repeat(70))).toEqual([
      `1:71 nesting is too deep (the limit is ${LIMITS.maxDepth} levels)`,
    ]);
    const block = Array.from({ length: 80 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' 1';
    expect(errorsOf(block)[0]).toMatch(/nesting is too deep/);
    const huge = 'name: ' + '['.repeat(200_000) + ']'.repeat(200_000);
    expect(errorsOf(huge)).toHaveLength(1);
    expect(errorsOf(huge)[0]).toMatch(/nesting is too deep/);
  });

  it('refuses oversized text', () => {
    const text = HEAD + '#'.repeat(LIMITS.maxSourceChars) + '\n';
    expect(errorsOf(text)).toEqual([`1:1 scenario is too large (over ${LIMITS.maxSourceChars} characters)`]);
  });

  it('refuses YAML tags, several documents and duplicate keys', () => {
    expect(errorsOf(HEAD.replace('name: t', 'name: !!binary aGVsbG8=') + LOAD + SESSION)).toEqual([
      '1:16 name: YAML tag !!binary is not supported',
    ]);
    expect(errorsOf(HEAD + LOAD + SESSION + 'x-f: !!js/function "function(){}"\n')[0]).toMatch(/^5:6 YAML: /);
    expect(errorsOf(HEAD + LOAD + SESSION + '---\nname: u\n')).toEqual([
      '5:1 YAML: Source contains multiple documents; please use YAML.parseAllDocuments()',
    ]);
    expect(errorsOf(HEAD + 'name: u\n' + LOAD + SESSION)).toEqual(['3:1 YAML: Map keys must be unique']);
  });

  it('is not fooled by prototype keys', () => {
    expect(errorsOf(withSteps(`- set: { __proto__: x }\n- set: { constructor: '{{toString}}' }`))).toEqual([
      '7:16 sessions[0].steps[0].set.__proto__: "__proto__" is reserved; choose another variable name',
      '8:29 sessions[0].steps[1].set.constructor: variable "toString" is never set in this session (set it with set: or extract:)',
    ]);
    expect(errorsOf(withSteps(`- connect\n- send: chat\n  fields: { constructor: x }`))[0]).toMatch(
      /fields.constructor: ChatMessage has no field "constructor"; its fields: room, text/,
    );
    expect(errorsOf(withSteps(`- connect\n- expect: event\n  extract: { x: constructor.name }`))[0]).toMatch(
      /extract.x: RoomEvent has no field "constructor"/,
    );
  });
});

describe('fuzzing: nothing but ScenarioError ever escapes', () => {
  const users = readFileSync(new URL('../../../examples/users.csv', import.meta.url), 'utf8');
  const readFile = () => users;

  it('random text', () => {
    const yamlish = fc.constantFrom(...'{}[]:,-&*!|>\'"#%@`?\n \t{{}}.0123456789abcdeklmnorstuxyz\\'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: yamlish, maxLength: 300 })), (s) => {
        outcome(s, readFile);
      }),
      { numRuns: runs(3000) },
    );
  });

  it.each([
    ['hello.yaml', 1500],
    ['chatroom.yaml', 400],
  ])('random mutations of %s', (name, numRuns) => {
    const valid = readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');
    expect(outcome(valid, readFile)).toBe('ok');
    const mutation = fc.oneof(
      fc.tuple(fc.constant('delete' as const), fc.nat(), fc.integer({ min: 1, max: 40 }), fc.constant('')),
      fc.tuple(fc.constant('insert' as const), fc.nat(), fc.constant(0), fc.string({ maxLength: 20 })),
      fc.tuple(
        fc.constant('replace' as const),
        fc.nat(),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom('-1', '0', 'x', '{{', '}}', '{{now}}', ':', '- ', '[', '1e99', '"', '\n  ', 'null', '*a', '&a'),
      ),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        let text = valid;
        for (const [op, at, len, s] of ms) {
          const i = at % (text.length + 1);
          text = op === 'insert' ? text.slice(0, i) + s + text.slice(i) : text.slice(0, i) + s + text.slice(i + len);
        }
        outcome(text, readFile);
      }),
      { numRuns: runs(numRuns) },
    );
  });

  it('random values in place of any field of a valid scenario', () => {
    const base = {
      name: 'f',
      targets: [{ address: '127.0.0.1:7000', weight: 1, tls: false }],
      timeouts: { connect: '1s', request: '2s' },
      feeders: { u: { file: 'users.csv', order: 'random' } },
      load: { phases: [{ duration: '1s', rate: { from: 1, to: 2 }, sessions: { s: 1 } }] },
      sessions: [
        {
          name: 's',
          heartbeat: '5s',
          steps: [
            'connect',
            { send: 'login', fields: { userId: '{{user.id}}', token: '{{feeder.u.token}}' } },
            { send: 'joinRoom', fields: { room: 'r' }, extract: { m: 'memberCount' } },
            { loop: { count: 2, steps: [{ think: { distribution: 'uniform', min: '1s', max: '2s' } }] } },
            { choice: [{ weight: 1, steps: [{ expect: 'event.chat', match: { text: '{{m}}' } }] }, { steps: [] }] },
            { transaction: { name: 'tx', steps: [{ set: { v: '{{random.int(1, 2)}}' } }] } },
            'close',
          ],
        },
      ],
      thresholds: ['p99(transaction.tx) < 1s', { expr: 'error_rate < 1%', abort: true }],
    };
    expect(outcome(stringify(base), readFile)).toBe('ok');
    const paths: (string | number)[][] = [];
    const collect = (v: unknown, p: (string | number)[]) => {
      paths.push(p);
      if (Array.isArray(v)) v.forEach((x, i) => collect(x, [...p, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, [...p, k]);
    };
    collect(base, []);
    fc.assert(
      fc.property(fc.nat(), fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (n, value, asJson) => {
        const path = paths[n % paths.length]!;
        const copy = structuredClone(base) as Record<string | number, unknown>;
        let target: Record<string | number, unknown> = copy;
        for (const k of path.slice(0, -1)) target = target[k] as Record<string | number, unknown>;
        if (path.length === 0) return void outcome(stringify(value), readFile);
        target[path[path.length - 1]!] = value;
        outcome(asJson ? JSON.stringify(copy) : stringify(copy), readFile);
      }),
      { numRuns: runs(2000) },
    );
  });
});
