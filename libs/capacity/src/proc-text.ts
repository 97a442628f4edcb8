// Parsers for the Linux files a worker's limits come from. Pure: the text in, a number
// (or null when the file is missing, unreadable or says "unlimited") out.

/** An inclusive range of ephemeral ports. */
export interface PortRange {
  readonly low: number;
  readonly high: number;
}

/** Ports in a range. */
export const portsIn = (r: PortRange): number => r.high - r.low + 1;

/** The soft "Max open files" of /proc/<pid>/limits; null when absent or unlimited. */
export function parseOpenFilesLimit(limitsText: string): number | null {
  const m = /^Max open files\s+(\S+)/m.exec(limitsText);
  if (!m || m[1] === 'unlimited') return null;
  const n = Number(m[1]);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** The hard "Max open files" (what `ulimit -n` may raise the soft limit to without root). */
export function parseOpenFilesHardLimit(limitsText: string): number | null {
  const m = /^Max open files\s+\S+\s+(\S+)/m.exec(limitsText);
  if (!m || m[1] === 'unlimited') return null;
  const n = Number(m[1]);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** /proc/sys/net/ipv4/ip_local_port_range ("32768\t60999"), or a flag's "1024-65535" / "1024 65535". */
export function parsePortRange(text: string): PortRange | null {
  const m = /^\s*(\d+)\s*[-\s]\s*(\d+)\s*$/.exec(text);
  if (!m) return null;
  const low = Number(m[1]);
  const high = Number(m[2]);
  return low >= 1 && high <= 65_535 && high >= low ? { low, high } : null;
}

/** /proc/sys/fs/file-max: open files allowed on the whole host. */
export function parseFileMax(text: string): number | null {
  const m = /^\s*(\d+)\s*$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  // Kernels print 2^63-1 (or larger) for "no limit".
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** /proc/sys/fs/file-nr ("allocated  free  max"): file handles in use on the host now. */
export function parseFileNr(text: string): number | null {
  const m = /^\s*(\d+)\s+(\d+)/.exec(text);
  return m ? Math.max(0, Number(m[1]) - Number(m[2])) : null;
}

/** "MemAvailable" (or, on old kernels, "MemFree") of /proc/meminfo, in bytes. */
export function parseMemAvailable(meminfo: string): number | null {
  const m = /^MemAvailable:\s+(\d+)\s+kB/m.exec(meminfo) ?? /^MemFree:\s+(\d+)\s+kB/m.exec(meminfo);
  return m ? Number(m[1]) * 1024 : null;
}

/** At or above this, a cgroup v1 memory limit is the kernel's "no limit" (a page-rounded 2^63 − 1). */
const CGROUP_V1_UNLIMITED = 2 ** 60;

/**
 * A cgroup memory figure in bytes: memory.max / memory.current (v2) or
 * memory.limit_in_bytes / memory.usage_in_bytes (v1). "max" (v2) and v1's huge
 * "unlimited" value mean no limit: null, as for an empty or unreadable file.
 */
export function parseCgroupMemory(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= CGROUP_V1_UNLIMITED ? null : n;
}
