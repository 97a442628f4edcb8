import { evaluateThresholds, phasesOf } from '@loadfleet/report';
import type { Plan } from '@loadfleet/scenario';
import { scheduleOf } from '@loadfleet/schedule';
import { isSaturated, names, type HistogramSummary, type StatsWindow, type TimelineSecond } from '@loadfleet/stats';
import type { LiveFrame, LiveMeta, Percentiles, ThresholdState } from './wire.js';

const RESPONSE = 'response.';
const DELIVERY = 'delivery.';

/** The run's constant part of the live view. */
export function liveMeta(o: { runId: string; state: string; plan: Plan; startedAt: number | null }): LiveMeta {
  return {
    runId: o.runId,
    name: o.plan.name,
    state: o.state,
    startedAt: o.startedAt,
    totalMs: scheduleOf(o.plan.load).lengthMs,
    loadModel: o.plan.load.model,
    phases: phasesOf(o.plan.load),
    thresholds: o.plan.thresholds.map((t) => ({
      expr: t.expr,
      unit: t.metric.kind === 'latency' ? 'ms' : t.metric.kind === 'rate' ? 'ratio' : 'count',
      limit: t.value,
      op: t.op,
      // A relative limit is known only against the baseline's report: no line to draw live.
      histogram: t.metric.kind === 'latency' && t.baseline === undefined ? t.metric.histogram : null,
      abort: t.abort,
    })),
    historyStep: 1,
  };
}

/** One merged second, as the console draws it. */
export function liveFrame(
  row: TimelineSecond,
  startedAt: number,
  phaseAt: (ms: number) => string,
  closedModel = true,
): LiveFrame {
  const startSecond = Math.floor(startedAt / 1000);
  const c = row.counters;
  const g = row.gauges;
  const lateness = row.latency[names.LATENESS_START];
  const latency: Record<string, Percentiles> = {};
  const delivery: Record<string, Percentiles> = {};
  for (const name of Object.keys(row.latency).sort()) {
    if (name.startsWith(RESPONSE)) latency[name.slice(RESPONSE.length)] = triple(row.latency[name]!);
    else if (name.startsWith(DELIVERY)) delivery[name.slice(DELIVERY.length)] = triple(row.latency[name]!);
  }
  return {
    s: row.second,
    t: row.second - startSecond,
    phase: phaseAt(Math.max(0, (row.second + 1) * 1000 - startedAt)),
    users: g[names.USERS_ACTIVE] ?? 0,
    // An open model sets arrivals, not users: its users target is no target.
    usersTarget: closedModel ? (g[names.USERS_TARGET] ?? null) : null,
    arrivals: c[names.USERS_STARTED] ?? 0,
    arrivalsTarget: g[names.ARRIVAL_RATE_TARGET] ?? null,
    dropped: c[names.USERS_DROPPED] ?? 0,
    msgOut: byPrefix(c, 'msg.out.'),
    msgIn: byPrefix(c, 'msg.in.'),
    latency,
    delivery,
    errors: { ...byPrefix(c, names.ERRORS_PREFIX), ...prefixed(byPrefix(c, 'conn.failed.'), 'conn.') },
    connOpen: g[names.CONN_OPEN] ?? null,
    cpu: g[names.HEALTH_CPU_PCT] ?? null,
    loopP99: g[names.HEALTH_LOOP_DELAY_P99_MS] ?? null,
    saturated: isSaturated(g, lateness?.p99),
  };
}

/** Each threshold judged on the running totals, as the final report will judge it. */
export function thresholdStates(plan: Plan, totals: StatsWindow): ThresholdState[] {
  return evaluateThresholds(plan.thresholds, totals).map((r) => ({
    expr: r.expr,
    observed: r.observed === null ? null : round(r.observed),
    pass: r.pass,
  }));
}

/**
 * At most `max` frames for a run's past: consecutive seconds folded into one
 * point each (counts averaged, latency and gauges the worst or last), so a page
 * opened an hour into a run gets the whole run in a bounded message.
 */
export function historyFrames(frames: readonly LiveFrame[], max: number): { step: number; frames: LiveFrame[] } {
  const step = Math.max(1, Math.ceil(frames.length / max));
  if (step === 1) return { step, frames: [...frames] };
  const out: LiveFrame[] = [];
  for (let i = 0; i < frames.length; i += step) out.push(fold(frames.slice(i, i + step)));
  return { step, frames: out };
}

function fold(group: readonly LiveFrame[]): LiveFrame {
  const last = group[group.length - 1]!;
  const n = group.length;
  const mean = (pick: (f: LiveFrame) => number) => round(group.reduce((a, f) => a + pick(f), 0) / n);
  const meanOf = (pick: (f: LiveFrame) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const f of group) for (const [k, v] of Object.entries(pick(f))) out[k] = (out[k] ?? 0) + v / n;
    for (const k in out) out[k] = round(out[k]!);
    return out;
  };
  const worst = (pick: (f: LiveFrame) => Record<string, Percentiles>) => {
    const out: Record<string, Percentiles> = {};
    for (const f of group)
      for (const [k, v] of Object.entries(pick(f))) {
        const w = out[k];
        out[k] = w ? [Math.max(w[0], v[0]), Math.max(w[1], v[1]), Math.max(w[2], v[2])] : [...v];
      }
    return out;
  };
  const maxOrNull = (pick: (f: LiveFrame) => number | null) => {
    const vs = group.map(pick).filter((v): v is number => v !== null);
    return vs.length ? Math.max(...vs) : null;
  };
  return {
    ...last,
    arrivals: mean((f) => f.arrivals),
    arrivalsTarget: last.arrivalsTarget === null ? null : mean((f) => f.arrivalsTarget ?? 0),
    dropped: mean((f) => f.dropped),
    msgOut: meanOf((f) => f.msgOut),
    msgIn: meanOf((f) => f.msgIn),
    errors: meanOf((f) => f.errors),
    latency: worst((f) => f.latency),
    delivery: worst((f) => f.delivery),
    cpu: maxOrNull((f) => f.cpu),
    loopP99: maxOrNull((f) => f.loopP99),
    saturated: group.some((f) => f.saturated),
  };
}

function triple(h: HistogramSummary): Percentiles {
  return [round(h.p50), round(h.p90), round(h.p99)];
}

function byPrefix(counters: Readonly<Record<string, number>>, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(counters).sort())
    if (name.startsWith(prefix) && counters[name]! !== 0) out[name.slice(prefix.length)] = counters[name]!;
  return out;
}

function prefixed(r: Record<string, number>, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(r)) out[prefix + k] = v;
  return out;
}

/** Microsecond precision is what the histograms hold; more digits are only bytes. */
function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
