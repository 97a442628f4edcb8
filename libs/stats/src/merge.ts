import { addInto, copyHistogram } from './histogram.js';
import { HEALTH_PREFIX } from './names.js';
import { emptyWindow, freezeWindow, type MutableStatsWindow, type StatsWindow } from './window.js';

/**
 * Adds w into target, both describing the same second: counters add, histograms
 * add bucket by bucket (exact; percentiles are never averaged), gauges add (they
 * are per-worker shares of one value) except health gauges, which take the max
 * (the worst worker is the one that matters). The target keeps its own second.
 */
export function mergeInto(target: MutableStatsWindow, w: StatsWindow): MutableStatsWindow {
  for (const name in w.counters) {
    target.counters[name] = (target.counters[name] ?? 0) + w.counters[name]!;
  }
  for (const name in w.gauges) {
    const value = w.gauges[name]!;
    const prev = target.gauges[name];
    if (prev === undefined) target.gauges[name] = value;
    else target.gauges[name] = name.startsWith(HEALTH_PREFIX) ? Math.max(prev, value) : prev + value;
  }
  for (const name in w.histograms) {
    const h = w.histograms[name]!;
    const mine = target.histograms[name];
    if (mine === undefined) target.histograms[name] = copyHistogram(h);
    else addInto(mine, h);
  }
  target.sources += w.sources;
  return target;
}

/** A new frozen window: a and b merged as windows of the same second (labelled a's second). */
export function mergeWindows(a: StatsWindow, b: StatsWindow): StatsWindow {
  const out = emptyWindow(a.second);
  mergeInto(out, a);
  mergeInto(out, b);
  return freezeWindow(out);
}

/** A frozen deep copy (histograms copied to 64-bit counts). */
export function copyWindow(w: StatsWindow): StatsWindow {
  return freezeWindow(mergeInto(emptyWindow(w.second), w));
}
