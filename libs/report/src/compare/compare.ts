import { histogramSummary, names, type HistogramSummary } from '@loadfleet/stats';
import { EXIT_PASSED, EXIT_THRESHOLD_FAILED } from '../exit-codes.js';
import { decodeReportHistogram } from '../report-histograms.js';
import { byHistogramOrder } from '../report-totals.js';
import type { LatencyPoint, Report, TimelineRow } from '../types.js';
import { iqr, mannWhitneyP, normalTail, quantile } from './noise.js';

export const COMPARE_SCHEMA_VERSION = 1;

/** When a change counts as real: all of these must hold. */
export interface CompareRules {
  /** Mann-Whitney over the per-second samples (two-sided) must be below this. */
  alpha: number;
  /** The change must be at least this share of the base value (0.05 = 5 %)... */
  minEffectRatio: number;
  /** ...and, for latencies, at least this many ms. */
  minEffectMs: number;
  /** Fewer per-second samples than this on either side: no verdict on that figure. */
  minSeconds: number;
}

export const DEFAULT_COMPARE_RULES: CompareRules = { alpha: 0.01, minEffectRatio: 0.05, minEffectMs: 1, minSeconds: 3 };

export type FigureGroup = 'latency' | 'throughput' | 'errors';

/** One figure of compare.json: base, current, the change, and whether it is beyond the runs' noise. */
export interface CompareFigure {
  group: FigureGroup;
  /** Histogram name (latency), `messages.sent` / `msg.out.<kind>` (throughput), `error_rate` / ... (errors). */
  name: string;
  /** p50 p90 p95 p99 p99.9 max mean (latency); `per_s` (throughput); `rate` or `count` (errors). */
  stat: string;
  unit: 'ms' | 'per_s' | 'ratio' | 'count';
  base: number | null;
  current: number | null;
  /** current − base; null when either is missing. */
  change: number | null;
  /** change / base; null when base is 0 or missing. */
  changeRatio: number | null;
  /** What the change must exceed besides the test: the larger per-second IQR and the minimum effect. */
  noise: number | null;
  /** The test's p-value (Mann-Whitney over per-second samples; two-proportion z-test for rates); null: not tested. */
  pValue: number | null;
  samples: { base: number; current: number };
  /** The change is larger than the two runs' own noise. */
  significant: boolean;
  /** The direction is the bad one (slower, less throughput, more errors). */
  worse: boolean;
  /** Whether a significant worse change here makes a regression (max and generator-side figures do not). */
  gated: boolean;
}

export interface CompareRunInfo {
  id: string;
  scenario: string;
  sourceHash: string;
  startedAt: string;
  durationMs: number;
  verdict: Report['verdict'];
}

/** compare.json; docs/REPORT.md describes every field. */
export interface Comparison {
  schemaVersion: typeof COMPARE_SCHEMA_VERSION;
  base: CompareRunInfo;
  current: CompareRunInfo;
  verdict: 'regression' | 'unchanged';
  /** 99 on a regression, else 0. */
  exitCode: number;
  rules: CompareRules;
  /** One line per gated figure that got significantly worse. */
  regressions: string[];
  /** One line per figure that got significantly better. */
  improvements: string[];
  warnings: string[];
  figures: CompareFigure[];
}

const LATENCY_STATS: readonly { stat: string; field: keyof HistogramSummary & keyof LatencyPoint }[] = [
  { stat: 'p50', field: 'p50' },
  { stat: 'p90', field: 'p90' },
  { stat: 'p95', field: 'p95' },
  { stat: 'p99', field: 'p99' },
  { stat: 'p99.9', field: 'p999' },
  { stat: 'max', field: 'max' },
  { stat: 'mean', field: 'mean' },
];
/** The generator's own figures (how late it started users) say nothing about the target. */
const UNGATED_FAMILIES = ['lateness'];

