/** One line of a chart. */
export interface ChartSeries {
  name: string;
  /** One value per x; null leaves a gap. */
  values: readonly (number | null)[];
  color?: string;
  dashed?: boolean;
}

/** A schedule phase, in seconds from the run's start. */
export interface ChartPhase {
  name: string;
  from: number;
  to: number;
}

export interface ChartThreshold {
  value: number;
  label: string;
}

export type ValueFormat = 'count' | 'rate' | 'ms' | 'bytes' | 'pct';

/** What a chart is: everything but the data. */
export interface ChartSpec {
  /** Accessible name; the visible caption is the page's. */
  title: string;
  scale?: 'linear' | 'log';
  format?: ValueFormat;
  thresholds?: readonly ChartThreshold[];
  phases?: readonly ChartPhase[];
  /** Epoch ms of t = 0: the time axis then shows the wall clock under the run's clock. */
  startedAt?: number | null;
  /** How to thin long runs: max keeps latency peaks, mean suits rates. */
  reduce?: 'max' | 'mean';
  shadeLabel?: string;
  width?: number;
  height?: number;
}

export interface ChartData {
  /** Seconds since the start, ascending. */
  xs: readonly number[];
  series: readonly ChartSeries[];
  /** Seconds to shade (same length as xs), e.g. when the generator was saturated. */
  shade?: readonly boolean[];
  /** Phase name at each x, for the hover (optional). */
  phaseAt?: readonly string[];
}
