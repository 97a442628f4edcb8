/** Small formatters shared by the summary, the HTML report and the CLI's live line. */

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Milliseconds with 3 decimals below 100 ms, 2 above: latencies keep their microseconds. */
export function formatMs(ms: number | null, unit = true): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const text = ms.toFixed(Math.abs(ms) < 100 ? 3 : 2);
  return unit ? `${text}ms` : text;
}

/** 1234567 → "1,234,567"; fractions keep up to 2 decimals. */
export function formatCount(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  return counts.format(n);
}

/** Decimal units (kB, MB, GB), as k6 shows data sent and received. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return i === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[i]}`;
}

/** A fraction as a percentage: 0.01234 → "1.23%". */
export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return '—';
  const pct = fraction * 100;
  return `${pct.toFixed(pct !== 0 && Math.abs(pct) < 0.1 ? 3 : 2)}%`;
}

/** 83_000 → "1m23s"; 950 → "950ms". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  let s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

/** Seconds since the start as a clock: 75 → "1:15", 3725 → "1:02:05". */
export function formatClock(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(Math.round(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${ss}` : `${sign}${m}:${ss}`;
}
