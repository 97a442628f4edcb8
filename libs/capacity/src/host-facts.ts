import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import {
  parseFileMax,
  parseFileNr,
  parseCgroupMemory,
  parseMemAvailable,
  parseOpenFilesHardLimit,
  parseOpenFilesLimit,
  parsePortRange,
  type PortRange,
} from './proc-text.js';

/** What this host and process allow, read once at start-up; null where Linux's files are not there. */
export interface HostFacts {
  openFiles: number | null;
  openFilesHard: number | null;
  fileMax: number | null;
  /** File handles in use on the host when read. */
  filesInUse: number | null;
  portRange: PortRange | null;
  /**
   * Memory this process may still use: the host's MemAvailable, or less when a
   * cgroup (a container's --memory, a systemd MemoryMax) limits it: its limit minus
   * what the cgroup uses now. A container sees the host's /proc/meminfo, not its own.
   */
  memAvailableBytes: number | null;
  memTotalBytes: number;
  /** The cgroup's memory limit (bytes); null when there is none ("max") or no cgroup files. */
  cgroupMemoryLimitBytes: number | null;
  /** Where memAvailableBytes came from. */
  memorySource: 'cgroup' | 'host';
}

/** Paths of the facts, overridable for tests. */
export interface HostFactPaths {
  limits: string;
  portRange: string;
  fileMax: string;
  fileNr: string;
  meminfo: string;
  /** cgroup v2 files, then v1's: the first that exists is read. */
  cgroupMemoryMax: string;
  cgroupMemoryCurrent: string;
  cgroupV1MemoryLimit: string;
  cgroupV1MemoryUsage: string;
}

export const PROC_PATHS: HostFactPaths = {
  limits: '/proc/self/limits',
  portRange: '/proc/sys/net/ipv4/ip_local_port_range',
  fileMax: '/proc/sys/fs/file-max',
  fileNr: '/proc/sys/fs/file-nr',
  meminfo: '/proc/meminfo',
  cgroupMemoryMax: '/sys/fs/cgroup/memory.max',
  cgroupMemoryCurrent: '/sys/fs/cgroup/memory.current',
  cgroupV1MemoryLimit: '/sys/fs/cgroup/memory/memory.limit_in_bytes',
  cgroupV1MemoryUsage: '/sys/fs/cgroup/memory/memory.usage_in_bytes',
};

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Reads this process's limits. Node has no getrlimit: the open-files limits come
 * from /proc/self/limits; off Linux every fact but total memory is null.
 */
export function readHostFacts(paths: HostFactPaths = PROC_PATHS): HostFacts {
  const limits = read(paths.limits);
  const host = parseMemAvailable(read(paths.meminfo));
  const cgroup = cgroupMemory(paths);
  const limited = cgroup.limit !== null ? Math.max(0, cgroup.limit - (cgroup.used ?? 0)) : null;
  const fromCgroup = limited !== null && (host === null || limited < host);
  return {
    openFiles: parseOpenFilesLimit(limits),
    openFilesHard: parseOpenFilesHardLimit(limits),
    fileMax: parseFileMax(read(paths.fileMax)),
    filesInUse: parseFileNr(read(paths.fileNr)),
    portRange: parsePortRange(read(paths.portRange)),
    memAvailableBytes: fromCgroup ? limited : host,
    memTotalBytes: cgroup.limit !== null ? Math.min(cgroup.limit, totalmem()) : totalmem(),
    cgroupMemoryLimitBytes: cgroup.limit,
    memorySource: fromCgroup ? 'cgroup' : 'host',
  };
}

/** The memory limit and use of this process's cgroup: v2 if its files are there, else v1; nulls without one. */
function cgroupMemory(paths: HostFactPaths): { limit: number | null; used: number | null } {
  const v2 = read(paths.cgroupMemoryMax);
  if (v2 !== '') return { limit: parseCgroupMemory(v2), used: parseCgroupMemory(read(paths.cgroupMemoryCurrent)) };
  const v1 = read(paths.cgroupV1MemoryLimit);
  return { limit: parseCgroupMemory(v1), used: parseCgroupMemory(read(paths.cgroupV1MemoryUsage)) };
}
