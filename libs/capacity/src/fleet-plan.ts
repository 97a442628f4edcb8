import { CapacityError } from './errors.js';
import { portsIn, type PortRange } from './proc-text.js';
import { PORT_SHARE, fileHeadroom } from './worker-capacity.js';

/** Share of a host's RAM the plan gives the workers; the kernel's socket buffers and the OS need the rest. */
export const HOST_RAM_SHARE = 0.8;
/** Share of a host's cores the plan fills: a generator kept below saturation measures the target, not its own delay. */
export const HOST_CPU_SHARE = 0.7;

export interface FleetPlanInput {
  /** Concurrent users to hold. */
  users: number;
  /** Generator memory per held user, above idle processes (KB). */
  perUserKb: number;
  /** RSS of a worker process holding nobody (MB). */
  idleProcessMb: number;
  /** Users one worker process holds at most (its event loop). */
  usersPerProcess: number;
  /** Open files a worker process may have. */
  openFiles: number;
  portRange: PortRange;
  hostRamBytes: number;
  cores: number;
  /** Held users one generator core keeps up with. */
  usersPerCore: number;
  /** Source addresses each host has (0: as many as the users need). */
  ipsPerHost?: number;
  /** The target's memory per connection (KB), to size the system under test too. */
  serverKbPerUser?: number;
}

export type HostLimit = 'memory' | 'cpu' | 'ports';

