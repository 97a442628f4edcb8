import { decodeWindow, emptyWindow, freezeWindow, mergeInto, type StatsWindow } from '@loadfleet/stats';

/** One second's windows merged exactly across workers, and what could not be read. */
export interface MergedSecond {
  window: StatsWindow;
  /** Workers whose windows were merged. */
  sources: number;
  /** Worker ids whose stored bytes are not a window (skipped). */
  bad: string[];
}

/** Merges the stored windows of one second (worker id -> encodeWindow bytes). */
export function mergeStored(second: number, windows: ReadonlyMap<string, Uint8Array>): MergedSecond {
  const out = emptyWindow(second);
  const bad: string[] = [];
  let sources = 0;
  for (const [workerId, bytes] of windows) {
    let w: StatsWindow;
    try {
      w = decodeWindow(bytes);
    } catch {
      bad.push(workerId);
      continue;
    }
    mergeInto(out, w);
    sources++;
  }
  out.sources = sources;
  return { window: freezeWindow(out), sources, bad };
}