/** Compares two runs' reports: every latency histogram, throughput and error figure. Pure. */
export function compareReports(base: Report, current: Report, rules: CompareRules = DEFAULT_COMPARE_RULES): Comparison {
  const figures = [
    ...latencyFigures(base, current, rules),
    ...throughputFigures(base, current, rules),
    ...errorFigures(base, current, rules),
  ];
  const regressions = figures.filter((f) => f.gated && f.significant && f.worse).map(describeChange);
  const improvements = figures.filter((f) => f.significant && !f.worse).map(describeChange);
  const warnings: string[] = [];
  if (base.run.sourceHash !== current.run.sourceHash)
    warnings.push(
      `The runs ran different scenario texts ("${base.run.scenario}" and "${current.run.scenario}"): differences may come from the scenario, not the target.`,
    );
  for (const [which, r] of [
    ['base', base],
    ['current', current],
  ] as const) {
    if (r.health.secondsSaturated > 0)
      warnings.push(
        `The ${which} run's generator was saturated for ${r.health.secondsSaturated} s: its latencies in those seconds include the generator's own delay.`,
      );
    if (r.run.state !== 'done') warnings.push(`The ${which} run did not run to its end (${r.run.state}).`);
  }
  return {
    schemaVersion: COMPARE_SCHEMA_VERSION,
    base: runInfo(base),
    current: runInfo(current),
    verdict: regressions.length > 0 ? 'regression' : 'unchanged',
    exitCode: regressions.length > 0 ? EXIT_THRESHOLD_FAILED : EXIT_PASSED,
    rules,
    regressions,
    improvements,
    warnings,
    figures,
  };
}

function runInfo(r: Report): CompareRunInfo {
  return {
    id: r.run.id,
    scenario: r.run.scenario,
    sourceHash: r.run.sourceHash,
    startedAt: r.run.startedAt,
    durationMs: r.run.durationMs,
    verdict: r.verdict,
  };
}

/** The run's summary of one histogram, from its exact merged HDR histogram (older reports: the latency table). */
function summaryOf(r: Report, name: string): HistogramSummary | null {
  const encoded = r.histograms?.[name];
  if (encoded) return histogramSummary(decodeReportHistogram(encoded));
  return r.latency.find((l) => l.name === name) ?? null;
}

/** The run's own timer lateness at that statistic (ms; 0 when not recorded). */
function timerLateness(r: Report, field: keyof HistogramSummary): number {
  return summaryOf(r, names.LATENESS_TIMER)?.[field] ?? 0;
}

function histogramNames(r: Report): string[] {
  return r.histograms ? Object.keys(r.histograms) : r.latency.map((l) => l.name);
}

function latencyFigures(base: Report, current: Report, rules: CompareRules): CompareFigure[] {
  const all = [...new Set([...histogramNames(base), ...histogramNames(current)])].sort(byHistogramOrder);
  const out: CompareFigure[] = [];
  for (const name of all) {
    const b = summaryOf(base, name);
    const c = summaryOf(current, name);
    const generatorSide = UNGATED_FAMILIES.includes(name.split('.')[0]!);
    for (const { stat, field } of LATENCY_STATS) {
      // A generator whose timers fire late measures that much of its own delay in the target's latency.
      const ownDelay = generatorSide ? 0 : Math.max(timerLateness(base, field), timerLateness(current, field));
      const perSecond = (r: Report) =>
        samples(
          r.timeline,
          (row) => row.latency[name]?.[field],
          (row) => (row.latency[name]?.count ?? 0) > 0,
        );
      out.push(
        figure('latency', name, stat, 'ms', b && b[field], c && c[field], perSecond(base), perSecond(current), rules, {
          higherIsWorse: true,
          gated: !generatorSide && stat !== 'max',
          extraNoise: ownDelay,
        }),
      );
    }
  }
  return out;
}