export interface FleetPlan {
  users: number;
  hosts: number;
  usersPerHost: number;
  /** What stops a host from taking more users. */
  hostLimit: HostLimit;
  usersPerProcess: number;
  processLimit: 'ceiling' | 'open files';
  processesPerHost: number;
  processes: number;
  sourceIpsPerHost: number;
  sourceIps: number;
  ramPerHostBytes: number;
  ramTotalBytes: number;
  coresPerHost: number;
  /** The target's RAM for these connections, when its per-connection figure is known. */
  targetRamBytes: number | null;
  /** The arithmetic, one line per step. */
  reasons: string[];
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const gb = (b: number) => `${(b / 2 ** 30).toFixed(1)} GB`;

function check(input: FleetPlanInput): void {
  const positive: (keyof FleetPlanInput)[] = [
    'users',
    'perUserKb',
    'usersPerProcess',
    'openFiles',
    'cores',
    'usersPerCore',
  ];
  for (const key of positive) {
    const v = input[key] as number;
    if (!(v > 0) || !Number.isFinite(v))
      throw new CapacityError('LF_ERR_CAPACITY_INPUT', `${key} must be > 0 (got ${v})`);
  }
  if (!(input.hostRamBytes > 0)) throw new CapacityError('LF_ERR_CAPACITY_INPUT', 'host RAM must be > 0');
  if (input.idleProcessMb < 0) throw new CapacityError('LF_ERR_CAPACITY_INPUT', 'idle process MB must be ≥ 0');
}

/**
 * How many hosts, worker processes, source addresses and how much RAM it takes to
 * hold `users`: a process holds what its event loop and open files allow; a host
 * what its RAM, cores and (when fixed) source addresses allow; users are spread
 * evenly over the fewest hosts that hold them. Pure.
 */
export function planFleet(input: FleetPlanInput): FleetPlan {
  check(input);
  const reasons: string[] = [];
  const byFiles = input.openFiles - fileHeadroom(input.openFiles);
  const processLimit = byFiles < input.usersPerProcess ? 'open files' : 'ceiling';
  const perProcess = Math.max(1, Math.min(input.usersPerProcess, byFiles));
  reasons.push(
    `a worker process holds ${n(perProcess)} users: the smaller of ${n(input.usersPerProcess)} (what one event loop ` +
      `holds) and open files ${n(input.openFiles)} − ${n(fileHeadroom(input.openFiles))} headroom = ${n(byFiles)}`,
  );

  const portsPerIp = Math.floor(portsIn(input.portRange) * PORT_SHARE);
  const userBytes = input.perUserKb * 1024 + (input.idleProcessMb * 2 ** 20) / perProcess;
  const usable = input.hostRamBytes * HOST_RAM_SHARE;
  const bounds: [HostLimit, number][] = [
    ['memory', Math.floor(usable / userBytes)],
    ['cpu', Math.floor(input.cores * HOST_CPU_SHARE * input.usersPerCore)],
  ];
  reasons.push(
    `memory: ${HOST_RAM_SHARE * 100} % of ${gb(input.hostRamBytes)} / (${input.perUserKb} KB a user + ` +
      `${input.idleProcessMb} MB idle process / ${n(perProcess)} users) = ${n(bounds[0]![1])} users a host`,
    `cpu: ${HOST_CPU_SHARE * 100} % of ${input.cores} cores × ${n(input.usersPerCore)} held users a core = ` +
      `${n(bounds[1]![1])} users a host (arrivals cost more: ramp gently)`,
  );
  const ips = input.ipsPerHost ?? 0;
  if (ips > 0) {
    bounds.push(['ports', ips * portsPerIp]);
    reasons.push(`ports: ${ips} source IPs × ${n(portsPerIp)} usable ports = ${n(ips * portsPerIp)} users a host`);
  }
  const [hostLimit, perHostMax] = bounds.reduce((a, b) => (b[1] < a[1] ? b : a));
  if (perHostMax < 1)
    throw new CapacityError('LF_ERR_CAPACITY_INPUT', `a host cannot hold a single user (${hostLimit})`);
  const hosts = Math.ceil(input.users / perHostMax);
  const usersPerHost = Math.ceil(input.users / hosts);
  reasons.push(
    `the tightest is ${hostLimit}: ${n(perHostMax)} users a host → ${n(hosts)} host(s) of ${n(usersPerHost)} users`,
  );
  const processesPerHost = Math.ceil(usersPerHost / perProcess);
  reasons.push(
    `${n(usersPerHost)} users / ${n(perProcess)} a process = ${n(processesPerHost)} worker processes a host`,
  );
  const sourceIpsPerHost = ips > 0 ? ips : Math.max(1, Math.ceil(usersPerHost / portsPerIp));
  if (ips === 0) {
    reasons.push(
      `source IPs: each gives ${n(portsPerIp)} ports (${input.portRange.low}-${input.portRange.high} × ` +
        `${PORT_SHARE}; bound sockets need a port free for any destination) → ${n(sourceIpsPerHost)} a host`,
    );
  }
  const ramPerHostBytes = processesPerHost * input.idleProcessMb * 2 ** 20 + usersPerHost * input.perUserKb * 1024;
  reasons.push(
    `RAM a host: ${n(processesPerHost)} × ${input.idleProcessMb} MB idle + ${n(usersPerHost)} × ` +
      `${input.perUserKb} KB = ${gb(ramPerHostBytes)}`,
  );
  if (processesPerHost > input.cores) {
    reasons.push(`${n(processesPerHost)} processes share ${input.cores} cores: fine while the users are mostly idle`);
  }
  const targetRamBytes = input.serverKbPerUser ? input.users * input.serverKbPerUser * 1024 : null;
  if (targetRamBytes !== null) {
    reasons.push(
      `the target: ${n(input.users)} connections × ${input.serverKbPerUser} KB (loadfleet's chat server) = ${gb(targetRamBytes)}`,
    );
  }
  return {
    users: input.users,
    hosts,
    usersPerHost,
    hostLimit,
    usersPerProcess: perProcess,
    processLimit,
    processesPerHost,
    processes: hosts * processesPerHost,
    sourceIpsPerHost,
    sourceIps: hosts * sourceIpsPerHost,
    ramPerHostBytes,
    ramTotalBytes: hosts * ramPerHostBytes,
    coresPerHost: input.cores,
    targetRamBytes,
    reasons,
  };
}
