/**
 * Durations as a scenario and every setting (--flag, LOADFLEET_*) write them, the
 * one parser for both: `500ms`, `5s`, `2m`, `1h`, `1d`, compounds such as
 * `1m30s`, or a number of milliseconds.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const BARE_MS = /^\d+(?:\.\d+)?$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

export const MS_PER_DAY = UNIT_MS.d!;
/** No duration in a scenario may be longer than this. */
export const MAX_DURATION_MS = 7 * MS_PER_DAY;

export const DURATION_EXAMPLES = 'a duration like 500ms, 5s, 2m, 1h (or a number of ms)';

/** Milliseconds, or undefined when the value is not a duration. Negative numbers pass: ranges are checked by callers. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (BARE_MS.test(s)) return Number(s);
  if (!WHOLE.test(s)) return undefined;
  let ms = 0;
  for (const m of s.matchAll(PART)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms;
}

/** Milliseconds -> the shortest readable form: 90000 -> "1m30s", 1500 -> "1.5s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0ms';
  if (ms < 1_000 || !Number.isInteger(ms)) return ms < 1_000 ? `${ms}ms` : `${ms / 1_000}s`;
  let rest = ms;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const n = Math.floor(rest / UNIT_MS[unit]!);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * UNIT_MS[unit]!;
    }
  }
  return out;
}
