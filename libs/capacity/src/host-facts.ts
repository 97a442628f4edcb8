import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import {
  parseFileMax,
  parseFileNr,
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
  memAvailableBytes: number | null;
  memTotalBytes: number;
}

/** Paths of the facts, overridable for tests. */
export interface HostFactPaths {
  limits: string;
  portRange: string;
  fileMax: string;
  fileNr: string;
  meminfo: string;
}

export const PROC_PATHS: HostFactPaths = {
  limits: '/proc/self/limits',
  portRange: '/proc/sys/net/ipv4/ip_local_port_range',
  fileMax: '/proc/sys/fs/file-max',
  fileNr: '/proc/sys/fs/file-nr',
  meminfo: '/proc/meminfo',
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
  return {
    openFiles: parseOpenFilesLimit(limits),
    openFilesHard: parseOpenFilesHardLimit(limits),
    fileMax: parseFileMax(read(paths.fileMax)),
    filesInUse: parseFileNr(read(paths.fileNr)),
    portRange: parsePortRange(read(paths.portRange)),
    memAvailableBytes: parseMemAvailable(read(paths.meminfo)),
    memTotalBytes: totalmem(),
  };
}
