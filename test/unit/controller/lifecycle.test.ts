import { describe, expect, it } from 'vitest';
import {
  MemoryRunStore,
  FARM_RUN_STATES,
  allowedFrom,
  assertTransition,
  canTransition,
  finalStateFor,
  isTerminal,
  newRunRecord,
  type RunRecord,
} from '@loadfleet/controller';
import { parseScenario } from '@loadfleet/scenario';

describe('run state machine', () => {
  it('goes queued -> running -> stopping -> a final state, or queued -> cancelled', () => {
    expect(canTransition('queued', 'running')).toBe(true);
    expect(canTransition('queued', 'cancelled')).toBe(true);
    expect(canTransition('running', 'stopping')).toBe(true);
    for (const s of ['done', 'stopped', 'aborted', 'failed'] as const) expect(canTransition('stopping', s)).toBe(true);
    expect(canTransition('running', 'failed')).toBe(true);
  });

  it('refuses every other move, and nothing leaves a final state', () => {
    expect(canTransition('running', 'cancelled')).toBe(false);
    expect(canTransition('queued', 'done')).toBe(false);
    expect(canTransition('running', 'done')).toBe(false);
    for (const s of FARM_RUN_STATES.filter(isTerminal)) {
      for (const t of FARM_RUN_STATES) expect(canTransition(s, t)).toBe(false);
    }
    expect(FARM_RUN_STATES.filter(isTerminal).sort()).toEqual(['aborted', 'cancelled', 'done', 'failed', 'stopped']);
    expect(() => assertTransition('done', 'running')).toThrow(/done to running/);
    expect(allowedFrom('stopping')).toEqual(['running']);
    expect(allowedFrom('failed').sort()).toEqual(['queued', 'running', 'stopping']);
  });

  it('ends by cause: schedule end done, stop request stopped, threshold aborted, error failed', () => {
    expect(finalStateFor('schedule-end')).toBe('done');
    expect(finalStateFor('stop-request')).toBe('stopped');
    expect(finalStateFor('threshold')).toBe('aborted');
    expect(finalStateFor('error')).toBe('failed');
  });
});

describe('MemoryRunStore', () => {
  const plan = parseScenario(
    'name: n\ntarget: 127.0.0.1:7000\nload: { phases: [{ duration: 1s, rate: 1 }] }\nsessions: [{ name: s, steps: [connect] }]',
  );
  const rec = (id: string): RunRecord => newRunRecord(id, plan, 1);

  it('moves state only along the machine (compare-and-set), so a cancel and a dequeue cannot both win', async () => {
    const store = new MemoryRunStore();
    await store.create(rec('r1'), '{}');
    expect(await store.transition('r1', 'cancelled')).toBe(true);
    expect(await store.transition('r1', 'running')).toBe(false);
    expect((await store.get('r1'))!.state).toBe('cancelled');
  });

  it('lists newest first, by cursor or by page', async () => {
    const store = new MemoryRunStore();
    for (const id of ['a', 'b', 'c', 'd', 'e']) await store.create(rec(id), '{}');
    const p1 = await store.list({ limit: 2 });
    expect(p1.runs.map((r) => r.id)).toEqual(['e', 'd']);
    const p2 = await store.list({ limit: 2, cursor: p1.next! });
    expect(p2.runs.map((r) => r.id)).toEqual(['c', 'b']);
    const p3 = await store.list({ limit: 2, cursor: p2.next! });
    expect(p3).toEqual({ runs: [expect.objectContaining({ id: 'a' })], next: null });
    expect((await store.list({ limit: 2, offset: 2 })).runs.map((r) => r.id)).toEqual(['c', 'b']);
    await expect(store.list({ limit: 2, cursor: 'zz' })).rejects.toThrow(/names no run/);
  });
});
