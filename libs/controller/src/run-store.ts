import type { WorkerInfo } from '@loadfleet/report';
import type { Plan } from '@loadfleet/scenario';
import type { LiveStatus } from '@loadfleet/runtime';
import { ControllerError } from './errors.js';
import { allowedFrom, type FarmRunState } from './lifecycle.js';
import type { SchedulePosition } from './pacing/types.js';

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
  /** Where the schedule stood at the leader's last save (a controller taking over resumes from it). */
  position: SchedulePosition | null;
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
    position: null,
  };
}

export type RunPatch = Partial<Omit<RunRecord, 'id' | 'state'>>;

export interface RunPage {
  runs: RunRecord[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next: string | null;
}

/**
 * Where run records live (Redis in the service, memory in tests). A leader's
 * writes of a run carry its fencing token: one with a lower token than the run's
 * highest (a leader that was replaced) is refused — `update` does nothing,
 * `transition` answers false — and told to the store's `onFenced`. Writes with
 * token 0 are not a leader's (the API cancelling a queued run, the console caching
 * a verdict) and are not fenced.
 */
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

/** How a store learns its writer's fencing token, and tells it that a newer leader owns a run. */
export interface StoreFencing {
  /** The writer's token (0: not a leader's write). Fixed for a leader's run: its token when it took the run. */
  fence(): number;
  /** A write was refused: the run carries `newer`, a larger token than the writer's. */
  onFenced?(runId: string, newer: number): void;
}

export const NO_FENCING: StoreFencing = { fence: () => 0 };

/** In memory, for tests and tools. */
export class MemoryRunStore implements RunStore {
  private readonly records = new Map<string, RunRecord>();
  private readonly plans = new Map<string, string>();
  private readonly fences = new Map<string, number>();
  private readonly order: string[] = [];

  constructor(private readonly fencing: StoreFencing = NO_FENCING) {}

  /** Another writer sharing these records with its own token (a second controller in a test). */
  withFencing(fencing: StoreFencing): RunStore {
    const view = Object.create(this) as MemoryRunStore;
    Object.defineProperty(view, 'fencing', { value: fencing });
    return view;
  }

  /** True when this writer may write the run (and raises the run's token to the writer's). */
  private admit(id: string): boolean {
    const mine = this.fencing.fence();
    const theirs = this.fences.get(id) ?? 0;
    if (mine === 0) return true;
    if (mine < theirs) {
      this.fencing.onFenced?.(id, theirs);
      return false;
    }
    this.fences.set(id, mine);
    return true;
  }

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
    if (r && this.admit(id)) Object.assign(r, structuredClone(patch));
  }

  async transition(id: string, to: FarmRunState, patch: RunPatch = {}): Promise<boolean> {
    const r = this.records.get(id);
    if (!r || !this.admit(id) || !allowedFrom(to).includes(r.state)) return false;
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
