import { describe, expect, it } from 'vitest';
import { probeSourceAddresses, resolveWorkerLimits, tryBind, type HostFacts } from '@loadfleet/capacity';

const FACTS: HostFacts = {
  openFiles: 20_000,
  openFilesHard: 20_000,
  fileMax: 2_466_183,
  filesInUse: 3000,
  portRange: { low: 32768, high: 60999 },
  memAvailableBytes: 20 * 2 ** 30,
  memTotalBytes: 24 * 2 ** 30,
  cgroupMemoryLimitBytes: null,
  memorySource: 'host',
};

describe('source addresses', () => {
  it('binds loopback addresses and refuses one this host does not have', async () => {
    expect(await tryBind('127.0.0.1')).toBeNull();
    // 198.51.100.0/24 is TEST-NET-2: documentation only, assigned to no host.
    const probe = await probeSourceAddresses(['127.0.0.2', '198.51.100.7', '127.0.0.3']);
    expect(probe.usable).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(probe.unusable).toEqual([{ address: '198.51.100.7', code: 'EADDRNOTAVAIL' }]);
  });
});

describe('resolveWorkerLimits', () => {
  it('rotates over the addresses that bound and counts their ports', async () => {
    const limits = await resolveWorkerLimits({
      configured: 0,
      procs: 8,
      sourceIps: ['127.0.0.2', '198.51.100.7'],
      facts: FACTS,
    });
    expect(limits.sourceAddresses).toEqual(['127.0.0.2']);
    expect(limits.unusableAddresses).toHaveLength(1);
    // One usable address over 8 processes: 28,232 × 0.9 / 8 ports each.
    expect(limits).toMatchObject({ capacity: 3176, limit: 'ports' });
    expect(limits.warnings[0]!.remedy).toContain('--source-ips');
  });

  it('refuses to start when no given address binds', async () => {
    await expect(
      resolveWorkerLimits({
        configured: 0,
        procs: 1,
        sourceIps: ['198.51.100.7', '203.0.113.9'],
        facts: FACTS,
      }),
    ).rejects.toMatchObject({ code: 'LF_ERR_CAPACITY_NO_SOURCE' });
  });

  it('budgets memory as a share of what is available over the processes, or as configured', async () => {
    const probe = async () => ({ usable: [], unusable: [] });
    const shared = await resolveWorkerLimits({ configured: 0, procs: 4, sourceIps: [], facts: FACTS, probe });
    expect(shared.memoryBudgetBytes).toBe(Math.floor((20 * 2 ** 30 * 0.8) / 4));
    const small = await resolveWorkerLimits({
      configured: 0,
      procs: 1,
      sourceIps: [],
      memoryBudgetMb: 100,
      perUserKb: 8,
      facts: FACTS,
      probe,
    });
    expect(small).toMatchObject({ limit: 'memory', perUserKb: 8 });
    expect(small.capacity).toBeLessThan(100 * 128);
  });
});
