/**
 * What the console's live stream sends (GET /v1/runs/:id/live?view=console), as the
 * browser reads it. Plain data, no imports: the browser code imports these types too.
 * Latencies in ms; counts per second.
 */

/** p50, p90, p99 in ms. */
export type Percentiles = [number, number, number];

export interface LivePhase {
  name: string;
  /** Seconds from the run's start. */
  from: number;
  to: number;
}

export interface LiveThreshold {
  expr: string;
  unit: 'ms' | 'ratio' | 'count';
  limit: number;
  op: string;
  /** The latency chart it belongs on (a histogram name such as "response.chat"), or null. */
  histogram: string | null;
  abort: boolean;
}

/** `event: meta`, first on every stream: what does not change during the run. */
export interface LiveMeta {
  runId: string;
  name: string;
  state: string;
  /** Epoch ms of the schedule's start. */
  startedAt: number | null;
  totalMs: number;
  loadModel: 'open' | 'closed';
  phases: LivePhase[];
  thresholds: LiveThreshold[];
  /** Seconds per point of the history that follows (1 = every second). */
  historyStep: number;
}

export interface ThresholdState {
  expr: string;
  observed: number | null;
  pass: boolean;
}

export interface WorkerRow {
  id: string;
  host: string;
  /** Users of this run on it. */
  users: number;
  capacity: number;
  /** What bounds its capacity (memory, open files, ports, the setting). */
  limit: string;
  cpu: number;
  loopP99: number;
  saturated: boolean;
  lost: boolean;
}

/**
 * The run's workers: totals every second, and a rotating page of rows, so the
 * stream stays the same size whatever the fleet's size (every worker is shown
 * within count / rows.length seconds).
 */
export interface WorkerDigest {
  count: number;
  lost: number;
  saturated: number;
  users: number;
  capacity: number;
  /** Index of rows[0] in the fleet sorted by id. */
  offset: number;
  rows: WorkerRow[];
}

/** One merged second (`data:` of `event: frame`; the history is an array of these). */
export interface LiveFrame {
  /** Epoch second. */
  s: number;
  /** Seconds since the run's start. */
  t: number;
  phase: string;
  users: number;
  usersTarget: number | null;
  arrivals: number;
  arrivalsTarget: number | null;
  dropped: number;
  msgOut: Record<string, number>;
  msgIn: Record<string, number>;
  /** Per request kind: request -> reply. */
  latency: Record<string, Percentiles>;
  /** Per room event kind: origin send -> received (fan-out). */
  delivery: Record<string, Percentiles>;
  errors: Record<string, number>;
  connOpen: number | null;
  cpu: number | null;
  loopP99: number | null;
  saturated: boolean;
  /** Live frames only: the thresholds on the running totals. */
  thresholds?: ThresholdState[];
  workers?: WorkerDigest;
}

/** `event: end`. */
export interface LiveEnd {
  id: string;
  state: string;
  stopReason: string | null;
}