function throughputFigures(base: Report, current: Report, rules: CompareRules): CompareFigure[] {
  const sum = (rec: Record<string, number>) => Object.values(rec).reduce((a, v) => a + v, 0);
  const kinds = [
    ...new Set([...Object.keys(base.totals.messages.out), ...Object.keys(current.totals.messages.out)]),
  ].sort();
  const series: { name: string; total(r: Report): number; second(row: TimelineRow): number }[] = [
    { name: 'messages.sent', total: (r) => r.totals.messages.outTotal, second: (row) => sum(row.messagesOut) },
    { name: 'messages.received', total: (r) => r.totals.messages.inTotal, second: (row) => sum(row.messagesIn) },
    ...kinds.map((k) => ({
      name: `msg.out.${k}`,
      total: (r: Report) => r.totals.messages.out[k] ?? 0,
      second: (row: TimelineRow) => row.messagesOut[k] ?? 0,
    })),
  ];
  return series.map((s) =>
    figure(
      'throughput',
      s.name,
      'per_s',
      'per_s',
      perSecondRate(s.total(base), base),
      perSecondRate(s.total(current), current),
      innerSeconds(base.timeline).map(s.second),
      innerSeconds(current.timeline).map(s.second),
      rules,
      { higherIsWorse: false, gated: true },
    ),
  );
}

/** Per-second rate of a run total: the count over the run's duration. */
export function perSecondRate(count: number, r: Report): number | null {
  return r.run.durationMs > 0 ? count / (r.run.durationMs / 1000) : null;
}

/** The seconds without the first and last (partial) ones. */
function innerSeconds(rows: readonly TimelineRow[]): readonly TimelineRow[] {
  return rows.length > 2 ? rows.slice(1, -1) : rows;
}

function samples(
  rows: readonly TimelineRow[],
  value: (row: TimelineRow) => number | undefined,
  keep: (row: TimelineRow) => boolean,
): number[] {
  const out: number[] = [];
  for (const row of rows) {
    if (!keep(row)) continue;
    const v = value(row);
    if (v !== undefined) out.push(v);
  }
  return out;
}

function figure(
  group: FigureGroup,
  name: string,
  stat: string,
  unit: CompareFigure['unit'],
  base: number | null,
  current: number | null,
  baseSamples: readonly number[],
  currentSamples: readonly number[],
  rules: CompareRules,
  how: { higherIsWorse: boolean; gated: boolean; extraNoise?: number },
): CompareFigure {
  const change = base === null || current === null ? null : current - base;
  const changeRatio = change === null || !base ? null : change / base;
  const enough = baseSamples.length >= rules.minSeconds && currentSamples.length >= rules.minSeconds;
  let noise: number | null = null;
  let pValue: number | null = null;
  let significant = false;
  if (change !== null && base !== null && enough) {
    const minEffect = Math.max(Math.abs(base) * rules.minEffectRatio, unit === 'ms' ? rules.minEffectMs : 0);
    noise = Math.max(minEffect, Math.max(iqr(baseSamples), iqr(currentSamples)) + (how.extraNoise ?? 0));
    pValue = mannWhitneyP(baseSamples, currentSamples);
    const medianShift = quantile(currentSamples, 0.5) - quantile(baseSamples, 0.5);
    significant =
      Math.abs(change) > noise && pValue < rules.alpha && Math.sign(medianShift) === Math.sign(change) && change !== 0;
  }
  const worse = change !== null && (how.higherIsWorse ? change > 0 : change < 0);
  return {
    group,
    name,
    stat,
    unit,
    base,
    current,
    change,
    changeRatio,
    noise,
    pValue,
    samples: { base: baseSamples.length, current: currentSamples.length },
    significant,
    worse,
    gated: how.gated,
  };
}

interface Proportion {
  name: string;
  part(r: Report): number;
  whole(r: Report): number;
}

