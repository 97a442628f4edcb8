import { describe, expect, it } from 'vitest';
import { planFleet, type FleetPlanInput } from '@loadfleet/capacity';

const BASE: FleetPlanInput = {
  users: 1_000_000,
  perUserKb: 4,
  idleProcessMb: 50,
  usersPerProcess: 18_000,
  openFiles: 1_048_576,
  portRange: { low: 1024, high: 65535 },
  hostRamBytes: 64 * 2 ** 30,
  cores: 16,
  usersPerCore: 50_000,
};

describe('loadfleet plan', () => {
  it('sizes a million users: hosts by their tightest limit, processes by the per-process ceiling', () => {
    const p = planFleet(BASE);
    // cpu: 70 % of 16 cores × 50,000 = 560,000 a host → 2 hosts of 500,000.
    expect(p).toMatchObject({ hosts: 2, usersPerHost: 500_000, hostLimit: 'cpu', processLimit: 'ceiling' });
    expect(p.processesPerHost).toBe(28); // 500,000 / 18,000
    expect(p.processes).toBe(56);
    // 64,512 ports × 0.9 = 58,060 a source IP.
    expect(p.sourceIpsPerHost).toBe(9);
    expect(p.ramPerHostBytes).toBe(28 * 50 * 2 ** 20 + 500_000 * 4096);
    expect(p.ramTotalBytes).toBe(2 * p.ramPerHostBytes);
    expect(p.reasons.length).toBeGreaterThan(4);
  });

  it('is held by memory on small hosts, by open files in small processes, by ports with few addresses', () => {
    expect(planFleet({ ...BASE, hostRamBytes: 4 * 2 ** 30 }).hostLimit).toBe('memory');
    const files = planFleet({ ...BASE, openFiles: 1024 });
    expect(files).toMatchObject({ usersPerProcess: 768, processLimit: 'open files' });
    const ports = planFleet({ ...BASE, ipsPerHost: 2 });
    expect(ports).toMatchObject({ hostLimit: 'ports', sourceIpsPerHost: 2 });
    expect(ports.usersPerHost).toBeLessThanOrEqual(2 * 58_060);
  });

  it('every host holds its users within every bound', () => {
    for (const users of [1, 17_999, 18_001, 250_000, 3_333_333]) {
      const p = planFleet({ ...BASE, users, ipsPerHost: 4 });
      expect(p.hosts * p.usersPerHost).toBeGreaterThanOrEqual(users);
      expect(p.processesPerHost * p.usersPerProcess).toBeGreaterThanOrEqual(p.usersPerHost);
      expect(p.usersPerHost).toBeLessThanOrEqual(BASE.cores * 0.7 * BASE.usersPerCore);
      expect(p.usersPerHost).toBeLessThanOrEqual(4 * 58_060);
      expect(p.ramPerHostBytes).toBeLessThanOrEqual(BASE.hostRamBytes * 0.8);
    }
  });

  it('sizes the target when its memory per connection is known', () => {
    expect(planFleet({ ...BASE, serverKbPerUser: 8 }).targetRamBytes).toBe(1_000_000 * 8 * 1024);
    expect(planFleet(BASE).targetRamBytes).toBeNull();
  });

  it('refuses impossible inputs with a code', () => {
    for (const bad of [{ users: 0 }, { perUserKb: -1 }, { cores: 0 }, { hostRamBytes: 0 }, { usersPerCore: NaN }]) {
      expect(() => planFleet({ ...BASE, ...bad })).toThrow(expect.objectContaining({ code: 'LF_ERR_CAPACITY_INPUT' }));
    }
  });
});
