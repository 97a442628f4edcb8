import { portsIn, type PortRange } from './proc-text.js';
import { remedyFor } from './remedies.js';

/** Users one worker process holds by default: what one Node event loop keeps up with. */
export const DEFAULT_CAPACITY_CEILING = 18_000;
/** Share of a port range a worker counts on: ports of closed sockets sit in TIME_WAIT for ~60 s. */
export const PORT_SHARE = 0.9;
/** Share of fs.file-max the host's workers count on: everything else on the host opens files too. */
export const FILE_MAX_SHARE = 0.9;

/** Open files a process keeps for itself (NATS, Redis, logs, DNS): never given to users. */
export function fileHeadroom(openFiles: number): number {
  return Math.min(256, Math.floor(openFiles / 4));
}

/** Which limit decides a worker's capacity (the heartbeat's `capacityLimit`). */
export type CapacityLimit = 'ceiling' | 'open files' | 'file-max' | 'ports' | 'memory' | 'configured';

export interface WorkerFacts {
  /** Soft open-files limit of this process (null: unknown). */
  openFiles: number | null;
  /** Its hard limit, what `ulimit -n` may raise the soft one to (null: unknown or unlimited). */
  openFilesHard?: number | null;
  /** fs.file-max, the whole host's open files (null: unknown). */
  fileMax?: number | null;
  /** net.ipv4.ip_local_port_range (null: unknown). */
  portRange: PortRange | null;
  /** Source addresses this worker binds and rotates over (0: the OS picks one). */
  sourceAddresses?: number;
  /** Worker processes on this host sharing the ports, the addresses and the files. */
  procs: number;
  /** Bytes this process may spend (null: unknown). */
  memoryBudgetBytes?: number | null;
  /** Memory one held user costs (KB, measured: see measured.ts). */
  perUserKb?: number;
  /** RSS of a worker process holding nobody (bytes, measured). */
  idleRssBytes?: number;
  /** Users one event loop keeps up with (default 18,000). */
  ceiling?: number;
  /** `--capacity`: an operator's figure (0 or absent: computed). */
  configured?: number;
}

export interface CapacityBound {
  readonly limit: CapacityLimit;
  readonly users: number;
  /** How the figure was reached, for the log and `loadfleet plan`. */
  readonly detail: string;
}

export interface CapacityWarning {
  readonly limit: CapacityLimit;
  readonly message: string;
  /** The setting that would raise it. */
  readonly remedy: string;
}

export interface CapacityDecision {
  readonly capacity: number;
  readonly limit: CapacityLimit;
  /** Every bound that could be computed, smallest first. */
  readonly bounds: readonly CapacityBound[];
  readonly warnings: readonly CapacityWarning[];
}

const n = (x: number) => x.toLocaleString('en-US');

/** The bounds a process's facts put on the users it can hold; unknown facts give no bound. */
export function capacityBounds(f: WorkerFacts): CapacityBound[] {
  const procs = Math.max(1, f.procs);
  const out: CapacityBound[] = [];
  const ceiling = f.ceiling ?? DEFAULT_CAPACITY_CEILING;
  out.push({ limit: 'ceiling', users: ceiling, detail: `one event loop keeps up with ${n(ceiling)} users` });
  if (f.openFiles !== null) {
    const users = f.openFiles - fileHeadroom(f.openFiles);
    out.push({
      limit: 'open files',
      users,
      detail: `open files ${n(f.openFiles)} − ${n(fileHeadroom(f.openFiles))} kept for the process itself`,
    });
  }
  if (f.fileMax != null) {
    const users = Math.floor((f.fileMax * FILE_MAX_SHARE) / procs);
    out.push({
      limit: 'file-max',
      users,
      detail: `fs.file-max ${n(f.fileMax)} × ${FILE_MAX_SHARE} / ${procs} processes`,
    });
  }
  if (f.portRange !== null) {
    const ports = portsIn(f.portRange);
    const addrs = f.sourceAddresses ?? 0;
    const users = Math.floor((Math.max(1, addrs) * ports * PORT_SHARE) / procs);
    const where =
      addrs > 0 ? `${n(addrs)} source addresses × ${n(ports)} ports` : `${n(ports)} ports towards one target address`;
    out.push({ limit: 'ports', users, detail: `${where} × ${PORT_SHARE} / ${procs} processes` });
  }
  if (f.memoryBudgetBytes != null && f.perUserKb) {
    const idle = f.idleRssBytes ?? 0;
    const users = Math.max(0, Math.floor((f.memoryBudgetBytes - idle) / (f.perUserKb * 1024)));
    const mb = (b: number) => `${n(Math.round(b / 2 ** 20))} MB`;
    out.push({
      limit: 'memory',
      users,
      detail: `(${mb(f.memoryBudgetBytes)} budget − ${mb(idle)} idle process) / ${f.perUserKb} KB per user`,
    });
  }
  return out.sort((a, b) => a.users - b.users);
}

