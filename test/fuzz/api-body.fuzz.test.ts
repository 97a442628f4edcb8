// Fuzzing what POST /v1/runs does with a body, without HTTP: any content type, any
// JSON value, any text, nested as deep as 1 MB allows. The only way out is a
// ControllerError with a 4xx status (the API's answer), or a plan.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { ControllerError, TargetAllowlist, checkCapacity, compileSubmission } from '@loadfleet/controller';
import { submissionFromBody } from '@loadfleet/controller-service';
import { fuzz } from './harness.js';

const HELLO = readFileSync(new URL('../../examples/hello.yaml', import.meta.url), 'utf8');
const ALLOW = new TargetAllowlist('127.0.0.0/8,localhost,::1');

const contentTypes = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/yaml',
    'text/yaml; charset=utf-8',
    'application/x-yaml',
    'text/x-yaml',
    'text/plain',
    'application/xml',
    '',
    ';',
  ),
  fc.string({ maxLength: 30 }),
);

/** A value nested `depth` levels deep, in arrays or objects. */
const deep = fc.tuple(fc.integer({ min: 1, max: 5_000 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
});

const scenarioText = fc.oneof(
  fc.constant(HELLO),
  fc.string({ maxLength: 200 }),
  fc.tuple(fc.nat(), fc.string({ maxLength: 20 })).map(([at, s]) => {
    const i = at % HELLO.length;
    return HELLO.slice(0, i) + s + HELLO.slice(i + 1);
  }),
);

const bodies = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }),
  deep,
  scenarioText,
  fc.record(
    {
      scenario: fc.oneof(
        scenarioText,
        fc.jsonValue({ maxDepth: 3 }),
        deep.map((d) => ({ name: 'x', load: d })),
      ),
      feeders: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(fc.string(), fc.string())),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(
    fc.constantFrom('scenario', 'feeders', '__proto__', 'constructor', 'extra'),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);

describe('POST /v1/runs body handling', () => {
  fuzz(
    'any content type and body: a plan, or a ControllerError with a 4xx status and a reason',
    () =>
      fc.property(contentTypes, bodies, fc.nat(100_000), (type, body, liveCapacity) => {
        try {
          const sub = submissionFromBody(type, body);
          const plan = compileSubmission(sub, ALLOW);
          checkCapacity(plan, sub.text, { maxUsers: 50_000, capacityFactor: 2 }, liveCapacity);
        } catch (err) {
          if (!(err instanceof ControllerError)) throw err;
          expect(err.status).toBeGreaterThanOrEqual(400);
          expect(err.status).toBeLessThan(500);
          expect(err.message.length).toBeGreaterThan(0);
          // The body says what to fix: a JSON-serializable answer, whatever came in.
          expect(() => JSON.stringify(err.toBody())).not.toThrow();
        }
      }),
    2000,
  );
});
