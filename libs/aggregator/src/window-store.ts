/** One worker's window of one run and second, as stored (encodeWindow bytes). */
export interface StoredWindow {
  readonly runId: string;
  readonly second: number;
  readonly workerId: string;
  readonly window: Uint8Array;
}

/**
 * What the aggregator keeps in Redis (docs/FARM.md, "Aggregator"), as an interface so the
 * logic runs against an in-memory store in tests. Keys: windows(run, second) is a
 * hash worker id -> window bytes; seconds(run) a sorted set of seconds.
 */
export interface WindowStore {
  /** Stores every window (HSET by worker id: storing one twice changes nothing) and its second. */
  putWindows(items: readonly StoredWindow[]): Promise<void>;
  /** The seconds a run has windows for, ascending. */
  seconds(runId: string): Promise<number[]>;
  /** For each second asked: worker id -> window bytes. */
  windowsOf(runId: string, seconds: readonly number[]): Promise<Map<string, Uint8Array>[]>;
  /**
   * Set-if-absent lock with an expiry: true when this caller got it. `reentrant`: also
   * true (and the expiry renewed) when this caller holds it already — a retry whose
   * first attempt's reply was lost must not lock itself out.
   */
  tryLock(what: string, ttlMs: number, reentrant?: boolean): Promise<boolean>;
  /** The compiled plan (JSON) from the run record the controller wrote; null when missing. */
  planJson(runId: string): Promise<string | null>;
  putReport(runId: string, json: string, html: string): Promise<void>;
  /** True when the run's report is stored. */
  hasReport(runId: string): Promise<boolean>;
  /** The report.json of the run marked as the scenario's baseline; null when none is marked (or stored). */
  baselineReport(scenario: string): Promise<string | null>;
  /** The run's monitor capture (JSON) the controller stored; null when the scenario monitors nothing. */
  monitorJson(runId: string): Promise<string | null>;
}

/** A WindowStore in memory, for tests and benchmarks. */
export class MemoryWindowStore implements WindowStore {
  readonly windows = new Map<string, Map<number, Map<string, Uint8Array>>>();
  readonly plans = new Map<string, string>();
  readonly reports = new Map<string, { json: string; html: string }>();
  /** scenario name -> baseline run id. */
  readonly baselines = new Map<string, string>();
  private readonly locks = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async putWindows(items: readonly StoredWindow[]): Promise<void> {
    for (const it of items) {
      let run = this.windows.get(it.runId);
      if (!run) this.windows.set(it.runId, (run = new Map()));
      let second = run.get(it.second);
      if (!second) run.set(it.second, (second = new Map()));
      second.set(it.workerId, it.window);
    }
  }

  async seconds(runId: string): Promise<number[]> {
    return [...(this.windows.get(runId)?.keys() ?? [])].sort((a, b) => a - b);
  }

  async windowsOf(runId: string, seconds: readonly number[]): Promise<Map<string, Uint8Array>[]> {
    const run = this.windows.get(runId);
    return seconds.map((s) => new Map(run?.get(s) ?? []));
  }

  /** One process, one owner: a reentrant lock is always this caller's. */
  async tryLock(what: string, ttlMs: number, reentrant = false): Promise<boolean> {
    const now = this.now();
    const until = this.locks.get(what);
    if (until !== undefined && until > now && !reentrant) return false;
    this.locks.set(what, now + ttlMs);
    return true;
  }

  async planJson(runId: string): Promise<string | null> {
    return this.plans.get(runId) ?? null;
  }

  async putReport(runId: string, json: string, html: string): Promise<void> {
    this.reports.set(runId, { json, html });
  }

  async hasReport(runId: string): Promise<boolean> {
    return this.reports.has(runId);
  }

  readonly monitors = new Map<string, string>();

  async monitorJson(runId: string): Promise<string | null> {
    return this.monitors.get(runId) ?? null;
  }

  async baselineReport(scenario: string): Promise<string | null> {
    const id = this.baselines.get(scenario);
    return id === undefined ? null : (this.reports.get(id)?.json ?? null);
  }
}
