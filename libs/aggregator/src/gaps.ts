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
  /** The controller declared it lost: its stats stop at `lastSecond`; the second after it, at least, never came. */
  lost?: true;
}

/**
 * `seconds`: every stored second of the run, per worker. `lost`: workers the
 * controller reported lost: the controller's note says when and what died with them;
 * this one names the second of stats they took with them (the one after their last
 * stored window, open when they died), as docs/FARM.md promises.
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
    const isLost = lost.has(workerId);
    const endsEarlyBy = isLost || runLast - last <= 1 ? 0 : runLast - last;
    // A lost worker whose windows reach the run's last second took no stats with it.
    if (isLost && last < runLast) gaps.push({ workerId, holes, endsEarlyBy, lastSecond: last, lost: true });
    else if (isLost && holes.length > 0) gaps.push({ workerId, holes, endsEarlyBy, lastSecond: last });
    else if (holes.length > 0 || endsEarlyBy > 0) gaps.push({ workerId, holes, endsEarlyBy, lastSecond: last });
  }
  return gaps.sort((a, b) => (a.workerId < b.workerId ? -1 : 1));
}

/** One note per worker with a gap, for the report. */
export function gapNotes(gaps: readonly WorkerGap[]): string[] {
  const iso = (s: number) => new Date(s * 1000).toISOString();
  return gaps.map((g) => {
    if (g.lost) {
      const holes =
        g.holes.length > 0 ? `; no stats for ${g.holes.length} s before that (${ranges(g.holes, iso)})` : '';
      return (
        `worker ${g.workerId} (lost): its stats end with the second from ${iso(g.lastSecond)}; its last second of ` +
        `stats, from ${iso(g.lastSecond + 1)} until it was lost, never reached Redis and is missing from this report${holes}`
      );
    }
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
