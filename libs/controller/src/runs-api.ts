import { checkCapacity, type CapacityLimits } from './capacity-guard.js';
import { ControllerError } from './errors.js';
import type { FarmRun } from './farm-run.js';
import { isTerminal } from './lifecycle.js';
import type { LiveHub } from './live-hub.js';
import type { ControllerMetrics } from './metrics.js';
import { newRunId } from './recovery.js';
import { displayPhase, newRunRecord, type ListQuery, type RunRecord, type RunStore } from './run-store.js';
import { compileSubmission, type Submission } from './submission.js';
import type { TargetAllowlist } from './target-allowlist.js';
import type { Plan } from '@loadfleet/scenario';
import { compareReports, type Comparison, type Report } from '@loadfleet/report';

/** The run queue as the API uses it (BullMQ in the service). */
export interface RunQueuePort {
  /** Queues the run; resolves with its position at that instant (1 = next), taken in the same atomic step. */
  add(runId: string): Promise<number>;
  /** 1 = next to run; null when the run is not waiting. */
  position(runId: string): Promise<number | null>;
  remove(runId: string): Promise<void>;
}

/** Where finished runs' reports are stored (Redis in the service). */
export interface ReportReader {
  report(runId: string, kind: 'json' | 'html'): Promise<string | null>;
}

/** Which run is each scenario's baseline (Redis in the service). */
export interface BaselineStore {
  get(scenario: string): Promise<string | null>;
  set(scenario: string, runId: string): Promise<void>;
}

export interface RunsApiDeps {
  store: RunStore;
  queue: RunQueuePort;
  reports: ReportReader;
  /** Absent: the farm keeps no baselines (404 on the baseline routes). */
  baselines?: BaselineStore;
  allowlist: TargetAllowlist;
  /** What one run may ask of the farm, and the users the live workers can hold now. */
  limits: CapacityLimits;
  liveCapacity(): number;
  hub: LiveHub;
  metrics: Pick<ControllerMetrics, 'runEnded'>;
  /** The runs this controller is executing now. */
  active: ReadonlyMap<string, FarmRun>;
  /**
   * Asks the leading controller to stop a run this one does not hold (this one follows);
   * true when the leader took the request.
   */
  forwardStop?(id: string, reason: string): Promise<boolean>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * What the API does, without HTTP (the service parses requests into these
 * calls): submit, read, list, stop, reports.
 */
export class RunsApi {
  constructor(private readonly d: RunsApiDeps) {}

  async submit(
    sub: Submission,
    submittedBy: string | null = null,
  ): Promise<{ id: string; state: 'queued'; queuePosition: number }> {
    const plan = this.validate(sub);
    const id = newRunId();
    await this.d.store.create(newRunRecord(id, plan, Date.now(), submittedBy), JSON.stringify(plan));
    // The position comes with the enqueue, atomically: simultaneous submits never read the same place in line.
    return { id, state: 'queued', queuePosition: await this.d.queue.add(id) };
  }

  /** What submit checks, without queueing anything: the plan, or the error with its issues at their lines. */
  validate(sub: Submission): Plan {
    const plan = compileSubmission(sub, this.d.allowlist);
    checkCapacity(plan, sub.text, this.d.limits, this.d.liveCapacity());
    return plan;
  }

  async get(id: string): Promise<Record<string, unknown>> {
    const rec = await this.record(id);
    const run = this.d.active.get(id);
    const baselineId = this.d.baselines ? await this.d.baselines.get(rec.name) : null;
    return {
      ...this.summary(rec),
      queuePosition: rec.state === 'queued' ? await this.d.queue.position(id) : null,
      notes: rec.notes,
      loadModel: rec.loadModel,
      targets: rec.targets,
      droppedArrivals: run ? run.allocator.stats.dropped : rec.droppedArrivals,
      live: run?.latest ?? rec.live,
      workers: run ? run.workers() : rec.workers,
      baselineId: baselineId === id ? null : baselineId,
      isBaseline: baselineId === id,
      links: {
        live: `/v1/runs/${id}/live`,
        reportJson: `/v1/runs/${id}/report.json`,
        reportHtml: `/v1/runs/${id}/report.html`,
        ...(baselineId && baselineId !== id ? { compare: `/v1/runs/${id}/compare?with=${baselineId}` } : {}),
      },
    };
  }

