import type { Plan, Threshold, ThresholdMetric } from '@loadfleet/scenario';
import type { Timeline } from '@loadfleet/stats';
import type { MonitorCapture, MonitorEndpointStatus } from '@loadfleet/runtime';

export const REPORT_SCHEMA_VERSION = 1;

/** How a run ended: done (ran to the end), stopped (by a user), aborted (by an abort threshold), failed. */
export type RunOutcome = 'done' | 'stopped' | 'aborted' | 'failed';

/** A worker that took part in a run: RunEnded's WorkerInfo, the run record's and the report's. */
export interface WorkerInfo {
  id: string;
  host: string;
  users: number;
  /** Set (true) when the worker was lost during the run. */
  lost?: boolean;
}

export interface ReportInput {
  runId: string;
  plan: Plan;
  /** done: ran to the end; stopped: stopped by a user; aborted: by an abort threshold; failed: the run broke. */
  state: RunOutcome;
  stopReason?: string;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  timeline: Timeline;
  workers?: WorkerInfo[];
  notes?: string[];
  /** What the scenario's monitor endpoints gave during the run (none: the scenario lists none). */
  monitor?: MonitorCapture | null;
  /** The baseline run's report, for thresholds relative to it (`< baseline * 1.10`); none: they say "no baseline yet". */
  baseline?: Report | null;
}

/** report.json; docs/REPORT.md describes every field. Latencies in ms, exact to the µs. */
export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  run: RunMeta;
  verdict: 'pass' | 'fail';
  exitCode: number;
  thresholds: ThresholdResult[];
  totals: Totals;
  arrivals: ArrivalSummary;
  latency: LatencyRow[];
  health: HealthSummary;
  timeline: TimelineRow[];
  /** Every latency histogram of the run, merged exactly over the run, HDR-encoded: compare reads percentiles from these. */
  histograms: Record<string, EncodedHistogram>;
  /** The system under test's own metrics, scraped every second (null when the scenario lists no monitor endpoints). */
  monitor: MonitorReport | null;
  warnings: string[];
  notes: string[];
}

export interface MonitorReport {
  endpoints: MonitorEndpointStatus[];
  /** `NAME.metric` (as scraped, summed over labels) and `NAME.metric:rate` (a counter per second), points on the timeline's seconds. */
  series: Record<string, MonitorReportSeries>;
}

export interface MonitorReportSeries {
  endpoint: string;
  metric: string;
  kind: 'value' | 'rate';
  /** `second`: epoch second of the scrape, as in timeline[].second; `t`: seconds since the run's start second. */
  points: { second: number; t: number; value: number }[];
}

/** A histogram as report.json carries it: HdrHistogram V2 compressed (base64), µs, with its exact extremes. */
export interface EncodedHistogram {
  hdr: string;
  maxUs: number;
  minNonZeroUs: number;
}

export interface RunMeta {
  id: string;
  scenario: string;
  sourceHash: string;
  state: RunOutcome;
  stopReason: string | null;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  loadModel: 'open' | 'closed';
  targets: string[];
  workers: WorkerInfo[];
  /** The schedule's phases, in seconds from the start. */
  phases: { name: string; from: number; to: number }[];
  /** The scenario as it was submitted (null when the plan did not keep it). */
  scenarioText: string | null;
  /** The run relative thresholds were measured against; null when there was none. */
  baselineId: string | null;
}

export interface Totals {
  users: { started: number; finished: number; failed: number; dropped: number; loggedIn: number; peakActive: number };
  connections: {
    attempted: number;
    established: number;
    failed: number;
    failedByReason: Record<string, number>;
    closedByReason: Record<string, number>;
    peakOpen: number;
  };
  messages: {
    outTotal: number;
    inTotal: number;
    out: Record<string, number>;
    in: Record<string, number>;
    events: Record<string, number>;
    /** By kind: messages a user went to write into a connection already closing (never sent; not in `out`). */
    notSent: Record<string, number>;
  };
  /**
   * What became of the requests of each kind that has a reply: sent = answered +
   * timedOut + unansweredAtClose + unaccounted (requestEquation states it).
   */
  requests: Record<string, RequestOutcomes>;
  bytes: { out: number; in: number };
  errors: { total: number; byKind: Record<string, number> };
  /** Every counter of the run under its stats name, for anything not broken out above. */
  counters: Record<string, number>;
}

