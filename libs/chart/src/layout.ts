import { clock, shortValue, wallClock } from './format.js';
import { linearScale, logScale, timeTicks, type YScale } from './scale.js';
import type { ChartData, ChartPhase, ChartSeries, ChartSpec } from './types.js';

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
/** Points per series at most: longer runs are bucketed (max or mean per bucket). */
export const MAX_POINTS = 900;
const M = { left: 66, right: 16, top: 14, bottom: 34 };
const LEGEND_ROW = 18;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Tick {
  pos: number;
  label: string;
  sub?: string;
}

export interface LegendItem {
  name: string;
  color: string;
  dashed: boolean;
  shade: boolean;
  x: number;
  y: number;
}

/** Everything a renderer draws, in pixels: no DOM, no strings of SVG. */
export interface ChartLayout {
  width: number;
  height: number;
  plot: Box;
  empty: boolean;
  scale: YScale;
  yTicks: Tick[];
  yMinor: number[];
  xTicks: Tick[];
  legend: LegendItem[];
  /** One path per series (same order as the data's series), "" when it has no point. */
  paths: { d: string; color: string; dashed: boolean; dots: [number, number][] }[];
  thresholds: { y: number; label: string }[];
  phases: { x: number; x2: number; label: string }[];
  shades: { x: number; w: number }[];
  /** The (thinned) xs and series, for the hover. */
  xs: readonly number[];
  series: readonly ChartSeries[];
  /** The data as drawn: at most MAX_POINTS points. */
  data: ChartData;
  px(i: number): number;
}

export function colorOf(s: ChartSeries, i: number): string {
  return s.color ?? PALETTE[i % PALETTE.length]!;
}

/** Lays a chart out for its spec and data. */
export function layoutChart(spec: ChartSpec, data: ChartData): ChartLayout {
  const width = spec.width ?? 880;
  const thinned = thin(data, spec.reduce ?? 'mean');
  const { xs, series, shade } = thinned;
  const legend = legendItems(series, width, shade?.some(Boolean) ? (spec.shadeLabel ?? 'saturated') : undefined);
  const legendH = legend.length === 0 ? 0 : legend[legend.length - 1]!.y - M.top + LEGEND_ROW + 4;
  const height = (spec.height ?? 240) + legendH;
  const plot: Box = {
    x: M.left,
    y: M.top + legendH,
    w: width - M.left - M.right,
    h: height - M.top - M.bottom - legendH,
  };
  const values: number[] = [];
  for (const s of series) for (const v of s.values) if (v !== null && Number.isFinite(v)) values.push(v);
  const thresholds = spec.thresholds ?? [];
  const scale =
    spec.scale === 'log'
      ? logScale([...values, ...thresholds.map((t) => t.value)])
      : linearScale([...values, ...thresholds.map((t) => t.value)]);
  const x0 = xs.length ? xs[0]! : 0;
  const x1 = xs.length ? Math.max(xs[xs.length - 1]!, x0 + 1) : 1;
  const sx = (x: number) => plot.x + ((x - x0) / (x1 - x0)) * plot.w;
  const sy = (v: number) => {
    const f = scale.at(v);
    return f === null ? null : plot.y + plot.h - f * plot.h;
  };
  const step = Math.max(minStep(xs), 1);
  const fmt = spec.format ?? 'count';
  const base = spec.startedAt ?? null;
  const layout: ChartLayout = {
    width,
    height,
    plot,
    empty: xs.length === 0 || values.length === 0,
    scale,
    yTicks: scale.ticks.map((v) => ({ pos: r(sy(v) ?? plot.y + plot.h), label: shortValue(v, fmt) })),
    yMinor: scale.minor.map((v) => r(sy(v)!)),
    xTicks: timeTicks(x0, x1).map((t) => ({
      pos: r(sx(t)),
      label: clock(t),
      ...(base !== null ? { sub: wallClock(base + t * 1000) } : {}),
    })),
    legend,
    paths: series.map((s, i) => path(s, i, xs, step, sx, sy)),
    thresholds: thresholds
      .map((t) => ({ y: sy(t.value), label: t.label }))
      .filter((t): t is { y: number; label: string } => t.y !== null)
      .map((t) => ({ y: r(t.y), label: t.label })),
    phases: withDrain(spec.phases ?? [], x1)
      .filter((p) => p.to > x0 && p.from < x1)
      .map((p) => ({ x: r(sx(Math.max(p.from, x0))), x2: r(sx(Math.min(p.to, x1))), label: p.name })),
    shades: [],
    xs,
    series,
    data: thinned,
    px: (i) => sx(xs[i]!),
  };
  if (shade) {
    const w = Math.max((plot.w * step) / (x1 - x0), 1);
    xs.forEach((x, i) => {
      if (shade[i]) layout.shades.push({ x: r(sx(x)), w: r(w) });
    });
  }
  return layout;
}