  async list(query: ListQuery): Promise<{ runs: Record<string, unknown>[]; nextCursor: string | null }> {
    const page = await this.d.store.list(query);
    return { runs: page.runs.map((r) => this.summary(r)), nextCursor: page.next };
  }

  /** Cancels a queued run, stops a running one; 409 once it has ended. */
  async stop(id: string, reason = 'stopped by request'): Promise<{ id: string; state: string }> {
    let rec = await this.record(id);
    if (rec.state === 'queued') {
      if (await this.d.store.transition(id, 'cancelled', { step: 'ended', endedAt: Date.now(), stopReason: reason })) {
        await this.d.queue.remove(id);
        this.d.metrics.runEnded('cancelled');
        this.d.hub.end({ id, state: 'cancelled', stopReason: reason });
        return { id, state: 'cancelled' };
      }
      rec = await this.record(id); // it was dequeued meanwhile
    }
    if (isTerminal(rec.state))
      throw new ControllerError('LF_ERR_RUN_ENDED', `run ${id} has already ended (${rec.state})`);
    // Just dequeued: the record says running a moment before this controller holds the run.
    let run = this.d.active.get(id);
    for (let i = 0; !run && i < 20; i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = this.d.active.get(id);
    }
    if (!run) {
      if (this.d.forwardStop && (await this.d.forwardStop(id, reason))) return { id, state: 'stopping' };
      throw new ControllerError(
        'LF_ERR_UNAVAILABLE',
        `run ${id} is ${rec.state} but no controller that leads holds it now; try again shortly`,
      );
    }
    run.requestStop(reason);
    return { id, state: 'stopping' };
  }

  /** The stored report; 404 with the reason while there is none. */
  async report(id: string, kind: 'json' | 'html'): Promise<string> {
    const text = await this.d.reports.report(id, kind);
    if (text !== null) return text;
    const rec = await this.record(id);
    throw new ControllerError('LF_ERR_REPORT_NOT_READY', notReadyReason(rec));
  }

  /** Marks a run with a stored report as the baseline of its scenario; later runs' relative thresholds use it. */
  async markBaseline(id: string): Promise<{ scenario: string; runId: string }> {
    const rec = await this.record(id);
    await this.report(id, 'json'); // 404 with the reason when it has no report
    await this.baselineStore().set(rec.name, id);
    return { scenario: rec.name, runId: id };
  }

  /** The scenario's baseline run id (null when none is marked yet). */
  async baseline(scenario: string): Promise<{ scenario: string; runId: string | null }> {
    return { scenario, runId: await this.baselineStore().get(scenario) };
  }

  private baselineStore(): BaselineStore {
    if (!this.d.baselines) throw new ControllerError('LF_ERR_NOT_FOUND', 'this controller keeps no baselines');
    return this.d.baselines;
  }

  /** compare.json of run `id` against run `baseId` (both with stored reports). */
  async compare(id: string, baseId: string): Promise<Comparison> {
    const [base, current] = await Promise.all([this.reportOf(baseId), this.reportOf(id)]);
    return compareReports(base, current);
  }

  private async reportOf(id: string): Promise<Report> {
    return JSON.parse(await this.report(id, 'json')) as Report;
  }

  async record(id: string): Promise<RunRecord> {
    const rec = await this.d.store.get(id);
    if (!rec) throw new ControllerError('LF_ERR_RUN_NOT_FOUND', `no run "${id}"`);
    return rec;
  }

  private summary(r: RunRecord): Record<string, unknown> {
    return {
      id: r.id,
      name: r.name,
      state: r.state,
      step: r.step,
      schedulePhase: r.schedulePhase,
      // Before step and schedulePhase: one field for both, kept for API clients.
      phase: displayPhase(r),
      submittedAt: iso(r.submittedAt),
      startedAt: iso(r.startedAt),
      endedAt: iso(r.endedAt),
      stopReason: r.stopReason,
      submittedBy: r.submittedBy,
      outcome: r.outcome,
    };
  }
}

function notReadyReason(r: RunRecord): string {
  switch (r.state) {
    case 'queued':
      return `run ${r.id} has not started yet: the report is written when it ends`;
    case 'running':
    case 'stopping':
      return `run ${r.id} is ${r.state}: the report is written when it ends`;
    case 'cancelled':
      return `run ${r.id} was cancelled before it started: it has no report`;
    default:
      return r.stopReason === 'no report'
        ? `run ${r.id} ended (${r.state}) but no aggregator stored its report`
        : `run ${r.id} ended (${r.state}); its report is not stored (yet)`;
  }
}