export interface RequestOutcomes {
  /** msg.out.<kind>: written to an open connection. */
  sent: number;
  /** A reply (or an error reply) matched it. */
  answered: number;
  /** Given up on after the request timeout (a reply after that is only counted in messages.in). */
  timedOut: number;
  /** Still unanswered when its user's connection closed: by the peer, an error, the user, or the run's end. */
  unansweredAtClose: number;
  /**
   * sent − the three: requests whose end no stats record holds — in flight when a
   * worker's stats stopped (a worker lost, its last records with it), or sent in
   * seconds whose records were dropped (negative then). 0 when every worker's
   * records reached the end.
   */
  unaccounted: number;
}

export interface LatencyRow {
  name: string;
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export interface ArrivalSummary {
  /** Arrivals the schedule asked for over the run (open model); null when it sets no rate. */
  target: number | null;
  /** users.started */
  achieved: number;
  dropped: number;
  /** achieved / target; null without a target. */
  ratio: number | null;
  /** How the open model spaces arrivals; null for the closed model. */
  spacing: 'uniform' | 'poisson' | null;
  /** The realised schedule: arrivals the schedule drew and issued (started + dropped). */
  drawn: number;
  /**
   * How far below the target chance alone can put the count: 3σ of a Poisson count
   * (σ = √target) for Poisson arrivals, 0 for uniform ones (their count is exact).
   */
  chanceBand: number;
}

export interface HealthSummary {
  secondsSaturated: number;
  /** Offsets from the start (s) of the saturated seconds. */
  saturatedSeconds: number[];
  loopDelayP99MaxMs: number | null;
  loopDelayMaxMs: number | null;
  cpuPctMax: number | null;
  rssBytesMax: number | null;
  /** p99 of how late user starts were over the whole run, ms. */
  startLatenessP99Ms: number | null;
  limits: { loopDelayP99Ms: number; startLatenessP99Ms: number };
  warning: string | null;
}

export interface LatencyPoint {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export interface TimelineRow {
  /** Epoch second of the window. */
  second: number;
  /** Seconds since the run started. */
  t: number;
  sources: number;
  users: {
    active: number | null;
    target: number | null;
    started: number;
    finished: number;
    failed: number;
    dropped: number;
  };
  arrivals: { achieved: number; target: number | null };
  connections: { open: number | null; established: number; failed: number };
  messagesOut: Record<string, number>;
  messagesIn: Record<string, number>;
  latency: Record<string, LatencyPoint>;
  errors: Record<string, number>;
  health: {
    loopDelayP99Ms: number | null;
    loopDelayMaxMs: number | null;
    cpuPct: number | null;
    rssBytes: number | null;
    startLatenessP99Ms: number | null;
    saturated: boolean;
  };
}

export interface ThresholdResult {
  expr: string;
  metric: ThresholdMetric;
  op: Threshold['op'];
  /** The limit: ms for latencies, a fraction for rates, a count for counts, per second for throughput; null: a relative limit with no baseline. */
  limit: number | null;
  unit: 'ms' | 'ratio' | 'count' | 'per_s' | 'value';
  /** null when there was nothing to measure. */
  observed: number | null;
  pass: boolean;
  /** Why it failed without a value ("no data"); null otherwise. */
  reason: string | null;
  abort: boolean;
  abortDelayMs: number;
  /** For `… baseline * F`: the baseline run, F, and its value of the metric (null: no baseline yet); null for absolute limits. */
  baseline: { runId: string | null; factor: number; value: number | null } | null;
}
