import type { ValueFormat } from './types.js';

/** Axis labels: short. */
export function shortValue(v: number, f: ValueFormat = 'count'): string {
  switch (f) {
    case 'ms':
      if (v >= 1000) return `${trim(v / 1000)} s`;
      if (v >= 1) return `${trim(v)} ms`;
      return `${trim(v * 1000)} µs`;
    case 'bytes':
      return `${si(v)}B`;
    case 'pct':
      return `${trim(v)} %`;
    default:
      return si(v);
  }
}

/** Hover values: exact enough to read (latencies to the µs). */
export function fullValue(v: number | null, f: ValueFormat = 'count'): string {
  if (v === null || !Number.isFinite(v)) return '—';
  switch (f) {
    case 'ms':
      return `${v.toFixed(v < 100 ? 3 : 1)} ms`;
    case 'bytes':
      return `${si(v)}B`;
    case 'pct':
      return `${v.toFixed(1)} %`;
    case 'rate':
      return `${group(v)}/s`;
    default:
      return group(v);
  }
}

/** Seconds since the start as a clock: 75 → "1:15". */
export function clock(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(Math.round(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${ss}` : `${sign}${m}:${ss}`;
}

/** Epoch ms as the UTC wall clock, HH:MM:SS (reports are read in many time zones; UTC is said). */
export function wallClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function si(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${trim(v / 1e9)}G`;
  if (a >= 1e6) return `${trim(v / 1e6)}M`;
  if (a >= 1e4) return `${trim(v / 1e3)}k`;
  return trim(v);
}

function group(v: number): string {
  const r = Math.round(v * 100) / 100;
  const [int, frac] = String(r).split('.');
  const g = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${g}.${frac}` : g;
}

function trim(v: number): string {
  return String(+v.toPrecision(3));
}
