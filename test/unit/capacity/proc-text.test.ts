import { describe, expect, it } from 'vitest';
import {
  parseFileMax,
  parseFileNr,
  parseMemAvailable,
  parseOpenFilesHardLimit,
  parseOpenFilesLimit,
  parsePortRange,
  portsIn,
  readHostFacts,
} from '@loadfleet/capacity';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 1048576              files
Max locked memory         8388608              8388608              bytes
`;

describe('reading limits from /proc text', () => {
  it('reads the soft and hard open-files limits', () => {
    expect(parseOpenFilesLimit(LIMITS)).toBe(1024);
    expect(parseOpenFilesHardLimit(LIMITS)).toBe(1_048_576);
    expect(parseOpenFilesLimit(LIMITS.replace('1024 ', 'unlimited '))).toBeNull();
    expect(parseOpenFilesLimit('')).toBeNull();
    expect(parseOpenFilesHardLimit('')).toBeNull();
  });

  it('reads a port range from sysctl text or a flag', () => {
    expect(parsePortRange('32768\t60999\n')).toEqual({ low: 32768, high: 60999 });
    expect(portsIn(parsePortRange('32768\t60999\n')!)).toBe(28232);
    expect(parsePortRange('1024-65535')).toEqual({ low: 1024, high: 65535 });
    expect(parsePortRange('1024 65535')).toEqual({ low: 1024, high: 65535 });
    for (const bad of ['nonsense', '', '60999 32768', '0-100', '1024-70000']) expect(parsePortRange(bad)).toBeNull();
  });

  it('reads file-max, files in use and available memory', () => {
    expect(parseFileMax('2466183\n')).toBe(2_466_183);
    expect(parseFileMax('9223372036854775807\n')).toBeNull();
    expect(parseFileMax('')).toBeNull();
    expect(parseFileNr('3200\t0\t2466183\n')).toBe(3200);
    expect(parseMemAvailable('MemTotal:  24000000 kB\nMemFree:  1000 kB\nMemAvailable:  20000000 kB\n')).toBe(
      20_000_000 * 1024,
    );
    expect(parseMemAvailable('MemFree:  1000 kB\n')).toBe(1000 * 1024);
    expect(parseMemAvailable('')).toBeNull();
  });

  it('gives null for facts whose files are missing', () => {
    const facts = readHostFacts({
      limits: '/nonexistent/limits',
      portRange: '/nonexistent/range',
      fileMax: '/nonexistent/file-max',
      fileNr: '/nonexistent/file-nr',
      meminfo: '/nonexistent/meminfo',
      cgroupMemoryMax: '/nonexistent/memory.max',
      cgroupMemoryCurrent: '/nonexistent/memory.current',
      cgroupV1MemoryLimit: '/nonexistent/memory.limit_in_bytes',
      cgroupV1MemoryUsage: '/nonexistent/memory.usage_in_bytes',
    });
    expect(facts).toMatchObject({ openFiles: null, portRange: null, fileMax: null, memAvailableBytes: null });
    expect(facts.memTotalBytes).toBeGreaterThan(0);
  });
});