/** Limits a worker cannot go past whatever it is told: each user is one file and one port. */
const HARD: ReadonlySet<CapacityLimit> = new Set(['open files', 'file-max', 'ports']);

/**
 * The users this process can hold, and which limit binds. Computed: the smallest
 * bound. Configured (`--capacity`): taken as given, except that it never exceeds a
 * hard limit (open files, file-max, ports), and going past the memory budget or the
 * ceiling is warned about.
 */
export function decideCapacity(f: WorkerFacts): CapacityDecision {
  const bounds = capacityBounds(f);
  const warnings: CapacityWarning[] = [];
  const configured = f.configured ?? 0;
  let capacity: number;
  let limit: CapacityLimit;
  if (configured > 0) {
    const hard = bounds.find((b) => HARD.has(b.limit));
    [capacity, limit] = hard && hard.users < configured ? [hard.users, hard.limit] : [configured, 'configured'];
    if (limit !== 'configured') warnings.push(warningOf(f, hard!, `--capacity ${n(configured)} is more than`));
    for (const b of bounds) {
      if (!HARD.has(b.limit) && b.users < capacity) {
        warnings.push({
          limit: b.limit,
          message: `--capacity ${n(capacity)} is more than the ${b.limit} bound of ${n(b.users)} users (${b.detail})`,
          remedy: remedyFor(b.limit, f),
        });
      }
    }
  } else {
    const least = bounds[0]!;
    [capacity, limit] = [least.users, least.limit];
    if (limit !== 'ceiling') warnings.push(warningOf(f, least, 'capacity is held down by'));
  }
  return { capacity: Math.max(1, capacity), limit, bounds, warnings };
}

function warningOf(f: WorkerFacts, b: CapacityBound, lead: string): CapacityWarning {
  return {
    limit: b.limit,
    message: `${lead} the ${b.limit} limit: ${n(Math.max(1, b.users))} users (${b.detail})`,
    remedy: remedyFor(b.limit, f),
  };
}

/** What a run's users and not-yet-started grants take from this worker. */
export interface CapacityUse {
  readonly activeUsers: number;
  readonly pendingStarts: number;
  /** Sockets still open, closing ones included: each holds a file until it is closed. */
  readonly openSockets?: number;
}

/**
 * Free capacity = capacity − in use − granted-not-started, over every run on this
 * worker. In use is the larger of active users and open sockets: users that ended
 * keep their file until their socket has closed, and new users must not push the
 * process past its open-files limit meanwhile (EMFILE).
 */
export function freeCapacity(capacity: number, runs: Iterable<CapacityUse>): number {
  let used = 0;
  for (const r of runs) used += Math.max(r.activeUsers, r.openSockets ?? 0) + r.pendingStarts;
  return Math.max(0, capacity - used);
}

/**
 * Splits free capacity over the quota requests about to be sent, so that answers
 * to requests in flight at once cannot together exceed it: each run is offered
 * an equal share, the first ones the remainder.
 */
export function splitFreeCapacity(free: number, askers: number): number[] {
  if (askers <= 0) return [];
  const base = Math.floor(Math.max(0, free) / askers);
  const extra = Math.max(0, free) - base * askers;
  return Array.from({ length: askers }, (_, i) => base + (i < extra ? 1 : 0));
}
