// The wires bench/worker.js can measure (--wire chat|im-lite|ws): how the chat
// server is started, where the load clients connect, which scenario templates
// and which bare client each wire uses, and the names its counters go by in the
// engine's stats and in the server's /stats (the ground truth).
import { fileURLToPath } from 'node:url';

const here = (f) => fileURLToPath(new URL(`./${f}`, import.meta.url));

/** The bundled protocol's names (chat over TCP and over WebSocket alike). */
const CHAT_NAMES = {
  /** Engine counters and histogram of a heartbeat round trip. */
  heartbeatOut: 'msg.out.heartbeat',
  heartbeatAck: 'msg.in.heartbeatAck',
  rtt: 'response.heartbeat',
  /** Engine counter(s) of room events received. */
  eventsIn: (counters) => counters['msg.in.event'] ?? 0,
  /** The heartbeat's kind in the server's /stats messagesIn. */
  serverHeartbeat: 'heartbeat',
};

export const WIRES = {
  chat: {
    name: 'chat',
    label: 'bundled protocol over TCP',
    serverArgs: [],
    transport: 'tcp',
    target: (server) => `127.0.0.1:${server.port}`,
    bare: here('bare-client.js'),
    bareLabel: 'bare Node `net` (bench/worker/bare-client.js)',
    barePrepare: (server) => ({ host: '127.0.0.1', port: server.port }),
    scenario: (name) => name,
    ...CHAT_NAMES,
  },
  'im-lite': {
    name: 'im-lite',
    label: 'im-lite over TCP',
    serverArgs: ['--wire', 'im-lite'],
    transport: 'tcp',
    target: (server) => `127.0.0.1:${server.port}`,
    bare: here('bare-imlite.js'),
    bareLabel: 'bare Node `net` (bench/worker/bare-imlite.js)',
    barePrepare: (server) => ({ host: '127.0.0.1', port: server.port }),
    // hold-im-lite.yaml, heartbeat-im-lite.yaml, short-im-lite.yaml: the same sessions in im-lite's kinds.
    scenario: (name) => `${name}-im-lite`,
    heartbeatOut: 'msg.out.ping',
    heartbeatAck: 'msg.in.pong',
    rtt: 'response.ping',
    eventsIn: (counters) => sumPrefix(counters, 'event.in.'),
    serverHeartbeat: 'ping',
  },
  ws: {
    name: 'ws',
    label: 'bundled protocol over WebSocket',
    serverArgs: ['--ws-port', '0'],
    transport: 'ws',
    target: (server) => `ws://127.0.0.1:${server.wsPort}/`,
    bare: here('bare-ws.js'),
    bareLabel: '`ws` WebSocket (bench/worker/bare-ws.js)',
    barePrepare: (server) => ({ host: '127.0.0.1', port: server.wsPort, path: '/' }),
    // The bundled scenarios as they are: only the target (ws://…) differs.
    scenario: (name) => name,
    ...CHAT_NAMES,
  },
};

function sumPrefix(counters, prefix) {
  let n = 0;
  for (const k in counters) if (k.startsWith(prefix)) n += counters[k];
  return n;
}

export function wireOf(name) {
  const w = Object.hasOwn(WIRES, name) ? WIRES[name] : undefined;
  if (!w) throw new Error(`--wire: "${name}" is not one of ${Object.keys(WIRES).join(', ')}`);
  return w;
}

/**
 * Checks that the server speaks the wire and that the connections held are on
 * its transport (/stats: wire, connections.openBy), given /stats before and after a phase.
 */
export function serverCheck(wire, s0, s1) {
  const serverWire = wire.name === 'ws' ? 'chat' : wire.name;
  const open = (s, t) => s.connections.openBy?.[t] ?? 0;
  return {
    wire: s1.wire,
    wireOk: s1.wire === serverWire,
    openOnTransport: open(s1, wire.transport) - open(s0, wire.transport),
    openOther: open(s1, wire.transport === 'ws' ? 'tcp' : 'ws') - open(s0, wire.transport === 'ws' ? 'tcp' : 'ws'),
  };
}
