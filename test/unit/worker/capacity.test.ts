import { describe, expect, it } from 'vitest';
import { PLAN_VERSION, parseScenario } from '@loadfleet/scenario';
// Capacity itself is tested in test/unit/capacity.
import { activeRunOf } from '@loadfleet/worker';

describe('activeRunOf', () => {
  const spec = { runId: 'r1', startAt: 1, controllerId: 'c', ownerTimeoutMs: 0, planVersion: PLAN_VERSION };
  const plan = parseScenario(
    'name: t\ntarget: 127.0.0.1:9\nload: { phases: [{ duration: 1s, rate: 1 }] }\nsessions:\n  - name: s\n    steps: [connect, close]\n',
  );
  const refusal = (s: typeof spec & { planJson: string }) => {
    try {
      activeRunOf(s);
    } catch (err) {
      return { code: (err as { code: string }).code, message: (err as Error).message };
    }
    return null;
  };

  it('reads a compiled plan of its own version', () => {
    expect(activeRunOf({ ...spec, planJson: JSON.stringify(plan) }).plan.name).toBe('t');
  });

  it('refuses plans that are not compiled plans, with a code, naming the mismatch', () => {
    expect(refusal({ ...spec, planJson: '{' })).toMatchObject({ code: 'LF_ERR_WORKER_PLAN', message: /not JSON/ });
    expect(refusal({ ...spec, planJson: '{"targets":[]}' })).toMatchObject({
      code: 'LF_ERR_WORKER_PLAN',
      message: /plan\.name should be a string, not missing/,
    });
    expect(refusal({ ...spec, planJson: 'null' })).toMatchObject({ message: /not a JSON object/ });
    expect(refusal({ ...spec, planJson: JSON.stringify({ ...plan, sessions: {} }) })).toMatchObject({
      message: /plan\.sessions should be an array, not object/,
    });
    expect(refusal({ ...spec, planJson: JSON.stringify({ ...plan, load: { model: 'x' } }) })).toMatchObject({
      message: /plan\.load\.model/,
    });
  });

  it('refuses a plan of another version, naming both', () => {
    expect(refusal({ ...spec, planVersion: 0, planJson: JSON.stringify(plan) })).toMatchObject({
      code: 'LF_ERR_WORKER_PLAN',
      message: new RegExp(`plan of version 0; this worker reads version ${PLAN_VERSION}`),
    });
  });
});
