import { escapeHtml } from './escape.js';
import { formatClock } from './format.js';

export interface Series {
  name: string;
  /** One value per x; null leaves a gap. */
  values: readonly (number | null)[];
  color?: string;
  dashed?: boolean;
}

export interface LineChartOptions {
  /** Accessible name of the chart (the visible title is the caller's). */
  title: string;
  /** Seconds since the start, ascending. */
  xs: readonly number[];
  series: readonly Series[];
  /** Seconds to shade (same length as xs), e.g. when the generator was saturated. */
  shade?: readonly boolean[];
  shadeLabel?: string;
  yFormat?: (v: number) => string;
  /** How to thin out long runs: max keeps latency peaks visible, mean suits rates. */
  reduce?: 'max' | 'mean';
  width?: number;
  height?: number;
}

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
const MAX_POINTS = 900;
const M = { left: 64, right: 16, top: 12, bottom: 30 };
const LEGEND_ROW = 18;

/** A self-contained SVG line chart: axes, gridlines, legend, time x-axis. */
export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 880;
  const { xs, series, shade } = thin(o);
  const legend = legendLayout(series, width, o.shade?.some(Boolean) ? (o.shadeLabel ?? 'saturated') : undefined);
  const height = (o.height ?? 240) + legend.height;
  const plot = {
    x: M.left,
    y: M.top + legend.height,
    w: width - M.left - M.right,
    h: height - M.top - M.bottom - legend.height,
  };
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const head = `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(o.title)}"><title>${escapeHtml(o.title)}</title>`;
  if (xs.length === 0 || all.length === 0) {
    return `${head}<text x="${width / 2}" y="${height / 2}" class="empty" text-anchor="middle">no data</text></svg>`;
  }
  const x0 = xs[0]!;
  const x1 = Math.max(xs[xs.length - 1]!, x0 + 1);
  const yTicks = niceTicks(Math.max(...all, 0));
  const yMax = yTicks[yTicks.length - 1]!;
  const sx = (x: number) => plot.x + ((x - x0) / (x1 - x0)) * plot.w;
  const sy = (y: number) => plot.y + plot.h - (y / yMax) * plot.h;
  const step = Math.max(minStep(xs), 1);
  const yFormat = o.yFormat ?? shortNumber;
  const parts = [head, legend.svg];
  if (shade) {
    const w = Math.max((plot.w * step) / (x1 - x0), 1);
    xs.forEach((x, i) => {
      if (shade[i])
        parts.push(`<rect class="shade" x="${r(sx(x))}" y="${plot.y}" width="${r(w)}" height="${plot.h}"/>`);
    });
  }
  for (const t of yTicks) {
    parts.push(`<line class="grid" x1="${plot.x}" x2="${plot.x + plot.w}" y1="${r(sy(t))}" y2="${r(sy(t))}"/>`);
    parts.push(
      `<text class="tick" x="${plot.x - 6}" y="${r(sy(t) + 4)}" text-anchor="end">${escapeHtml(yFormat(t))}</text>`,
    );
  }
  for (const t of timeTicks(x0, x1)) {
    parts.push(`<line class="grid" x1="${r(sx(t))}" x2="${r(sx(t))}" y1="${plot.y}" y2="${plot.y + plot.h}"/>`);
    parts.push(
      `<text class="tick" x="${r(sx(t))}" y="${plot.y + plot.h + 18}" text-anchor="middle">${formatClock(t)}</text>`,
    );
  }
  parts.push(`<path class="axis" d="M${plot.x} ${plot.y}V${plot.y + plot.h}H${plot.x + plot.w}"/>`);
  series.forEach((s, i) => parts.push(seriesPath(s, i, xs, step, sx, sy)));
  parts.push('</svg>');
  return parts.join('');
}

