/** A y scale: value -> pixel, and the ticks to label. */
export interface YScale {
  kind: 'linear' | 'log';
  min: number;
  max: number;
  ticks: number[];
  /** Unlabelled grid lines (log: 2× and 5× each decade). */
  minor: number[];
  /** 0..1 from the bottom; null for a value the scale cannot show (≤ 0 on a log scale). */
  at(v: number): number | null;
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

export function linearScale(values: readonly number[]): YScale {
  const ticks = niceTicks(Math.max(0, ...values));
  const max = ticks[ticks.length - 1]!;
  return { kind: 'linear', min: 0, max, ticks, minor: [], at: (v) => v / max };
}

/**
 * Whole decades around the positive values, so that p50 and p99 an order of
 * magnitude apart both stay readable (on a linear scale the tail flattens the rest).
 */
export function logScale(values: readonly number[]): YScale {
  const pos = values.filter((v) => v > 0);
  let lo = pos.length ? Math.floor(Math.log10(Math.min(...pos))) : 0;
  let hi = pos.length ? Math.ceil(Math.log10(Math.max(...pos))) : 1;
  if (hi <= lo) hi = lo + 1;
  // A dozen decades of labels would crowd the axis: keep the top ones.
  if (hi - lo > 8) lo = hi - 8;
  const ticks: number[] = [];
  const minor: number[] = [];
  for (let d = lo; d <= hi; d++) {
    ticks.push(Number((10 ** d).toPrecision(12)));
    if (d < hi) for (const m of [2, 5]) minor.push(Number((m * 10 ** d).toPrecision(12)));
  }
  const span = hi - lo;
  return {
    kind: 'log',
    min: 10 ** lo,
    max: 10 ** hi,
    ticks,
    minor,
    at: (v) => (v > 0 ? Math.max(-0.02, (Math.log10(v) - lo) / span) : null),
  };
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400];

/** Round time ticks (seconds from the start), at most about `most` of them. */
export function timeTicks(x0: number, x1: number, most = 8): number[] {
  const step = TIME_STEPS.find((s) => (x1 - x0) / s <= most) ?? 86400;
  const out: number[] = [];
  for (let t = Math.ceil(x0 / step) * step; t <= x1; t += step) out.push(t);
  return out;
}