function path(
  s: ChartSeries,
  i: number,
  xs: readonly number[],
  step: number,
  sx: (x: number) => number,
  sy: (v: number) => number | null,
): ChartLayout['paths'][number] {
  let d = '';
  const dots: [number, number][] = [];
  let pen = false;
  const ys = s.values.map((v) => (v !== null && Number.isFinite(v) ? sy(v) : null));
  ys.forEach((y, j) => {
    // A missing second breaks the line instead of drawing across the gap.
    const gap = j > 0 && xs[j]! - xs[j - 1]! > step * 1.5;
    if (y === null) {
      pen = false;
      return;
    }
    const x = r(sx(xs[j]!));
    d += `${pen && !gap ? 'L' : 'M'}${x} ${r(y)}`;
    const alone = (j === 0 || !pen || gap) && (j === ys.length - 1 || ys[j + 1] === null);
    if (alone) dots.push([x, r(y)]);
    pen = true;
  });
  return { d, color: colorOf(s, i), dashed: s.dashed ?? false, dots };
}

function legendItems(series: readonly ChartSeries[], width: number, shadeLabel: string | undefined): LegendItem[] {
  const items = series.map((s, i) => ({ name: s.name, color: colorOf(s, i), dashed: s.dashed ?? false, shade: false }));
  if (shadeLabel !== undefined) items.push({ name: shadeLabel, color: '', dashed: false, shade: true });
  let x = M.left;
  let row = 0;
  return items.map((item) => {
    const w = 22 + item.name.length * 7 + 16;
    if (x + w > width - M.right && x > M.left) {
      x = M.left;
      row++;
    }
    const placed = { ...item, x, y: M.top + row * LEGEND_ROW };
    x += w;
    return placed;
  });
}

/** Long runs are bucketed to at most MAX_POINTS points per series. */
function thin(data: ChartData, reduce: 'max' | 'mean'): ChartData {
  const n = data.xs.length;
  if (n <= MAX_POINTS) return data;
  const size = Math.ceil(n / MAX_POINTS);
  const buckets: [number, number][] = [];
  for (let a = 0; a < n; a += size) buckets.push([a, Math.min(n, a + size)]);
  const fold = (values: readonly (number | null)[]) =>
    buckets.map(([a, b]) => {
      const vs = values.slice(a, b).filter((v): v is number => v !== null);
      if (vs.length === 0) return null;
      return reduce === 'max' ? Math.max(...vs) : vs.reduce((s, v) => s + v, 0) / vs.length;
    });
  return {
    xs: buckets.map(([a]) => data.xs[a]!),
    series: data.series.map((s) => ({ ...s, values: fold(s.values) })),
    ...(data.shade ? { shade: buckets.map(([a, b]) => data.shade!.slice(a, b).some(Boolean)) } : {}),
    ...(data.phaseAt ? { phaseAt: buckets.map(([a]) => data.phaseAt![a]!) } : {}),
  };
}

/** After the schedule's last phase, the run drains (users finish): marked like a phase. */
function withDrain(phases: readonly ChartPhase[], x1: number): ChartPhase[] {
  const last = phases[phases.length - 1];
  return last && last.to < x1 ? [...phases, { name: 'drain', from: last.to, to: x1 }] : [...phases];
}

function minStep(xs: readonly number[]): number {
  let step = Infinity;
  for (let i = 1; i < xs.length; i++) step = Math.min(step, xs[i]! - xs[i - 1]!);
  return Number.isFinite(step) ? step : 1;
}

const r = (v: number) => Math.round(v * 10) / 10;
