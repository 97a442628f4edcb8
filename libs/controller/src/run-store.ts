import type { WorkerInfo } from '@loadfleet/report';
import type { Plan } from '@loadfleet/scenario';
import type { LiveStatus } from '@loadfleet/runtime';
import { ControllerError } from './errors.js';
import { allowedFrom, type FarmRunState } from './lifecycle.js';

/** A worker that took part in a run, as RunEnded and the report name it. */

/**
 * A run's step: queued, starting (workers told, schedule not begun), running,
 * draining (schedule over, users finishing), stopping (StopRun sent, waiting for
 * the workers), report (RunEnded sent, waiting for the report), ended.
 */
export type RunStep = 'queued' | 'starting' | 'running' | 'draining' | 'stopping' | 'report' | 'ended';

/** The API's older single field for where a run is: the load phase while running, else the step. */
export function displayPhase(r: Pick<RunRecord, 'step' | 'schedulePhase'>): string {
  return r.step === 'running' && r.schedulePhase !== null ? r.schedulePhase : r.step;
}

/** A page of the run history to read. */
export interface ListQuery {
  limit: number;
  /** The last id of the previous page. */
  cursor?: string;
  offset?: number;
}

/** What the controller remembers of a run (history survives restarts; the plan is kept apart). */
export interface RunRecord {
  id: string;
  state: FarmRunState;
  /** Where the run is in its life (finer than `state` while it runs). */
  step: RunStep;
  /** The load phase the schedule is in (the newest merged second's), null before the first and after the schedule. */
  schedulePhase: string | null;
  /** The scenario's name and source hash. */
  name: string;
  sourceHash: string;
  loadModel: 'open' | 'closed';
  targets: string[];
  /** Epoch ms. startedAt is when the schedule starts (RunSpec.startAt). */
  submittedAt: number;
  startedAt: number | null;
  endedAt: number | null;
  stopReason: string | null;
  notes: string[];
  workers: WorkerInfo[];
  /** The latest merged second, as live progress shows it. */
  live: LiveStatus | null;
  /** Arrivals the fleet could not start (no capacity in time, or maxUsers). */
  droppedArrivals: number;
  /** The name of the token that submitted it (null: before tokens had names). */
  submittedBy: string | null;
  /** Verdict, peak users and duration, read from the report once it exists (the console's run list). */
  outcome: RunOutcomeFields | null;
}

export interface RunOutcomeFields {
  verdict: 'pass' | 'fail' | null;
  peakUsers: number | null;
  durationMs: number | null;
}

/** The record of a run just submitted: queued, nothing happened yet. */
export function newRunRecord(
  id: string,
  plan: Plan,
  submittedAt = Date.now(),
  submittedBy: string | null = null,
): RunRecord {
  return {
    id,
    state: 'queued',
    step: 'queued',
    schedulePhase: null,
    name: plan.name,
    sourceHash: plan.sourceHash,
    loadModel: plan.load.model,
    targets: plan.targets.map((t) => `${t.host}:${t.port}`),
    submittedAt,
    startedAt: null,
    endedAt: null,
    stopReason: null,
    notes: [],
    workers: [],
    live: null,
    droppedArrivals: 0,
    submittedBy,
    outcome: null,
  };
}

export type RunPatch = Partial<Omit<RunRecord, 'id' | 'state'>>;

export interface RunPage {
  runs: RunRecord[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next: string | null;
}

/** Where run records live (Redis in the service, memory in tests). */
export interface RunStore {
  create(record: RunRecord, planJson: string): Promise<void>;
  get(id: string): Promise<RunRecord | null>;
  planJson(id: string): Promise<string | null>;
  update(id: string, patch: RunPatch): Promise<void>;
  /**
   * Moves the run to `to` (with the patch) only if its current state may go
   * there (lifecycle.ts): a compare-and-set, so a cancel and a dequeue cannot both win.
   */
  transition(id: string, to: FarmRunState, patch?: RunPatch): Promise<boolean>;
  /** Newest first; `cursor` is the last id of the previous page (unknown: LF_ERR_REQUEST), `offset` skips that many. */
  list(options: ListQuery): Promise<RunPage>;
  /** Ids of runs in the given states (recovery after a restart). */
  idsInStates(states: readonly FarmRunState[]): Promise<string[]>;
}

/** In memory, for tests and tools. */
export class MemoryRunStore implements RunStore {
  private readonly records = new Map<string, RunRecord>();
  private readonly plans = new Map<string, string>();
  private readonly order: string[] = [];

  async create(record: RunRecord, planJson: string): Promise<void> {
    this.records.set(record.id, structuredClone(record));
    this.plans.set(record.id, planJson);
    this.order.unshift(record.id);
  }

  async get(id: string): Promise<RunRecord | null> {
    const r = this.records.get(id);
    return r ? structuredClone(r) : null;
  }

  async planJson(id: string): Promise<string | null> {
    return this.plans.get(id) ?? null;
  }

  async update(id: string, patch: RunPatch): Promise<void> {
    const r = this.records.get(id);
    if (r) Object.assign(r, structuredClone(patch));
  }

  async transition(id: string, to: FarmRunState, patch: RunPatch = {}): Promise<boolean> {
    const r = this.records.get(id);
    if (!r || !allowedFrom(to).includes(r.state)) return false;
    Object.assign(r, structuredClone(patch), { state: to });
    return true;
  }

  async list(options: ListQuery): Promise<RunPage> {
    let start = options.offset ?? 0;
    if (options.cursor !== undefined) {
      const at = this.order.indexOf(options.cursor);
      if (at < 0) throw new ControllerError('LF_ERR_REQUEST', `cursor "${options.cursor}" names no run`);
      start = at + 1;
    }
    const ids = this.order.slice(start, start + options.limit);
    const next = start + options.limit < this.order.length ? ids[ids.length - 1]! : null;
    return { runs: ids.map((id) => structuredClone(this.records.get(id)!)), next };
  }

  async idsInStates(states: readonly FarmRunState[]): Promise<string[]> {
    return this.order.filter((id) => states.includes(this.records.get(id)!.state));
  }
}
