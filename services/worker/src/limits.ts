import { readFileSync } from 'node:fs';
import { defaultCapacity, parseOpenFilesLimit, parsePortRange } from '@loadfleet/worker';

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * This process's capacity and what bounds it. Node has no getrlimit: the soft
 * open-files limit comes from /proc/self/limits (Linux); elsewhere only the
 * default ceiling applies.
 */
export function processCapacity(
  configured: number,
  procs: number,
): {
  capacity: number;
  limit: string;
  openFilesLimit: number;
} {
  const openFiles = parseOpenFilesLimit(read('/proc/self/limits'));
  const portRange = parsePortRange(read('/proc/sys/net/ipv4/ip_local_port_range'));
  const openFilesLimit = openFiles ?? 0;
  if (configured > 0) return { capacity: configured, limit: 'configured', openFilesLimit };
  return { ...defaultCapacity({ openFiles, portRange, procs }), openFilesLimit };
}
