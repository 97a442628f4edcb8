// Fuzzing the scenario parser, the door anyone with a token can knock on: documents
// built from the scenario language's own words (so they get past the first check and
// reach the deep ones), valid scenarios with several fields replaced at once, and
// text-level mutations of the examples. Nothing but a ScenarioError may come out,
// and every issue points at a line and column.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe } from 'vitest';
import { stringify } from 'yaml';
import { ScenarioError, parseScenario } from '@loadfleet/scenario';
import { fuzz } from './harness.js';

const users = readFileSync(new URL('../../examples/users.csv', import.meta.url), 'utf8');
const readFile = () => users;

function parsesOrExplains(text: string): void {
  try {
    parseScenario(text, { file: 'fuzz.yaml', readFile });
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    if (err.issues.length === 0) throw new Error('a ScenarioError without issues');
    for (const i of err.issues) {
      if (!(i.line >= 1 && i.col >= 1 && typeof i.message === 'string' && i.message.length > 0))
        throw new Error(`an issue without a place or a message: ${JSON.stringify(i)}`);
    }
  }
}

/** Words of the language: every key, step kind, distribution, body field, and values near their limits. */
const KEYS = [
  'name',
  'target',
  'targets',
  'address',
  'weight',
  'tls',
  'servername',
  'rejectUnauthorized',
  'ca',
  'sourceAddresses',
  'timeouts',
  'connect',
  'request',
  'maxFrameBytes',
  'load',
  'model',
  'arrivals',
  'maxUsers',
  'phases',
  'duration',
  'rate',
  'from',
  'to',
  'sessions',
  'users',
  'rampUp',
  'hold',
  'rampDown',
  'feeders',
  'file',
  'order',
  'heartbeat',
  'steps',
  'send',
  'fields',
  'wait',
  'extract',
  'timeout',
  'expect',
  'match',
  'onMismatch',
  'think',
  'distribution',
  'min',
  'max',
  'mean',
  'stddev',
  'loop',
  'count',
  'choice',
  'transaction',
  'set',
  'close',
  'thresholds',
  'expr',
  'abort',
  'abortAfter',
  'userId',
  'token',
  'room',
  'text',
  'giftId',
  'value',
  'beamId',
  '__proto__',
  'constructor',
  'x-anchor',
  '<<',
] as const;
const WORDS = [
  'connect',
  'close',
  'login',
  'joinRoom',
  'leave',
  'chat',
  'like',
  'gift',
  'beam',
  'heartbeat',
  'joined',
  'ack',
  'error',
  'event',
  'event.chat',
  'event.likes',
  'open',
  'closed',
  'uniform',
  'poisson',
  'constant',
  'exponential',
  'normal',
  'random',
  'sequential',
  'unique',
  'abort',
  'continue',
  'users.csv',
  '127.0.0.1:7000',
  '[::1]:7000',
  'localhost:1',
  'host:0',
  'host:65536',
  '10.0.0.1-10.0.0.9',
  '1s',
  '0s',
  '500ms',
  '7d',
  '8d',
  '1m30s',
  '-1s',
  '1e9s',
  '{{user.id}}',
  '{{feeder.u.token}}',
  '{{x}}',
  '{{random.int(1, 2)}}',
  '{{random.pick(a, b)}}',
  '{{now}}',
  '{{',
  '}}',
  'p99(response.login) < 1s',
  'error_rate < 1%',
  'rate(errors.protocol) > 0',
  'p50(x) <',
  '',
];
const NUMBERS = [0, 1, -1, 0.5, 64, 65_536, 1_000_000, 10_000_000, 10_000_001, 1e9, 1e308, -0, 2 ** 53];

const scalar = fc.oneof(
  fc.constantFrom<unknown>(...WORDS),
  fc.constantFrom<unknown>(...NUMBERS),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
);
const { doc } = fc.letrec<{ doc: unknown }>((tie) => ({
  doc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('doc'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('doc'), { maxKeys: 5 }),
  ),
}));

