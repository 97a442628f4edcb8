import type { Histogram } from './histogram.js';

/**
 * What happened in one second (or, for totals, in a whole run). Counters and
 * non-empty histograms only; a missing counter is 0. Windows handed out by this
 * lib are frozen: merge into an `emptyWindow()` instead of changing them.
 */
export interface StatsWindow {
  /** Epoch seconds the window closes (the label passed to rotate()). */
  readonly second: number;
  readonly counters: Readonly<Record<string, number>>;
  readonly gauges: Readonly<Record<string, number>>;
  /** Microsecond HDR histograms. */
  readonly histograms: Readonly<Record<string, Histogram>>;
  /** How many recorders' windows were merged into this one. */
  readonly sources: number;
}

export interface MutableStatsWindow {
  second: number;
  counters: Record<string, number>;
  gauges: Record<string, number>;
  histograms: Record<string, Histogram>;
  sources: number;
}

/**
 * Records without a prototype: names come partly from user input (transaction
 * names, decoded bytes), and "__proto__" must stay an ordinary key.
 */
export function newRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function emptyWindow(second: number, sources = 0): MutableStatsWindow {
  return { second, counters: newRecord(), gauges: newRecord(), histograms: newRecord(), sources };
}

export function freezeWindow(w: MutableStatsWindow): StatsWindow {
  Object.freeze(w.counters);
  Object.freeze(w.gauges);
  Object.freeze(w.histograms);
  return Object.freeze(w);
}

/** The sum of every counter whose name starts with prefix ("errors." sums all error kinds). */
export function sumCounters(w: Pick<StatsWindow, 'counters'>, prefix: string): number {
  let sum = 0;
  for (const name in w.counters) {
    if (name.startsWith(prefix)) sum += w.counters[name]!;
  }
  return sum;
}

/** Counters under prefix, keyed by the rest of the name: "msg.out." → { chat: 3, login: 1 }. */
export function countersByKind(w: Pick<StatsWindow, 'counters'>, prefix: string): Record<string, number> {
  const out = newRecord<number>();
  for (const name in w.counters) {
    if (name.startsWith(prefix)) out[name.slice(prefix.length)] = w.counters[name]!;
  }
  return out;
}
