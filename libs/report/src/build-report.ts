import { scheduleOf } from '@loadfleet/schedule';
import { names } from '@loadfleet/stats';
import { EXIT_ABORTED_BY_THRESHOLD, EXIT_PASSED, EXIT_RUN_FAILED, EXIT_THRESHOLD_FAILED } from './exit-codes.js';
import { phasesOf } from './phases.js';
import { baselineOf } from './baseline.js';
import { monitorReport, monitorWarnings } from './report-monitor.js';
import { buildHealth } from './report-health.js';
import { holdShortfall } from './hold-shortfall.js';
import { encodeHistograms } from './report-histograms.js';
import { buildTimelineRows } from './report-timeline.js';
import { buildLatencyRows, buildTotals } from './report-totals.js';
import { evaluateThresholds } from './thresholds.js';
import {
  REPORT_SCHEMA_VERSION,
  type ArrivalSummary,
  type LatencyRow,
  type Report,
  type ReportInput,
  type ThresholdResult,
  type Totals,
} from './types.js';

/** Uniform arrivals: below this share of the scheduled ones, the report warns that the load asked for did not happen. */
const ARRIVALS_WARNING_RATIO = 0.95;
/** Poisson arrivals: the count varies by chance with σ = √n; the report warns only beyond this many σ. */
const POISSON_SIGMAS = 3;

/** Turns a finished run's merged timeline into the report a user reads (report.json). */
export function buildReport(input: ReportInput): Report {
  const { plan, timeline } = input;
  const totalsWindow = timeline.totals();
  const schedule = scheduleOf(plan.load);
  const rows = buildTimelineRows(timeline.rows(), schedule, input.startedAt);
  const totals = buildTotals(totalsWindow, rows);
  const durationMs = Math.max(0, input.endedAt - input.startedAt);
  const baseline = input.baseline ? baselineOf(input.baseline) : null;
  const monitor = monitorReport(input.monitor ?? null, input.startedAt);
  const thresholds = evaluateThresholds(plan.thresholds, totalsWindow, {
    durationMs,
    baseline,
    monitor: monitor?.series,
  });
  const health = buildHealth(rows, totalsWindow);
  const spacing = plan.load.model === 'open' ? plan.load.arrivals : null;
  const arrivals = arrivalSummary(schedule.arrivalsBetween(0, durationMs), totals, spacing);
  const exitCode = exitCodeOf(input.state, thresholds);
  const latency = buildLatencyRows(totalsWindow);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    run: {
      id: input.runId,
      scenario: plan.name,
      sourceHash: plan.sourceHash,
      state: input.state,
      stopReason: input.stopReason ?? null,
      startedAt: new Date(input.startedAt).toISOString(),
      endedAt: new Date(input.endedAt).toISOString(),
      durationMs,
      loadModel: plan.load.model,
      targets: plan.targets.map((t) => `${t.host}:${t.port}${t.tls ? ' (tls)' : ''}`),
      workers: (input.workers ?? []).map((w) => ({ ...w })),
      phases: phasesOf(plan.load),
      scenarioText: plan.source ?? null,
      baselineId: baseline?.runId ?? null,
    },
    verdict: exitCode === EXIT_PASSED ? 'pass' : 'fail',
    exitCode,
    thresholds,
    totals,
    arrivals,
    latency,
    health,
    timeline: rows,
    histograms: encodeHistograms(totalsWindow),
    monitor,
    warnings: [
      ...warnings(input, totals, arrivals, health.warning, holdShortfall(schedule, rows, input.startedAt)),
      ...monitorWarnings(monitor),
    ],
    notes: [...(input.notes ?? []), ...reconnectNote(totals, latency), ...baselineNote(thresholds)],
  };
}

/** Relative thresholds with nothing to compare with: said once, plainly. */
function baselineNote(thresholds: readonly ThresholdResult[]): string[] {
  const unchecked = thresholds.filter((t) => t.baseline !== null && t.limit === null);
  if (unchecked.length === 0) return [];
  const why = unchecked[0]!.reason ?? 'no baseline yet';
  return [
    `${unchecked.length} threshold(s) relative to the baseline were not checked (${why}): ${unchecked.map((t) => t.expr).join('; ')}.`,
  ];
}

