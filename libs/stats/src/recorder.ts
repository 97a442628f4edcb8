import type { JsHistogram } from 'hdr-histogram-js';
import { StatsError } from './errors.js';
import { clampMicros, copyHistogram, newRecordingHistogram, recordInto } from './histogram.js';
import { emptyWindow, freezeWindow, type StatsWindow } from './window.js';

type Kind = 'counter' | 'gauge' | 'histogram';

/** One side of the double buffer: counters and histograms of the second being recorded. */
interface Buffer {
  counters: Float64Array;
  histograms: JsHistogram[];
}

/**
 * Records one process's stats. Names are registered once, at configuration time,
 * and give numeric ids; the hot-path calls index preallocated arrays and allocate
 * nothing. rotate() is called by the owner once a second (the clock lives outside,
 * so tests run in virtual time): it swaps the two buffers, snapshots the closed one
 * and resets it for reuse, as HdrHistogram's Recorder does.
 */
export class StatsRecorder {
  private readonly ids = new Map<string, { kind: Kind; id: number }>();
  private readonly counterNames: string[] = [];
  private readonly gaugeNames: string[] = [];
  private readonly histogramNames: string[] = [];
  private active: Buffer = { counters: new Float64Array(16), histograms: [] };
  private idle: Buffer = { counters: new Float64Array(16), histograms: [] };
  // Gauges hold a value until it changes: they are not per second, so not double-buffered.
  private gaugeValues = new Float64Array(16);
  private gaugeSet = new Uint8Array(16);
  // Kept so the hot path reads one field, not active.counters.
  private counters = this.active.counters;
  private histograms = this.active.histograms;

  counter(name: string): number {
    return this.register(name, 'counter', this.counterNames, () => {
      this.active.counters = grow(this.active.counters, this.counterNames.length);
      this.idle.counters = grow(this.idle.counters, this.counterNames.length);
      this.counters = this.active.counters;
    });
  }

  gauge(name: string): number {
    return this.register(name, 'gauge', this.gaugeNames, () => {
      this.gaugeValues = grow(this.gaugeValues, this.gaugeNames.length);
      this.gaugeSet = grow(this.gaugeSet, this.gaugeNames.length);
    });
  }

  histogram(name: string): number {
    return this.register(name, 'histogram', this.histogramNames, () => {
      this.active.histograms.push(newRecordingHistogram());
      this.idle.histograms.push(newRecordingHistogram());
    });
  }

  add(id: number, n = 1): void {
    this.counters[id]! += n;
  }

  set(id: number, value: number): void {
    this.gaugeValues[id] = value;
    this.gaugeSet[id] = 1;
  }

  /** Records a latency in integer µs, clamped to [0, 1 h]; never throws. */
  record(id: number, micros: number): void {
    recordInto(this.histograms[id]!, clampMicros(micros));
  }

  /** Closes the current window, labelled with the epoch second it covers ([second, second+1)), and starts the next. */
  rotate(second: number): StatsWindow {
    const closed = this.active;
    this.active = this.idle;
    this.idle = closed;
    this.counters = this.active.counters;
    this.histograms = this.active.histograms;

    const w = emptyWindow(second, 1);
    for (let i = 0; i < this.counterNames.length; i++) {
      if (closed.counters[i] !== 0) w.counters[this.counterNames[i]!] = closed.counters[i]!;
    }
    closed.counters.fill(0);
    for (let i = 0; i < this.gaugeNames.length; i++) {
      if (this.gaugeSet[i] === 1) w.gauges[this.gaugeNames[i]!] = this.gaugeValues[i]!;
    }
    for (let i = 0; i < this.histogramNames.length; i++) {
      const h = closed.histograms[i]!;
      if (h.totalCount === 0) continue;
      w.histograms[this.histogramNames[i]!] = copyHistogram(h);
      h.reset();
    }
    return freezeWindow(w);
  }

  private register(name: string, kind: Kind, names: string[], allocate: () => void): number {
    const known = this.ids.get(name);
    if (known !== undefined) {
      if (known.kind !== kind) {
        throw new StatsError('LF_ERR_STATS_NAME', `"${name}" is already registered as a ${known.kind}`);
      }
      return known.id;
    }
    const id = names.length;
    names.push(name);
    this.ids.set(name, { kind, id });
    allocate();
    return id;
  }
}

function grow<T extends Float64Array | Uint8Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
