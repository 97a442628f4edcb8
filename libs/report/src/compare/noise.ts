/**
 * The statistics behind "is this change larger than the runs' own noise": a
 * two-sided Mann-Whitney U test over per-second samples (no assumption about
 * their distribution, robust to a few wild seconds) and the spread (IQR) of
 * each run's per-second samples.
 */

/** Two-sided p-value of the Mann-Whitney U test (normal approximation, tie and continuity corrected). 1 when either side is empty. */
export function mannWhitneyP(a: readonly number[], b: readonly number[]): number {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return 1;
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const n = all.length;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j + 2) / 2; // mean of ranks i+1 .. j+1
    const size = j - i + 1;
    tieTerm += size ** 3 - size;
    for (let k = i; k <= j; k++) if (all[k]!.g === 0) rankSumA += rank;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return 1;
  const z = Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * normalTail(z));
}

/** P(Z > z) for a standard normal Z (Abramowitz-Stegun 26.2.17, error < 7.5e-8). */
export function normalTail(z: number): number {
  if (z < 0) return 1 - normalTail(-z);
  const t = 1 / (1 + 0.2316419 * z);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
}

/** The q-quantile (0..1) of the samples, linear between order statistics; NaN when empty. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((x, y) => x - y);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Interquartile range of the samples (0 with fewer than 2). */
export function iqr(samples: readonly number[]): number {
  return samples.length < 2 ? 0 : quantile(samples, 0.75) - quantile(samples, 0.25);
}
