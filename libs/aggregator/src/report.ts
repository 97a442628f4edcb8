import type { MonitorCapture } from '@loadfleet/runtime';
import type { RunEnded } from '@loadfleet/protocol';
import {
  buildReport,
  outcomeOf,
  renderHtml,
  type Report,
  type ReportInput,
  type RunEndedInfo,
} from '@loadfleet/report';
import type { Plan } from '@loadfleet/scenario';
import { Timeline, decodeWindow } from '@loadfleet/stats';
import { AggregatorError } from './errors.js';
import { findGaps, gapNotes } from './gaps.js';
import type { WindowStore } from './window-store.js';

/** Seconds read from the store per round trip. */
const SECONDS_PER_READ = 64;

/** Every stored (worker, second) window of a run, merged into a Timeline; undecodable windows are counted. */
export async function timelineFromStore(
  store: WindowStore,
  runId: string,
): Promise<{ timeline: Timeline; bad: number; secondsByWorker: Map<string, number[]> }> {
  const timeline = new Timeline();
  const secondsByWorker = new Map<string, number[]>();
  let bad = 0;
  const seconds = await store.seconds(runId);
  for (let i = 0; i < seconds.length; i += SECONDS_PER_READ) {
    const chunk = seconds.slice(i, i + SECONDS_PER_READ);
    const maps = await store.windowsOf(runId, chunk);
    for (const [k, windows] of maps.entries()) {
      for (const [workerId, bytes] of windows) {
        let list = secondsByWorker.get(workerId);
        if (!list) secondsByWorker.set(workerId, (list = []));
        list.push(chunk[k]!);
        try {
          timeline.add(workerId, decodeWindow(bytes));
        } catch {
          bad++;
        }
      }
    }
  }
  return { timeline, bad, secondsByWorker };
}

/** Reads the run's plan from the run record; an AggregatorError when it is missing or not JSON. */
export async function planFromStore(store: WindowStore, runId: string): Promise<Plan> {
  const json = await store.planJson(runId);
  if (json === null)
    throw new AggregatorError('LF_ERR_AGG_NO_PLAN', `run ${runId}: the run record has no "plan" field`);
  try {
    return JSON.parse(json) as Plan;
  } catch (err) {
    throw new AggregatorError('LF_ERR_AGG_BAD_PLAN', `run ${runId}: the run record's "plan" is not JSON`, {
      cause: err,
    });
  }
}

/** A decoded RunEnded -> what the report is built from; a state this release does not know is reported as failed, with a note. */
export function runEndedOf(ended: RunEnded): RunEndedInfo {
  const state = outcomeOf(ended.state);
  const notes = [...ended.notes];
  if (state === null)
    notes.push(`The controller ended the run in an unknown state "${ended.state}"; reported as failed.`);
  return {
    runId: ended.runId,
    state: state ?? 'failed',
    stopReason: ended.stopReason,
    startedAt: ended.startedAt,
    endedAt: ended.endedAt,
    notes,
    workers: ended.workers.map((w) => ({
      id: w.id ?? '',
      host: w.host ?? '',
      users: w.users ?? 0,
      lost: w.lost === true,
    })),
    graceMs: ended.graceMs,
  };
}

/** The ReportInput of a farm run: the same buildReport input local mode gives, from stored windows. */
export function reportInputOf(
  ended: RunEndedInfo,
  plan: Plan,
  timeline: Timeline,
  extraNotes: string[] = [],
): ReportInput {
  const notes = [...ended.notes, ...extraNotes];
  return {
    runId: ended.runId,
    plan,
    state: ended.state,
    ...(ended.stopReason ? { stopReason: ended.stopReason } : {}),
    startedAt: ended.startedAt,
    endedAt: ended.endedAt,
    timeline,
    workers: ended.workers.map((w) => ({ id: w.id, host: w.host, users: w.users, ...(w.lost ? { lost: true } : {}) })),
    notes,
  };
}

/** What the controller scraped from the scenario's monitor endpoints (null when it lists none). */
async function monitorCapture(
  store: WindowStore,
  runId: string,
  plan: Plan,
  notes: string[],
): Promise<MonitorCapture | null> {
  if ((plan.monitor ?? []).length === 0) return null;
  const text = await store.monitorJson(runId);
  try {
    if (text !== null) return JSON.parse(text) as MonitorCapture;
  } catch {
    // fall through: said in the notes
  }
  notes.push('The monitor series of this run were not stored by the controller; the report has none.');
  return null;
}

/** The scenario's baseline report when the plan has relative thresholds (a broken one is a note, not a failure). */
async function baselineReport(store: WindowStore, plan: Plan, notes: string[]): Promise<Report | null> {
  if (!plan.thresholds.some((t) => t.baseline !== undefined)) return null;
  const text = await store.baselineReport(plan.name);
  if (text === null) return null;
  try {
    return JSON.parse(text) as Report;
  } catch {
    notes.push(`The baseline report of "${plan.name}" could not be read; relative thresholds were not checked.`);
    return null;
  }
}

/** Builds a finished run's report from the store and stores it as JSON and HTML. */
export async function writeStoredReport(store: WindowStore, ended: RunEndedInfo): Promise<Report> {
  const plan = await planFromStore(store, ended.runId);
  const { timeline, bad, secondsByWorker } = await timelineFromStore(store, ended.runId);
  const extra = bad > 0 ? [`${bad} stored stats windows could not be decoded and are not in this report.`] : [];
  const lost = new Set(ended.workers.filter((w) => w.lost).map((w) => w.id));
  extra.push(...gapNotes(findGaps(secondsByWorker, lost)));
  const baseline = await baselineReport(store, plan, extra);
  const monitor = await monitorCapture(store, ended.runId, plan, extra);
  const report = buildReport({ ...reportInputOf(ended, plan, timeline, extra), baseline, monitor });
  await store.putReport(ended.runId, JSON.stringify(report), renderHtml(report));
  return report;
}
