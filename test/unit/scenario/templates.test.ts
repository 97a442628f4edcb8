import { describe, expect, it } from 'vitest';
import { HEAD, LOAD, errorsOf, plan, withSteps, yaml } from './helpers.js';

/** The template compiled for `set: { v: <source> }`. */
function tpl(source: string) {
  const p = plan(withSteps(`- set: { v: ${JSON.stringify(source)}, name: x }`), {
    readFile: () => 'name,token\na,b\n',
  });
  const step = p.sessions[0]!.steps[0]!;
  return step.kind === 'set' ? step.vars.v!.parts : undefined;
}

describe('templates', () => {
  it('compile every placeholder', () => {
    expect(tpl('plain')).toEqual([{ kind: 'text', text: 'plain' }]);
    expect(tpl('')).toEqual([]);
    expect(tpl('{{user.id}}')).toEqual([{ kind: 'user', field: 'id' }]);
    expect(tpl('{{ user.session }}')).toEqual([{ kind: 'user', field: 'session' }]);
    expect(tpl('{{vars.name}}-{{name}}')).toEqual([
      { kind: 'var', name: 'name' },
      { kind: 'text', text: '-' },
      { kind: 'var', name: 'name' },
    ]);
    expect(tpl('room-{{random.int(1, 20)}}!')).toEqual([
      { kind: 'text', text: 'room-' },
      { kind: 'randomInt', min: 1, max: 20 },
      { kind: 'text', text: '!' },
    ]);
    expect(tpl('{{random.int(-5,5)}}')).toEqual([{ kind: 'randomInt', min: -5, max: 5 }]);
    expect(tpl('{{random.string(16)}}')).toEqual([{ kind: 'randomString', length: 16 }]);
    expect(tpl(`{{random.pick(a, "b, c", 'd e', 7)}}`)).toEqual([
      { kind: 'randomPick', values: ['a', 'b, c', 'd e', '7'] },
    ]);
    expect(tpl('at {{now}}')).toEqual([{ kind: 'text', text: 'at ' }, { kind: 'now' }]);
    expect(tpl('single } and { braces')).toEqual([{ kind: 'text', text: 'single } and { braces' }]);
  });

  it('resolve feeder columns to indexes', () => {
    const p = plan(
      yaml`
        name: t
        target: 127.0.0.1:7000
        feeders:
          a: { file: a.csv }
          b: b.csv
        load: { phases: [{ duration: 1s, rate: 1 }] }
        sessions:
          - name: s
            steps:
              - set: { x: '{{feeder.b.token}}/{{feeder.a.id}}' }
      `,
      { readFile: (f) => (f === 'a.csv' ? 'id,name\n1,x\n' : 'user,token\nu,t\n') },
    );
    const step = p.sessions[0]!.steps[0]!;
    expect(step.kind === 'set' && step.vars.x!.parts).toEqual([
      { kind: 'feeder', feeder: 1, column: 1 },
      { kind: 'text', text: '/' },
      { kind: 'feeder', feeder: 0, column: 0 },
    ]);
  });

  it('report bad placeholders where they stand', () => {
    expect(
      errorsOf(
        withSteps(`
          - set: { a: '{{user.name}}' }
          - set: { b: '{{random.int(5, 1)}}' }
          - set: { c: '{{random.int(1)}}' }
          - set: { d: '{{random.string(0)}}' }
          - set: { e: '{{random.pick()}}' }
          - set: { f: '{{random.float(1, 2)}}' }
          - set: { g: 'oops {{user.id' }
          - set: { h: '{{feeder.nope.col}}' }
          - set: { i: '{{feeder.x}}' }
          - set: { j: '{{vars.}}' }
          - set: { k: '{{random.pick("a)}}' }
          - set: { l: [1] }
        `),
      ),
    ).toEqual([
      '7:19 sessions[0].steps[0].set.a: {{user.name}}: unknown placeholder; expected one of: user.id, user.session, vars.NAME, NAME, feeder.NAME.COLUMN, random.int(a, b), random.string(n), random.pick(a, b, ...), now',
      '8:19 sessions[0].steps[1].set.b: {{random.int(5, 1)}}: random.int(min, max) needs min ≤ max, got 5 > 1',
      '9:19 sessions[0].steps[2].set.c: {{random.int(1)}}: expected random.int(min, max) with two integers',
      '10:19 sessions[0].steps[3].set.d: {{random.string(0)}}: expected random.string(n) with an integer n from 1 to 65536',
      '11:19 sessions[0].steps[4].set.e: {{random.pick()}}: random.pick needs at least one value',
      '12:19 sessions[0].steps[5].set.f: {{random.float(1, 2)}}: unknown function random.float; expected random.int, random.string or random.pick',
      '13:19 sessions[0].steps[6].set.g: unclosed "{{" at character 6 of the template',
      '14:19 sessions[0].steps[7].set.h: {{feeder.nope.col}}: no feeder named "nope" (no feeders are declared)',
      '15:19 sessions[0].steps[8].set.i: {{feeder.x}}: expected feeder.NAME.COLUMN',
      '16:19 sessions[0].steps[9].set.j: {{vars.}}: expected vars.NAME',
      '17:19 sessions[0].steps[10].set.k: {{random.pick("a)}}: unclosed " in arguments',
      '18:19 sessions[0].steps[11].set.l: expected a string, a number or true/false (templates with {{...}} allowed), got a list',
    ]);
  });

  it('refuse a variable the session never sets, wherever it is used', () => {
    const text = yaml`
      name: t
      target: 127.0.0.1:7000
      load: { phases: [{ duration: 1s, rate: 1 }] }
      sessions:
        - name: a
          steps:
            - connect
            - send: joinRoom
              fields: { room: '{{room}}' }
            - set: { room: lobby }
            - expect: event.chat
              match: { text: '{{vars.said}}' }
        - name: b
          steps:
            - connect
            - send: chat
              fields: { room: '{{room}}', text: '{{members}}' }
            - send: joinRoom
              fields: { room: x }
              extract: { members: memberCount }
    `;
    expect(errorsOf(text)).toEqual([
      '12:24 sessions[0].steps[3].match.text: variable "said" is never set in this session (set it with set: or extract:)',
      '17:25 sessions[1].steps[1].fields.room: variable "room" is never set in this session (set it with set: or extract:)',
    ]);
  });

  it('refuse a feeder column that does not exist', () => {
    const text = `${HEAD}feeders: { u: u.csv }\n${LOAD}sessions: [{ name: s, steps: [{ set: { x: '{{feeder.u.tokn}}' } }] }]\n`;
    expect(errorsOf(text, { readFile: () => 'name,token\na,b\n' })).toEqual([
      '5:43 sessions[0].steps[0].set.x: {{feeder.u.tokn}}: feeder "u" has no column "tokn"; its columns: name, token',
    ]);
  });
});
