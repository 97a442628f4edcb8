import { describe, expect, it } from 'vitest';
import { decideCapacity, freeCapacity, splitFreeCapacity, type WorkerFacts } from '@loadfleet/capacity';

const RANGE = { low: 32768, high: 60999 }; // 28,232 ports
const ROOMY: WorkerFacts = { openFiles: 1_048_576, portRange: RANGE, procs: 1, sourceAddresses: 4 };

describe('a worker process capacity', () => {
  it('is the 18,000-user ceiling when nothing else binds, with no warning', () => {
    const d = decideCapacity(ROOMY);
    expect(d).toMatchObject({ capacity: 18_000, limit: 'ceiling', warnings: [] });
    expect(decideCapacity({ openFiles: null, portRange: null, procs: 1 })).toMatchObject({
      capacity: 18_000,
      limit: 'ceiling',
    });
  });

  it('is held to open files minus headroom, and says how to raise the limit', () => {
    const d = decideCapacity({ ...ROOMY, openFiles: 1024, openFilesHard: 1_048_576 });
    expect(d).toMatchObject({ capacity: 768, limit: 'open files' });
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]!.remedy).toContain('ulimit -n 1048576');
    expect(d.warnings[0]!.remedy).toContain('limits.conf');
    // The soft limit is already the hard one: only root can raise it.
    const capped = decideCapacity({ ...ROOMY, openFiles: 1024, openFilesHard: 1024 });
    expect(capped.warnings[0]!.remedy).not.toContain('ulimit -n');
    expect(decideCapacity({ ...ROOMY, openFiles: 20_000 }).capacity).toBe(18_000);
  });

  it('counts ports per source address, shared by the processes of the host', () => {
    // The OS picks the address: one port range towards a target, over 4 processes.
    const noSources = decideCapacity({ ...ROOMY, sourceAddresses: 0, procs: 4 });
    expect(noSources).toMatchObject({ capacity: Math.floor((28232 * 0.9) / 4), limit: 'ports' });
    expect(noSources.warnings[0]!.remedy).toContain('--source-ips');
    expect(noSources.warnings[0]!.remedy).toContain('sysctl -w net.ipv4.ip_local_port_range="1024 65535"');
    // Two addresses each give a port range: two processes then hold 25,408 each, above the ceiling.
    expect(decideCapacity({ ...ROOMY, sourceAddresses: 2, procs: 2 }).limit).toBe('ceiling');
    expect(decideCapacity({ ...ROOMY, sourceAddresses: 2, procs: 8 })).toMatchObject({
      capacity: Math.floor((2 * 28232 * 0.9) / 8),
      limit: 'ports',
    });
  });

  it('stays within the memory budget at the measured KB per user', () => {
    const d = decideCapacity({
      ...ROOMY,
      memoryBudgetBytes: 100 * 2 ** 20,
      idleRssBytes: 60 * 2 ** 20,
      perUserKb: 4,
    });
    expect(d).toMatchObject({ capacity: 10_240, limit: 'memory' });
    expect(d.warnings[0]!.remedy).toContain('--memory-budget');
  });

  it('is held by fs.file-max shared over the processes of the host', () => {
    const d = decideCapacity({ ...ROOMY, fileMax: 100_000, procs: 10 });
    expect(d).toMatchObject({ capacity: 9000, limit: 'file-max' });
    expect(d.warnings[0]!.remedy).toContain('fs.file-max');
  });

  it('takes a configured capacity as given, but never past a hard limit', () => {
    expect(decideCapacity({ ...ROOMY, configured: 400 })).toMatchObject({
      capacity: 400,
      limit: 'configured',
      warnings: [],
    });
    const tooMany = decideCapacity({ ...ROOMY, openFiles: 20_000, configured: 25_000 });
    expect(tooMany).toMatchObject({ capacity: 19_744, limit: 'open files' });
    expect(tooMany.warnings[0]!.message).toContain('--capacity 25,000');
    // Past the soft bounds (ceiling, memory) it is the operator's call, with a warning.
    const past = decideCapacity({ ...ROOMY, configured: 19_000 });
    expect(past).toMatchObject({ capacity: 19_000, limit: 'configured' });
    expect(past.warnings.map((w) => w.limit)).toEqual(['ceiling']);
  });

  it('lists every bound, smallest first', () => {
    const d = decideCapacity({ ...ROOMY, openFiles: 20_000, memoryBudgetBytes: 2 ** 32, perUserKb: 4 });
    expect(d.bounds.map((b) => b.limit)).toEqual(['ceiling', 'open files', 'ports', 'memory']);
    expect(d.bounds.every((b, i) => i === 0 || b.users >= d.bounds[i - 1]!.users)).toBe(true);
  });
});

describe('free capacity', () => {
  it('takes out active users and granted starts of every run', () => {
    expect(freeCapacity(100, [])).toBe(100);
    expect(
      freeCapacity(100, [
        { activeUsers: 30, pendingStarts: 10 },
        { activeUsers: 5, pendingStarts: 5 },
      ]),
    ).toBe(50);
    expect(freeCapacity(10, [{ activeUsers: 30, pendingStarts: 10 }])).toBe(0);
  });

  it('counts sockets still closing: their files are not free yet', () => {
    expect(freeCapacity(100, [{ activeUsers: 30, openSockets: 45, pendingStarts: 5 }])).toBe(50);
    expect(freeCapacity(100, [{ activeUsers: 30, openSockets: 10, pendingStarts: 5 }])).toBe(65);
  });

  it('is split over runs asking at once, so that their grants together cannot exceed it', () => {
    expect(splitFreeCapacity(10, 3)).toEqual([4, 3, 3]);
    expect(splitFreeCapacity(2, 3)).toEqual([1, 1, 0]);
    expect(splitFreeCapacity(-5, 2)).toEqual([0, 0]);
    expect(splitFreeCapacity(7, 0)).toEqual([]);
    for (const [free, n] of [
      [18_000, 1],
      [17_999, 7],
      [3, 5],
    ] as const) {
      expect(splitFreeCapacity(free, n).reduce((a, b) => a + b, 0)).toBe(free);
    }
  });
});