/** A valid scenario using most of the language, to replace parts of. */
const BASE = {
  name: 'f',
  targets: [{ address: '127.0.0.1:7000', weight: 1, tls: false }],
  timeouts: { connect: '1s', request: '2s' },
  feeders: { u: { file: 'users.csv', order: 'random' } },
  load: { model: 'open', maxUsers: 100, phases: [{ duration: '1s', rate: { from: 1, to: 2 }, sessions: { s: 1 } }] },
  sessions: [
    {
      name: 's',
      weight: 2,
      heartbeat: '5s',
      steps: [
        'connect',
        { send: 'login', fields: { userId: '{{user.id}}', token: '{{feeder.u.token}}' } },
        { send: 'joinRoom', fields: { room: 'r' }, extract: { m: 'memberCount' } },
        { loop: { count: 2, steps: [{ think: { distribution: 'uniform', min: '1s', max: '2s' } }] } },
        { choice: [{ weight: 1, steps: [{ expect: 'event.chat', match: { text: '{{m}}' } }] }, { steps: [] }] },
        { transaction: { name: 'tx', steps: [{ set: { v: '{{random.int(1, 2)}}' } }] } },
        { send: 'chat', fields: { room: 'r', text: '{{v}}' }, wait: false },
        'close',
      ],
    },
  ],
  thresholds: ['p99(transaction.tx) < 1s', { expr: 'error_rate < 1%', abort: true }],
};

const PATHS: (string | number)[][] = [];
(function collect(v: unknown, p: (string | number)[]) {
  PATHS.push(p);
  if (Array.isArray(v)) v.forEach((x, i) => collect(x, [...p, i]));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, [...p, k]);
})(BASE, []);

function replaced(edits: [number, unknown, string | null][]): unknown {
  const copy = structuredClone(BASE) as unknown;
  let root = copy;
  for (const [n, value, key] of edits) {
    const path = PATHS[n % PATHS.length]!;
    if (path.length === 0) {
      root = value;
      continue;
    }
    let parent = root as Record<string | number, unknown> | null;
    for (const k of path.slice(0, -1)) parent = parent && typeof parent === 'object' ? (parent[k] as never) : null;
    if (!parent || typeof parent !== 'object') continue;
    const last = path[path.length - 1]!;
    // Either the value changes, or a key appears beside it (unknown keys, near-misses, __proto__).
    if (key !== null && !Array.isArray(parent))
      Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
    else parent[last] = value;
  }
  return root;
}

describe('scenario parser', () => {
  fuzz(
    "documents made of the language's own words: a plan or a ScenarioError with places",
    () =>
      fc.property(
        fc.dictionary(fc.constantFrom(...KEYS), doc, { minKeys: 1, maxKeys: 8 }),
        fc.boolean(),
        (d, asJson) => {
          parsesOrExplains(asJson ? (JSON.stringify(d) ?? 'null') : stringify(d));
        },
      ),
    1500,
  );

  fuzz(
    'a rich valid scenario with up to four fields replaced or keys added',
    () =>
      fc.property(
        fc.array(fc.tuple(fc.nat(), doc, fc.option(fc.constantFrom<string>(...KEYS, 'wieght', 'step', 'x'))), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        (edits, asJson) => {
          const d = replaced(edits);
          parsesOrExplains(asJson ? (JSON.stringify(d) ?? 'null') : stringify(d));
        },
      ),
    1500,
  );

  const chatroom = readFileSync(new URL('../../examples/chatroom.yaml', import.meta.url), 'utf8');
  fuzz(
    'text-level mutations of examples/chatroom.yaml',
    () => {
      const mutation = fc.tuple(
        fc.constantFrom('delete', 'insert', 'replace'),
        fc.nat(),
        fc.integer({ min: 1, max: 30 }),
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom(...WORDS.map(String), ': ', '- ', '\n', '  ', '&a', '*a'),
        ),
      );
      return fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (ms) => {
        let text = chatroom;
        for (const [op, at, len, s] of ms) {
          const i = at % (text.length + 1);
          if (op === 'insert') text = text.slice(0, i) + s + text.slice(i);
          else if (op === 'delete') text = text.slice(0, i) + text.slice(i + len);
          else text = text.slice(0, i) + s + text.slice(i + len);
        }
        parsesOrExplains(text);
      });
    },
    400,
  );
});
