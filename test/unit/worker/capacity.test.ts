import { describe, expect, it } from 'vitest';
import { activeRunOf, defaultCapacity, freeCapacity, parseOpenFilesLimit, parsePortRange } from '@loadfleet/worker';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 1048576              files
Max locked memory         8388608              8388608              bytes
`;

describe('capacity', () => {
  it('reads the soft open-files limit and the port range', () => {
    expect(parseOpenFilesLimit(LIMITS)).toBe(1024);
    expect(parseOpenFilesLimit(LIMITS.replace('1024 ', 'unlimited '))).toBeNull();
    expect(parseOpenFilesLimit('')).toBeNull();
    expect(parsePortRange('32768\t60999\n')).toBe(28232);
    expect(parsePortRange('nonsense')).toBeNull();
  });

  it('is 18,000 users unless open files or ports bound it', () => {
    expect(defaultCapacity({ openFiles: 1_048_576, portRange: 28232, procs: 1 })).toEqual({
      capacity: 18_000,
      limit: 'default',
    });
    expect(defaultCapacity({ openFiles: 1024, portRange: 28232, procs: 1 })).toEqual({
      capacity: 768,
      limit: 'open files',
    });
    expect(defaultCapacity({ openFiles: 1_048_576, portRange: 28232, procs: 4 })).toEqual({
      capacity: 6352,
      limit: 'ports',
    });
    expect(defaultCapacity({ openFiles: null, portRange: null, procs: 1 })).toEqual({
      capacity: 18_000,
      limit: 'default',
    });
  });

  it('free capacity takes out active users and granted starts of every run', () => {
    expect(freeCapacity(100, [])).toBe(100);
    expect(
      freeCapacity(100, [
        { activeUsers: 30, pendingStarts: 10 },
        { activeUsers: 5, pendingStarts: 5 },
      ]),
    ).toBe(50);
    expect(freeCapacity(10, [{ activeUsers: 30, pendingStarts: 10 }])).toBe(0);
  });
});

describe('activeRunOf', () => {
  const spec = { runId: 'r1', startAt: 1, controllerId: 'c', ownerTimeoutMs: 0 };
  it('refuses plans that are not compiled plans, with a code', () => {
    expect(() => activeRunOf({ ...spec, planJson: '{' })).toThrow(
      expect.objectContaining({ code: 'LF_ERR_WORKER_PLAN' }),
    );
    expect(() => activeRunOf({ ...spec, planJson: '{"targets":[]}' })).toThrow(
      expect.objectContaining({ code: 'LF_ERR_WORKER_PLAN' }),
    );
    expect(() => activeRunOf({ ...spec, planJson: 'null' })).toThrow(
      expect.objectContaining({ code: 'LF_ERR_WORKER_PLAN' }),
    );
  });
});