function seriesPath(
  s: Series,
  i: number,
  xs: readonly number[],
  step: number,
  sx: (x: number) => number,
  sy: (y: number) => number,
): string {
  const color = s.color ?? PALETTE[i % PALETTE.length]!;
  let d = '';
  let dots = '';
  let pen = false;
  s.values.forEach((v, j) => {
    const ok = v !== null && Number.isFinite(v);
    // A missing second breaks the line instead of drawing across the gap.
    const gap = j > 0 && xs[j]! - xs[j - 1]! > step * 1.5;
    if (!ok) {
      pen = false;
      return;
    }
    d += `${pen && !gap ? 'L' : 'M'}${r(sx(xs[j]!))} ${r(sy(v))}`;
    const alone = (j === 0 || !pen || gap) && (j === s.values.length - 1 || s.values[j + 1] === null);
    if (alone) dots += `<circle cx="${r(sx(xs[j]!))}" cy="${r(sy(v))}" r="2.5" fill="${color}"/>`;
    pen = true;
  });
  const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
  return `<path class="line" d="${d}" stroke="${color}"${dash}><title>${escapeHtml(s.name)}</title></path>${dots}`;
}

function legendLayout(
  series: readonly Series[],
  width: number,
  shadeLabel: string | undefined,
): { svg: string; height: number } {
  const items = series.map((s, i) => ({ name: s.name, color: s.color ?? PALETTE[i % PALETTE.length]!, shade: false }));
  if (shadeLabel !== undefined) items.push({ name: shadeLabel, color: '', shade: true });
  let x = M.left;
  let row = 0;
  const parts: string[] = [];
  for (const item of items) {
    const w = 22 + item.name.length * 7 + 16;
    if (x + w > width - M.right && x > M.left) {
      x = M.left;
      row++;
    }
    const y = M.top + row * LEGEND_ROW;
    const swatch = item.shade
      ? `<rect class="shade" x="${x}" y="${y - 8}" width="16" height="10"/>`
      : `<line x1="${x}" x2="${x + 16}" y1="${y - 3}" y2="${y - 3}" stroke="${item.color}" stroke-width="2.5"/>`;
    parts.push(`${swatch}<text class="legend" x="${x + 22}" y="${y + 1}">${escapeHtml(item.name)}</text>`);
    x += w;
  }
  return { svg: parts.join(''), height: items.length === 0 ? 0 : (row + 1) * LEGEND_ROW + 4 };
}

/** Long runs are bucketed to at most MAX_POINTS points per series. */
function thin(o: LineChartOptions): {
  xs: readonly number[];
  series: readonly Series[];
  shade: readonly boolean[] | undefined;
} {
  const n = o.xs.length;
  if (n <= MAX_POINTS) return { xs: o.xs, series: o.series, shade: o.shade };
  const size = Math.ceil(n / MAX_POINTS);
  const buckets = Array.from(
    { length: Math.ceil(n / size) },
    (_, b) => [b * size, Math.min(n, (b + 1) * size)] as const,
  );
  const fold = (values: readonly (number | null)[]) =>
    buckets.map(([a, b]) => {
      const vs = values.slice(a, b).filter((v): v is number => v !== null);
      if (vs.length === 0) return null;
      return o.reduce === 'max' ? Math.max(...vs) : vs.reduce((s, v) => s + v, 0) / vs.length;
    });
  return {
    xs: buckets.map(([a]) => o.xs[a]!),
    series: o.series.map((s) => ({ ...s, values: fold(s.values) })),
    shade: o.shade && buckets.map(([a, b]) => o.shade!.slice(a, b).some(Boolean)),
  };
}

function minStep(xs: readonly number[]): number {
  let step = Infinity;
  for (let i = 1; i < xs.length; i++) step = Math.min(step, xs[i]! - xs[i - 1]!);
  return Number.isFinite(step) ? step : 1;
}

/** 0 and 4-6 round steps up to at least max. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = 0; t < max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400];

function timeTicks(x0: number, x1: number): number[] {
  const step = TIME_STEPS.find((s) => (x1 - x0) / s <= 10) ?? 86400;
  const out: number[] = [];
  for (let t = Math.ceil(x0 / step) * step; t <= x1; t += step) out.push(t);
  return out;
}

function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  return String(+v.toFixed(3));
}

const r = (v: number) => Math.round(v * 10) / 10;