/** After a target restart (or any lost connections), how long the users took to be back. */
function reconnectNote(totals: Totals, latency: readonly LatencyRow[]): string[] {
  const back = latency.find((l) => l.name === names.RECONNECT_TIME);
  const made = totals.counters[names.USERS_RECONNECTS] ?? 0;
  if (made === 0) return [];
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  if (!back || back.count === 0)
    return [`Users reconnected ${made} times after lost connections; none was back (logged in again) before the end.`];
  return [
    `${back.count} users were back (logged in again) after losing their connection, in ${made} reconnects: ` +
      `half within ${secs(back.p50)}, 99 % within ${secs(back.p99)}, all within ${secs(back.max)} of the loss.`,
  ];
}

export function exitCodeOf(state: ReportInput['state'], thresholds: readonly ThresholdResult[]): number {
  if (state === 'failed') return EXIT_RUN_FAILED;
  if (state === 'aborted') return EXIT_ABORTED_BY_THRESHOLD;
  return thresholds.every((t) => t.pass) ? EXIT_PASSED : EXIT_THRESHOLD_FAILED;
}

function arrivalSummary(target: number | null, totals: Totals, spacing: ArrivalSummary['spacing']): ArrivalSummary {
  const achieved = totals.users.started;
  // A fraction of an arrival cannot happen: compare with whole arrivals.
  const whole = target === null ? null : Math.round(target);
  return {
    target: whole,
    achieved,
    dropped: totals.users.dropped,
    ratio: whole === null || whole === 0 ? null : achieved / whole,
    spacing,
    drawn: achieved + totals.users.dropped,
    chanceBand: spacing === 'poisson' && whole !== null ? Math.round(POISSON_SIGMAS * Math.sqrt(whole)) : 0,
  };
}

/**
 * Too few arrivals started, beyond what chance explains: under 95 % of the schedule
 * for uniform arrivals (an exact count); for Poisson arrivals, more than 3σ (σ = √n)
 * below the expected count, since the realised schedule itself draws fewer or more.
 */
export function arrivalShortfall(a: ArrivalSummary): string | null {
  if (a.target === null || a.target === 0 || a.ratio === null) return null;
  const pct = (a.ratio * 100).toFixed(1);
  if (a.spacing === 'poisson') {
    if (a.achieved >= a.target - a.chanceBand) return null;
    const sigmas = (a.target - a.achieved) / Math.sqrt(a.target);
    return (
      `Only ${a.achieved} arrivals started of ${a.target} expected (${pct}%): ${sigmas.toFixed(1)}σ below, more than ` +
      `chance explains for Poisson arrivals (σ = √${a.target}); the schedule drew and issued ${a.drawn}.`
    );
  }
  if (a.ratio >= ARRIVALS_WARNING_RATIO) return null;
  return `Only ${pct}% of the scheduled arrivals started (${a.achieved} of ${a.target}).`;
}

function warnings(
  input: ReportInput,
  totals: Totals,
  arrivals: ArrivalSummary,
  health: string | null,
  shortfall: string | null,
): string[] {
  const out: string[] = [];
  if (health !== null) out.push(health);
  for (const w of input.workers ?? []) {
    if (w.lost)
      out.push(
        `Worker ${w.id} (${w.host}) was lost during the run: the sessions it held died with it (the notes say how many).`,
      );
  }
  const arrivalWarning = arrivalShortfall(arrivals);
  if (arrivalWarning !== null) out.push(arrivalWarning);
  if (shortfall !== null) out.push(shortfall);
  if (totals.users.dropped > 0) {
    out.push(`${totals.users.dropped} arrivals were dropped (user cap reached, no capacity, or generator behind).`);
  }
  if (input.timeline.seconds().length === 0) out.push('No statistics were received for this run.');
  return out;
}
