import { randomUUID } from 'node:crypto';
import type { RunBus, RunLog } from './run-bus.js';
import type { RunStore } from './run-store.js';

/**
 * Runs whose controller is gone and that no leader can take over (they were
 * stopping, or their workers have already stopped them: docs/FARM.md, "Several
 * controllers"), or all of them (`ids` absent). Each is ended cleanly as failed: its RunSpec deleted, StopRun (so
 * workers stop), RunEnded (so the aggregators write a partial report). Nothing
 * is waited for: a restart never hangs on a dead run. Returns the ids ended.
 */
export async function endOrphanedRuns(
  store: RunStore,
  bus: Pick<RunBus, 'deleteSpec' | 'publishStop' | 'publishEnded'>,
  options: { reason?: string; reportGraceMs?: number; now?: () => number; log?: RunLog; ids?: readonly string[] } = {},
): Promise<string[]> {
  const reason = options.reason ?? 'controller restarted';
  const now = options.now ?? Date.now;
  const ids = options.ids ? [...options.ids] : await store.idsInStates(['running', 'stopping']);
  for (const id of ids) {
    const rec = await store.get(id);
    if (!rec) continue;
    const notes = [
      ...rec.notes,
      `the controller restarted while the run was ${rec.state}; the report covers what was recorded`,
    ];
    const endedAt = now();
    const steps = [
      bus.deleteSpec(id),
      bus.publishStop({ runId: id, reason, graceMs: 0 }),
      bus.publishEnded({
        runId: id,
        state: 'failed',
        stopReason: reason,
        startedAt: rec.startedAt ?? rec.submittedAt,
        endedAt,
        notes,
        workers: rec.workers,
        graceMs: options.reportGraceMs ?? 2000,
      }),
    ];
    for (const r of await Promise.allSettled(steps)) {
      if (r.status === 'rejected') options.log?.error({ err: r.reason, runId: id }, 'ending an orphaned run');
    }
    await store.transition(id, 'failed', { step: 'ended', schedulePhase: null, endedAt, stopReason: reason, notes });
    options.log?.warn({ runId: id }, `run ended as failed: ${reason}`);
  }
  return ids;
}

/** A new run id: sortable by time, unique, a safe bus token ("20261125T193000-1a2b3c4d"). */
export function newRunId(now = Date.now()): string {
  const stamp = new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, '');
  return `${stamp}-${randomUUID().slice(0, 8)}`;
}
