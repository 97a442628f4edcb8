/**
 * The stats interface the engine records into (implemented by @loadfleet/stats'
 * StatsRecorder). Names are registered once; the hot path uses the returned ids.
 */
export interface Recorder {
  counter(name: string): number;
  gauge(name: string): number;
  histogram(name: string): number;
  add(id: number, n?: number): void;
  set(id: number, value: number): void;
  /** Record a latency in microseconds. */
  record(id: number, micros: number): void;
}
