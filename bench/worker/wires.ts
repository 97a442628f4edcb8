// The wires bench/worker.ts can measure (--wire chat|im-lite|ws): how the chat
// server is started, where the load clients connect, which scenario templates
// and which bare client each wire uses, and the names its counters go by in the
// engine's stats and in the server's /stats (the ground truth).
import { benchScript } from '../lib/paths.js';
import type { ServerReady, ServerStats } from '../lib/proc.js';

const here = (f: string) => benchScript(`worker/${f}`);
type Counters = Record<string, number>;

/** The bundled protocol's names (chat over TCP and over WebSocket alike). */
const CHAT_NAMES = {
  /** Engine counters and histogram of a heartbeat round trip. */
  heartbeatOut: 'msg.out.heartbeat',
  heartbeatAck: 'msg.in.heartbeatAck',
  rtt: 'response.heartbeat',
  /** Engine counter(s) of room events received. */
  eventsIn: (counters: Counters) => counters['msg.in.event'] ?? 0,
  /** The heartbeat's kind in the server's /stats messagesIn. */
  serverHeartbeat: 'heartbeat',
};

/** One wire the benchmark can measure. */
export interface Wire {
  name: string;
  label: string;
  serverArgs: string[];
  transport: 'tcp' | 'ws';
  target: (server: ServerReady) => string;
  /** The bare client's compiled script. */
  bare: string;
  bareLabel: string;
  barePrepare: (server: ServerReady) => { host: string; port: number | undefined; path?: string };
  scenario: (name: string) => string;
  heartbeatOut: string;
  heartbeatAck: string;
  rtt: string;
  eventsIn: (counters: Counters) => number;
  serverHeartbeat: string;
}

export const WIRES: Record<string, Wire> = {
  chat: {
    name: 'chat',
    label: 'bundled protocol over TCP',
    serverArgs: [],
    transport: 'tcp',
    target: (server) => `127.0.0.1:${server.port}`,
    bare: here('bare-client.js'),
    bareLabel: 'bare Node `net` (bench/worker/bare-client.ts)',
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
    bareLabel: 'bare Node `net` (bench/worker/bare-imlite.ts)',
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
    bareLabel: '`ws` WebSocket (bench/worker/bare-ws.ts)',
    barePrepare: (server) => ({ host: '127.0.0.1', port: server.wsPort, path: '/' }),
    // The bundled scenarios as they are: only the target (ws://…) differs.
    scenario: (name) => name,
    ...CHAT_NAMES,
  },
};

function sumPrefix(counters: Counters, prefix: string) {
  let n = 0;
  for (const k in counters) if (k.startsWith(prefix)) n += counters[k]!;
  return n;
}

export function wireOf(name: string): Wire {
  const w = Object.hasOwn(WIRES, name) ? WIRES[name] : undefined;
  if (!w) throw new Error(`--wire: "${name}" is not one of ${Object.keys(WIRES).join(', ')}`);
  return w;
}

/**
 * Checks that the server speaks the wire and that the connections held are on
 * its transport (/stats: wire, connections.openBy), given /stats before and after a phase.
 */
export function serverCheck(wire: Wire, s0: ServerStats, s1: ServerStats) {
  const serverWire = wire.name === 'ws' ? 'chat' : wire.name;
  const open = (s: ServerStats, t: 'tcp' | 'ws') => s.connections.openBy?.[t] ?? 0;
  return {
    wire: s1.wire,
    wireOk: s1.wire === serverWire,
    openOnTransport: open(s1, wire.transport) - open(s0, wire.transport),
    openOther: open(s1, wire.transport === 'ws' ? 'tcp' : 'ws') - open(s0, wire.transport === 'ws' ? 'tcp' : 'ws'),
  };
}
