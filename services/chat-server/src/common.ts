import { readFileSync } from 'node:fs';
import { wireByName, type ChatCoreOptions, type RoomRelay, type Wire } from '@loadfleet/chatroom';
import { ConfigError, type chatServerSpec, type SettingsOf } from '@loadfleet/config';

export type ChatServerSettings = SettingsOf<typeof chatServerSpec>;

/** Open files a server process keeps for itself (listening sockets, relay links, stdio, Node's own). */
export const FD_RESERVE = 1000;

export function wireOf(s: ChatServerSettings): Wire {
  const wire = wireByName(s.wire);
  if (wire === undefined) throw new ConfigError(`--wire: "${s.wire}" is not a wire format (chat, im-lite)`);
  return wire;
}

/** Connections one process may hold: --max-conns, or its open-files limit less the reserve. */
export function capacityOf(s: ChatServerSettings): number {
  if (s.maxConns > 0) return s.maxConns;
  return Math.max(100, openFilesLimit() - FD_RESERVE);
}

/** The soft open-files limit of this process (Linux /proc; 20,000 where it cannot be read). */
export function openFilesLimit(): number {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (m && m[1] !== 'unlimited') return Number(m[1]);
  } catch {
    // not Linux
  }
  return 20_000;
}

export function coreOptions(s: ChatServerSettings, relay?: RoomRelay): ChatCoreOptions {
  return {
    wire: wireOf(s),
    capacity: capacityOf(s),
    loginTimeout: s.loginTimeout,
    heartbeatTimeout: s.heartbeatTimeout,
    likeBatch: s.likeBatch,
    maxOutbound: s.maxOutbound,
    maxFrame: s.maxFrame,
    extraLatency: s.extraLatency,
    dropRate: s.dropRate,
    ...(relay ? { relay } : {}),
  };
}

/** The machine-readable readiness line on stdout that tests and benchmarks wait for. */
export interface ReadyLine {
  port: number;
  /** The WebSocket port, when --ws-port is given. */
  wsPort?: number;
  httpPort: number;
  procs: number;
  wire: string;
  pids: number[];
}

export function printReady(info: ReadyLine): void {
  process.stdout.write(JSON.stringify({ ready: true, ...info }) + '\n');
}
