import { describe, expect, it } from 'vitest';
// Capacity itself is tested in test/unit/capacity.
import { activeRunOf } from '@loadfleet/worker';

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