const PROPORTIONS: readonly Proportion[] = [
  { name: 'error_rate', part: (r) => r.totals.errors.total, whole: (r) => r.totals.messages.outTotal },
  {
    name: 'connect_failure_rate',
    part: (r) => r.totals.connections.failed,
    whole: (r) => r.totals.connections.attempted,
  },
  {
    name: 'session_failure_rate',
    part: (r) => r.totals.users.failed,
    whole: (r) => r.totals.users.finished + r.totals.users.failed,
  },
];

/** Error rates with a two-proportion z-test; error counts by kind are shown, not tested. */
function errorFigures(base: Report, current: Report, rules: CompareRules): CompareFigure[] {
  const out: CompareFigure[] = PROPORTIONS.map((p) => proportionFigure(p, base, current, rules));
  const kinds = [...new Set([...Object.keys(base.totals.errors.byKind), ...Object.keys(current.totals.errors.byKind)])];
  for (const k of kinds.sort()) {
    const b = base.totals.errors.byKind[k] ?? 0;
    const c = current.totals.errors.byKind[k] ?? 0;
    out.push({
      group: 'errors',
      name: `errors.${k}`,
      stat: 'count',
      unit: 'count',
      base: b,
      current: c,
      change: c - b,
      changeRatio: b === 0 ? null : (c - b) / b,
      noise: null,
      pValue: null,
      samples: { base: 0, current: 0 },
      significant: false,
      worse: c > b,
      gated: false,
    });
  }
  return out;
}

/** Below this absolute change (0.1 percentage point) a rate is unchanged whatever the test says. */
const MIN_RATE_CHANGE = 0.001;

function proportionFigure(p: Proportion, base: Report, current: Report, rules: CompareRules): CompareFigure {
  const [x1, n1, x2, n2] = [p.part(base), p.whole(base), p.part(current), p.whole(current)];
  const b = n1 === 0 ? null : x1 / n1;
  const c = n2 === 0 ? null : x2 / n2;
  const change = b === null || c === null ? null : c - b;
  let pValue: number | null = null;
  let noise: number | null = null;
  let significant = false;
  if (change !== null && b !== null) {
    const pooled = (x1 + x2) / (n1 + n2);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    pValue = se === 0 ? (change === 0 ? 1 : 0) : Math.min(1, 2 * normalTail(Math.abs(change) / se));
    noise = Math.max(MIN_RATE_CHANGE, b * rules.minEffectRatio);
    significant = Math.abs(change) > noise && pValue < rules.alpha;
  }
  return {
    group: 'errors',
    name: p.name,
    stat: 'rate',
    unit: 'ratio',
    base: b,
    current: c,
    change,
    changeRatio: change === null || !b ? null : change / b,
    noise,
    pValue,
    samples: { base: n1, current: n2 },
    significant,
    worse: change !== null && change > 0,
    gated: true,
  };
}

/** "response.chat p99: 1.2 ms → 21.4 ms (+1683 %), beyond noise (p=0.0002)". */
export function describeChange(f: CompareFigure): string {
  const v = (x: number | null) => formatFigure(x, f.unit);
  const pct = f.changeRatio === null ? '' : ` (${f.changeRatio >= 0 ? '+' : ''}${(f.changeRatio * 100).toFixed(1)} %)`;
  const label = f.group === 'latency' ? `${f.name} ${f.stat}` : f.name;
  const p = f.pValue === null ? '' : `, p=${f.pValue < 0.0001 ? f.pValue.toExponential(1) : f.pValue.toFixed(4)}`;
  return `${label}: ${v(f.base)} → ${v(f.current)}${pct}, beyond noise ±${v(f.noise)}${p}`;
}

export function formatFigure(x: number | null, unit: CompareFigure['unit']): string {
  if (x === null) return '—';
  switch (unit) {
    case 'ms':
      return `${x.toFixed(3)} ms`;
    case 'per_s':
      return `${x.toFixed(1)}/s`;
    case 'ratio':
      return `${(x * 100).toFixed(2)} %`;
    case 'count':
      return String(x);
  }
}
