/**
 * Seconds a worker should have a stats window for and has none. A worker writes one
 * record per run per second without fail (the ticker catches up after a stall), so a
 * hole is data that was truly lost: records dropped from a full buffer while Redis
 * was away, or never written (a worker killed, or still waiting for Redis when the
 * report was built). The report says so, with the seconds.
 */
export interface WorkerGap {
  workerId: string;
  /** Missing seconds between its first and last window. */
  holes: number[];
  /** Its last window is this many seconds before the run's last one (0: none missing at the end). */
  endsEarlyBy: number;
  lastSecond: number;
}

/**
 * `seconds`: every stored second of the run, per worker. `lost`: workers the
 * controller reported lost (their end is noted by it, not here).
 */
export function findGaps(seconds: ReadonlyMap<string, readonly number[]>, lost: ReadonlySet<string>): WorkerGap[] {
  let runLast = -Infinity;
  for (const s of seconds.values()) for (const x of s) if (x > runLast) runLast = x;
  const gaps: WorkerGap[] = [];
  for (const [workerId, list] of seconds) {
    if (list.length === 0) continue;
    const sorted = [...list].sort((a, b) => a - b);
    const holes: number[] = [];
    for (let i = 1; i < sorted.length; i++) for (let s = sorted[i - 1]! + 1; s < sorted[i]!; s++) holes.push(s);
    const last = sorted[sorted.length - 1]!;
    // Workers stop together (one StopRun) but may close their last window either side of a second's edge.
    const endsEarlyBy = lost.has(workerId) || runLast - last <= 1 ? 0 : runLast - last;
    if (holes.length > 0 || endsEarlyBy > 0) gaps.push({ workerId, holes, endsEarlyBy, lastSecond: last });
  }
  return gaps.sort((a, b) => (a.workerId < b.workerId ? -1 : 1));
}

/** One note per worker with a gap, for the report. */
export function gapNotes(gaps: readonly WorkerGap[]): string[] {
  const iso = (s: number) => new Date(s * 1000).toISOString();
  return gaps.map((g) => {
    const parts: string[] = [];
    if (g.holes.length > 0) parts.push(`no stats for ${g.holes.length} s (${ranges(g.holes, iso)})`);
    if (g.endsEarlyBy > 0)
      parts.push(`its stats end at ${iso(g.lastSecond)}, ${g.endsEarlyBy} s before the run's last second`);
    return `worker ${g.workerId}: ${parts.join('; ')} — records dropped or never written to Redis; the report undercounts those seconds`;
  });
}

/** [3,4,5,9] → "a–c, d" with each second shown by `fmt`. */
function ranges(seconds: readonly number[], fmt: (s: number) => string): string {
  const out: string[] = [];
  let start = seconds[0]!;
  let prev = start;
  const flush = () => out.push(start === prev ? fmt(start) : `${fmt(start)} to ${fmt(prev)}`);
  for (const s of seconds.slice(1)) {
    if (s === prev + 1) {
      prev = s;
      continue;
    }
    flush();
    start = prev = s;
  }
  flush();
  return out.length > 4 ? `${out.slice(0, 4).join(', ')}, …` : out.join(', ');
}
