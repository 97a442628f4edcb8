/** Users one worker process holds by default: what one Node event loop keeps up with. */
export const DEFAULT_CAPACITY_CEILING = 18_000;

export interface CapacityFacts {
  /** Soft limit on open files of this process (null: unknown). */
  openFiles: number | null;
  /** Size of the ephemeral port range (null: unknown). */
  portRange: number | null;
  /** Worker processes on this host sharing the port range. */
  procs: number;
  ceiling?: number;
}

/**
 * The users this process can hold, and what bounds it. Each user is one socket,
 * so one file descriptor (minus headroom for the process's own files) and one
 * ephemeral port towards a given target address (shared by the processes of the
 * host).
 */
export function defaultCapacity(facts: CapacityFacts): { capacity: number; limit: string } {
  let capacity = facts.ceiling ?? DEFAULT_CAPACITY_CEILING;
  let limit = 'default';
  if (facts.openFiles !== null) {
    const byFiles = facts.openFiles - Math.min(256, Math.floor(facts.openFiles / 4));
    if (byFiles < capacity) [capacity, limit] = [byFiles, 'open files'];
  }
  if (facts.portRange !== null) {
    const byPorts = Math.floor((facts.portRange * 0.9) / Math.max(1, facts.procs));
    if (byPorts < capacity) [capacity, limit] = [byPorts, 'ports'];
  }
  return { capacity: Math.max(1, capacity), limit };
}

/** The soft "Max open files" of /proc/<pid>/limits text; null when absent or unlimited. */
export function parseOpenFilesLimit(limitsText: string): number | null {
  const m = /^Max open files\s+(\S+)/m.exec(limitsText);
  if (!m || m[1] === 'unlimited') return null;
  const n = Number(m[1]);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** Ports in /proc/sys/net/ipv4/ip_local_port_range text ("32768\t60999"); null when unreadable. */
export function parsePortRange(text: string): number | null {
  const m = /^\s*(\d+)\s+(\d+)/.exec(text);
  if (!m) return null;
  const n = Number(m[2]) - Number(m[1]) + 1;
  return n > 0 ? n : null;
}

/** What a run's users and not-yet-started grants take from this worker. */
export interface CapacityUse {
  readonly activeUsers: number;
  readonly pendingStarts: number;
}

/** Free capacity = capacity − active users − granted-not-started, over every run on this worker. */
export function freeCapacity(capacity: number, runs: Iterable<CapacityUse>): number {
  let used = 0;
  for (const r of runs) used += r.activeUsers + r.pendingStarts;
  return Math.max(0, capacity - used);
}
