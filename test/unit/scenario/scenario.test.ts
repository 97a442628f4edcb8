import { createHash } from 'node:crypto';
import { parseScenario } from '@loadfleet/scenario';
import { describe, expect, it } from 'vitest';
import { HEAD, LOAD, SESSION, errorsOf, plan, yaml } from './helpers.js';

const REST = LOAD + SESSION;

describe('top level', () => {
  it('compiles a minimal scenario with every default', () => {
    const text = HEAD + REST;
    const { protocol, ...rest } = parseScenario(text);
    expect(protocol.name).toBe('chat');
    expect(rest).toEqual({
      name: 't',
      sourceHash: createHash('sha256').update(text).digest('hex'),
      source: text,
      targets: [{ host: '127.0.0.1', port: 7000, weight: 1, transport: 'tcp', path: '', tls: null }],
      sourceAddresses: [],
      timeouts: { connectMs: 5000, requestMs: 10_000 },
      load: {
        model: 'open',
        arrivals: 'uniform',
        maxUsers: 0,
        phases: [{ name: 'phase 1', durationMs: 1000, fromRate: 1, toRate: 1, sessionWeights: null }],
      },
      sessions: [
        {
          name: 's',
          weight: 1,
          heartbeatMs: 0,
          reconnect: null,
          steps: [{ kind: 'connect', at: { line: 4, path: 'sessions[0].steps[0]' }, target: -1 }],
        },
      ],
      feeders: [],
      thresholds: [],
      transactions: [],
      maxFrameBytes: 65_536,
      monitor: [],
    });
  });

  it('compiles targets over TCP, TLS and WebSocket', () => {
    const p = plan(yaml`
      name: transports
      targets: [tcp://a:1, tls://b:2, ws://c:3, 'wss://[::1]:4/chat?x=1', { address: wss://d:5/s, tls: { rejectUnauthorized: false } }]
      load: { phases: [{ duration: 1s, rate: 1 }] }
      sessions: [{ name: s, steps: [connect] }]
    `);
    expect(p.targets.map((t) => [t.transport, t.host, t.port, t.path, t.tls !== null])).toEqual([
      ['tcp', 'a', 1, '', false],
      ['tls', 'b', 2, '', true],
      ['ws', 'c', 3, '/', false],
      ['wss', '::1', 4, '/chat?x=1', true],
      ['wss', 'd', 5, '/s', true],
    ]);
    expect(
      errorsOf(yaml`
        name: transports
        targets: [udp://a:1, tcp://b:2/path, { address: ws://c:3, tls: { rejectUnauthorized: false } }]
        load: { phases: [{ duration: 1s, rate: 1 }] }
        sessions: [{ name: s, steps: [connect] }]
      `),
    ).toEqual([
      '2:11 targets[0]: unknown transport "udp"; expected one of tcp, tls, ws, wss',
      '2:22 targets[1]: a path (/path) goes only with ws:// or wss://',
      '2:64 targets[2].tls: tls options need a tls:// or wss:// address, not ws://',
    ]);
  });

  it('compiles targets with weights and TLS, source addresses, timeouts and the frame limit', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    const p = plan(
      yaml`
        name: full
        targets:
          - address: 10.0.0.1:7000
            weight: 3
            tls: true
          - address: chat.example.com:443
            tls: { servername: chat.example.com, rejectUnauthorized: false, ca: certs/ca.pem }
          - '[::1]:7001'
          - { address: localhost:7002, tls: false }
        sourceAddresses: [127.0.0.2-127.0.0.4, 127.0.0.20, '::1']
        timeouts: { connect: 2s, request: 500ms }
        maxFrameBytes: 1048576
        load: { phases: [{ duration: 1s, rate: 1 }] }
        sessions: [{ name: s, heartbeat: 5s, weight: 0.5, steps: [connect: { target: 1 }, connect: { target: 'localhost:7002' }] }]
      `,
      { readFile: (f) => (f === '/base/certs/ca.pem' ? pem : ''), baseDir: '/base' },
    );
    expect(p.targets).toEqual([
      { host: '10.0.0.1', port: 7000, weight: 3, transport: 'tls', path: '', tls: { rejectUnauthorized: true } },
      {
        host: 'chat.example.com',
        port: 443,
        weight: 1,
        transport: 'tls',
        path: '',
        tls: { servername: 'chat.example.com', rejectUnauthorized: false, ca: pem },
      },
      { host: '::1', port: 7001, weight: 1, transport: 'tcp', path: '', tls: null },
      { host: 'localhost', port: 7002, weight: 1, transport: 'tcp', path: '', tls: null },
    ]);
    expect(p.sourceAddresses).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.20', '::1']);
    expect(p.timeouts).toEqual({ connectMs: 2000, requestMs: 500 });
    expect(p.maxFrameBytes).toBe(1_048_576);
    expect(p.sessions[0]).toMatchObject({ heartbeatMs: 5000, weight: 0.5 });
    expect(p.sessions[0]!.steps.map((s) => (s.kind === 'connect' ? s.target : null))).toEqual([1, 3]);
  });

  it('accepts JSON, with line numbers in errors too', () => {
    const json = JSON.stringify(
      {
        name: 'j',
        target: '127.0.0.1:7000',
        load: { phases: [{ duration: '1s', rate: 1 }] },
        sessions: [{ name: 's', steps: ['connect'] }],
      },
      null,
      2,
    );
    expect(plan(json).name).toBe('j');
    expect(errorsOf(json.replace('"rate": 1', '"rate": "fast"'))).toEqual([
      '8:17 load.phases[0].rate: expected a number ≥ 0 or {from, to}, got "fast"',
    ]);
  });

  it('allows x- keys for anchors, and merge keys', () => {
    const p = plan(yaml`
      x-phase: &phase { duration: 10s, rate: 2 }
      x-login: &login
        - connect
        - send: login
          fields: { userId: '{{user.id}}', token: t }
      name: anchors
      target: 127.0.0.1:7000
      load:
        phases:
          - *phase
          - <<: *phase
            rate: 4
      sessions:
        - { name: a, steps: *login }
        - { name: b, steps: *login }
    `);
    expect(p.load.model === 'open' && p.load.phases.map((x) => [x.durationMs, x.fromRate])).toEqual([
      [10_000, 2],
      [10_000, 4],
    ]);
    expect(p.sessions[1]!.steps).toHaveLength(2);
  });

  it('refuses bad targets, addresses, timeouts and frame sizes', () => {
    const text = yaml`
      name: ''
      targets:
        - address: 127.0.0.1
        - address: 'host:99999'
          weight: 0
        - { address: 'a:1', tls: { ca: ca.pem, verify: true } }
        - 7
      sourceAddresses: [127.0.0.9-127.0.0.1, 10.0.0.0-10.255.255.255, 300.1.1.1, 1.2.3.4-x]
      timeouts: { connect: 0, read: 1s }
      maxFrameBytes: 1e12
      load: { phases: [{ duration: 1s, rate: 1 }] }
      sessions: [{ name: s, weight: 0, heartbeat: soon, steps: [connect] }, { name: s, steps: [connect] }]
      extra: 1
    `;
    expect(errorsOf(text)).toEqual([
      '1:7 name: expected a name of 1 to 200 characters, got ""',
      '3:14 targets[0].address: expected an address host:port or transport://host:port (e.g. 127.0.0.1:7000, ws://127.0.0.1:7002/chat), got "127.0.0.1"',
      '4:14 targets[1].address: expected an address host:port or transport://host:port (e.g. 127.0.0.1:7000, ws://127.0.0.1:7002/chat), got "host:99999"',
      '5:13 targets[1].weight: expected a number > 0 and ≤ 1000000, got 0',
      '6:34 targets[2].tls.ca: cannot read "ca.pem": files are not available here',
      '6:42 targets[2].tls.verify: unknown field; expected one of: servername, rejectUnauthorized, ca',
      '7:5 targets[3]: expected an address host:port or transport://host:port (e.g. 127.0.0.1:7000, ws://127.0.0.1:7002/chat), got 7',
      '8:19 sourceAddresses[0]: range 127.0.0.9-127.0.0.1 runs backwards',
      '8:40 sourceAddresses[1]: too many source addresses (the limit is 65536)',
      '8:65 sourceAddresses[2]: expected an IP address or a range a.b.c.d-a.b.c.e, got "300.1.1.1"',
      '8:76 sourceAddresses[3]: expected an IP address or a range a.b.c.d-a.b.c.e, got "1.2.3.4-x"',
      '9:22 timeouts.connect: expected a duration > 0 and ≤ 7d, got 0',
      '9:25 timeouts.read: unknown field; expected one of: connect, request',
      '10:16 maxFrameBytes: expected an integer from 64 to 67108864, got 1000000000000',
      '12:31 sessions[0].weight: expected a number > 0 and ≤ 1000000, got 0',
      '12:45 sessions[0].heartbeat: expected a duration like 500ms, 5s, 2m, 1h (or a number of ms), got "soon"',
      '12:79 sessions[1].name: session name "s" is used twice',
      '13:1 extra: unknown field; expected one of: name, protocol, target, targets, sourceAddresses, timeouts, maxFrameBytes, load, feeders, sessions, thresholds, monitor',
    ]);
  });

  it('refuses both target and targets, or neither', () => {
    expect(errorsOf('name: t\ntarget: a:1\ntargets: [b:2]\n' + REST)).toEqual([
      '2:9 target: give either target or targets, not both',
    ]);
    expect(errorsOf('name: t\n' + REST)).toEqual([
      '1:1 targets: missing required field (expected a list of targets, or target: host:port)',
    ]);
  });

  it('refuses an empty sessions list, and a sessions entry without steps', () => {
    expect(errorsOf(HEAD + LOAD + 'sessions: []\n')).toEqual([
      '4:11 sessions: expected a list of sessions {name, steps}, got an empty list',
    ]);
    expect(errorsOf(HEAD + LOAD + 'sessions: [{ name: s }]\n')).toEqual([
      '4:12 sessions[0].steps: missing required field (expected a list of steps)',
    ]);
  });
});
