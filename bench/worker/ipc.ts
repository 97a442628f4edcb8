// The answers of the load clients (generator.ts and the bare clients) to the IPC
// commands of phases.ts, as phases.ts reads them.
import type { HistogramSummary } from '@loadfleet/stats';

/** process.memoryUsage() and the young generation's resident pages (up to ~32 MiB that V8 keeps once grown). */
export interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  youngResident: number;
}

/** Garbage collections since the last mark. */
export interface GcCounts {
  minor: number;
  major: number;
  ms: number;
}

/** Counters by name: the engine's (generator.ts) or bare-common.ts's (whose status also carries connectErrors). */
export type CounterMap = Record<string, number>;

export interface WarmupAnswer {
  loggedIn: number;
  memory: Memory;
}

export interface StatusAnswer {
  active: number;
  open: number;
  /** generator.ts: the arrival schedule has ended. */
  sourceDone?: boolean;
  counters: CounterMap;
  memory: Memory;
}

/** The answer to `mark`: figures since the last mark. */
export interface MarkAnswer {
  wallMs: number;
  cpuUserS: number;
  cpuSystemS: number;
  counters: CounterMap;
  /** generator.ts: the health gauges. */
  health?: Record<string, number>;
  latency: Record<string, HistogramSummary | undefined>;
  active: number;
  open: number;
  memory: Memory;
  gc: GcCounts;
}

export interface GcAnswer {
  memory: Memory;
}
