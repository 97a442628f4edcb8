// A worker in a container sizes itself by the container's memory limit (its cgroup),
// not by the host's memory that /proc/meminfo shows inside the container too.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCgroupMemory, readHostFacts, resolveWorkerLimits, type HostFactPaths } from '@loadfleet/capacity';
import { describe, expect, it } from 'vitest';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

/** A /proc and /sys/fs/cgroup of fixture files: a 16 GiB host (12 GiB available), and the given cgroup files. */
function fixture(cgroup: Record<string, string>): HostFactPaths {
  const dir = mkdtempSync(join(tmpdir(), 'lf-cgroup-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  file('proc/meminfo', `MemTotal: ${16 * 1024 * 1024} kB\nMemFree: 1000 kB\nMemAvailable: ${12 * 1024 * 1024} kB\n`);
  for (const [name, text] of Object.entries(cgroup)) file(`cgroup/${name}`, text);
  return {
    limits: join(dir, 'none'),
    portRange: join(dir, 'none'),
    fileMax: join(dir, 'none'),
    fileNr: join(dir, 'none'),
    meminfo: join(dir, 'proc/meminfo'),
    cgroupMemoryMax: join(dir, 'cgroup/memory.max'),
    cgroupMemoryCurrent: join(dir, 'cgroup/memory.current'),
    cgroupV1MemoryLimit: join(dir, 'cgroup/memory/memory.limit_in_bytes'),
    cgroupV1MemoryUsage: join(dir, 'cgroup/memory/memory.usage_in_bytes'),
  };
}

describe('parseCgroupMemory', () => {
  it('reads bytes; "max", v1\'s "unlimited" value and nothing are no limit', () => {
    expect(parseCgroupMemory('536870912\n')).toBe(512 * MiB);
    expect(parseCgroupMemory('max\n')).toBeNull();
    expect(parseCgroupMemory('9223372036854771712\n')).toBeNull();
    expect(parseCgroupMemory('')).toBeNull();
  });
});

describe('the memory a worker may use', () => {
  it('cgroup v2 with a limit: the limit minus what the cgroup uses, not the host', () => {
    const facts = readHostFacts(fixture({ 'memory.max': `${2 * GiB}\n`, 'memory.current': `${512 * MiB}\n` }));
    expect(facts).toMatchObject({
      memAvailableBytes: 1.5 * GiB,
      cgroupMemoryLimitBytes: 2 * GiB,
      memorySource: 'cgroup',
    });
  });

  it('cgroup v2 "max" (no limit): the host\'s MemAvailable', () => {
    const facts = readHostFacts(fixture({ 'memory.max': 'max\n', 'memory.current': `${512 * MiB}\n` }));
    expect(facts).toMatchObject({ memAvailableBytes: 12 * GiB, cgroupMemoryLimitBytes: null, memorySource: 'host' });
  });

  it('cgroup v1 with a limit, and v1 unlimited', () => {
    const limited = readHostFacts(
      fixture({ 'memory/memory.limit_in_bytes': `${GiB}\n`, 'memory/memory.usage_in_bytes': `${256 * MiB}\n` }),
    );
    expect(limited).toMatchObject({ memAvailableBytes: 768 * MiB, memorySource: 'cgroup' });
    const unlimited = readHostFacts(fixture({ 'memory/memory.limit_in_bytes': '9223372036854771712\n' }));
    expect(unlimited).toMatchObject({ memAvailableBytes: 12 * GiB, memorySource: 'host' });
  });

  it('a limit above what the host has available: the host figure is the smaller, and it counts', () => {
    const facts = readHostFacts(fixture({ 'memory.max': `${64 * GiB}\n`, 'memory.current': '0\n' }));
    expect(facts).toMatchObject({
      memAvailableBytes: 12 * GiB,
      memorySource: 'host',
      cgroupMemoryLimitBytes: 64 * GiB,
    });
  });

  it('the capacity of a worker in a 1 GiB container follows the container, not the 16 GiB host', async () => {
    const inContainer = readHostFacts(fixture({ 'memory.max': `${GiB}\n`, 'memory.current': '0\n' }));
    const onHost = readHostFacts(fixture({ 'memory.max': 'max\n' }));
    const probe = async () => ({ usable: [], unusable: [] });
    const opts = { configured: 0, procs: 1, sourceIps: [], probe, perUserKb: 200 };
    const small = await resolveWorkerLimits({ ...opts, facts: { ...inContainer, openFiles: 1e6, openFilesHard: 1e6 } });
    const large = await resolveWorkerLimits({ ...opts, facts: { ...onHost, openFiles: 1e6, openFilesHard: 1e6 } });
    expect(small.memoryBudgetBytes).toBe(Math.floor(GiB * 0.8));
    expect(large.memoryBudgetBytes).toBe(Math.floor(12 * GiB * 0.8));
    expect(small.limit).toBe('memory');
    expect(small.capacity).toBeLessThan(large.capacity);
  });
});
