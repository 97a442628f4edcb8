import { StatsError } from './errors.js';
import { addInto, copyHistogram } from './histogram.js';
import { mergeInto, copyWindow } from './merge.js';
import { HEALTH_PREFIX } from './names.js';
import { histogramSummary, type HistogramSummary } from './summary.js';
import { emptyWindow, freezeWindow, newRecord, type MutableStatsWindow, type StatsWindow } from './window.js';
import { decodeWindow, encodeWindow } from './window-codec.js';

/** One merged second as the report reads it: latency already summarized. */
export interface TimelineSecond {
  readonly second: number;
  /** Distinct sources (workers) that reported this second. */
  readonly sources: number;
  readonly counters: Readonly<Record<string, number>>;
  readonly gauges: Readonly<Record<string, number>>;
  readonly latency: Readonly<Record<string, HistogramSummary>>;
}

export interface TimelineOptions {
  /**
   * Seconds behind the newest one kept as live histograms, for windows that arrive
   * late. Older seconds are sealed: encoded (~2 kB a histogram instead of 190 kB) with
   * their summary cached. A late window still merges exactly into a sealed second.
   */
  openSeconds?: number;
}

interface Slot {
  readonly second: number;
  readonly sources: Set<string>;
  window: MutableStatsWindow | undefined;
  sealed: Uint8Array | undefined;
  row: TimelineSecond | undefined;
}

/** Windows from many sources merged by second, plus running totals over the run. */
export class Timeline {
  private readonly slots = new Map<number, Slot>();
  private readonly open = new Set<Slot>();
  private readonly openSeconds: number;
  private readonly running = emptyWindow(0);
  private readonly healthMax = newRecord<number>();
  private readonly sourceIds = new Set<string>();
  private newest = -1;
  private sortedSeconds: number[] | undefined;
  private cachedTotals: StatsWindow | undefined;

  constructor(options: TimelineOptions = {}) {
    this.openSeconds = options.openSeconds ?? 5;
  }

  /** Merges w under its second. A repeat of (source, second) is ignored: returns false. */
  add(source: string, w: StatsWindow): boolean {
    const second = w.second;
    if (!Number.isInteger(second) || second < 0 || second > 0xffffffff) {
      throw new StatsError('LF_ERR_STATS_SECOND', `window second ${second} is not an integer in 0..2^32-1`);
    }
    const slot = this.slotFor(second);
    if (slot.sources.has(source)) return false;
    slot.sources.add(source);
    mergeInto(this.liveWindow(slot), w);
    slot.row = undefined;
    this.addToRunning(w);
    this.sourceIds.add(source);
    this.cachedTotals = undefined;
    if (second > this.newest) this.newest = second;
    this.sealOld();
    return true;
  }

  has(source: string, second: number): boolean {
    return this.slots.get(second)?.sources.has(source) ?? false;
  }

  /** Seconds that have data, ascending. */
  seconds(): readonly number[] {
    this.sortedSeconds ??= [...this.slots.keys()].sort((a, b) => a - b);
    return this.sortedSeconds;
  }

  /** The exact merged window of one second (a copy). */
  window(second: number): StatsWindow | undefined {
    const slot = this.slots.get(second);
    if (slot === undefined) return undefined;
    return slot.sealed !== undefined ? decodeWindow(slot.sealed) : copyWindow(slot.window!);
  }

  row(second: number): TimelineSecond | undefined {
    const slot = this.slots.get(second);
    if (slot === undefined) return undefined;
    slot.row ??= summarize(slot.window!, slot.sources.size);
    return slot.row;
  }

  rows(): TimelineSecond[] {
    return this.seconds().map((s) => this.row(s)!);
  }

  /**
   * The whole run: counters and histograms summed over every second; gauges as in
   * the last second, except health gauges, which keep their worst value of the run.
   * Labelled with the newest second; `sources` counts distinct sources.
   */
  totals(): StatsWindow {
    if (this.cachedTotals !== undefined) return this.cachedTotals;
    const t = emptyWindow(Math.max(this.newest, 0), this.sourceIds.size);
    Object.assign(t.counters, this.running.counters);
    for (const name in this.running.histograms) t.histograms[name] = copyHistogram(this.running.histograms[name]!);
    const lastGauges = this.newest >= 0 ? this.row(this.newest)!.gauges : {};
    for (const name in lastGauges) if (!name.startsWith(HEALTH_PREFIX)) t.gauges[name] = lastGauges[name]!;
    Object.assign(t.gauges, this.healthMax);
    this.cachedTotals = freezeWindow(t);
    return this.cachedTotals;
  }

  private slotFor(second: number): Slot {
    let slot = this.slots.get(second);
    if (slot === undefined) {
      slot = { second, sources: new Set(), window: emptyWindow(second), sealed: undefined, row: undefined };
      this.slots.set(second, slot);
      this.open.add(slot);
      this.sortedSeconds = undefined;
    }
    return slot;
  }

  private liveWindow(slot: Slot): MutableStatsWindow {
    if (slot.sealed !== undefined) {
      slot.window = mergeInto(emptyWindow(slot.second), decodeWindow(slot.sealed));
      slot.sealed = undefined;
      this.open.add(slot);
    }
    return slot.window!;
  }

  private addToRunning(w: StatsWindow): void {
    const run = this.running;
    for (const name in w.counters) run.counters[name] = (run.counters[name] ?? 0) + w.counters[name]!;
    for (const name in w.histograms) {
      const mine = run.histograms[name];
      if (mine === undefined) run.histograms[name] = copyHistogram(w.histograms[name]!);
      else addInto(mine, w.histograms[name]!);
    }
    for (const name in w.gauges) {
      if (name.startsWith(HEALTH_PREFIX))
        this.healthMax[name] = Math.max(this.healthMax[name] ?? -Infinity, w.gauges[name]!);
    }
  }

  private sealOld(): void {
    const horizon = this.newest - this.openSeconds;
    for (const slot of this.open) {
      if (slot.second > horizon) continue;
      slot.row ??= summarize(slot.window!, slot.sources.size);
      slot.sealed = encodeWindow(slot.window!);
      slot.window = undefined;
      this.open.delete(slot);
    }
  }
}

/** One window as a row: counters and gauges copied, each histogram summarized (the window is not kept). */
export function summarizeWindow(w: StatsWindow, sources: number): TimelineSecond {
  return summarize(w, sources);
}

function summarize(w: StatsWindow, sources: number): TimelineSecond {
  const latency = newRecord<HistogramSummary>();
  for (const name in w.histograms) latency[name] = Object.freeze(histogramSummary(w.histograms[name]!));
  return Object.freeze({
    second: w.second,
    sources,
    counters: Object.freeze(Object.assign(newRecord<number>(), w.counters)),
    gauges: Object.freeze(Object.assign(newRecord<number>(), w.gauges)),
    latency: Object.freeze(latency),
  });
}
