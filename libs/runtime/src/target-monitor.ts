import type { MonitorEndpoint } from '@loadfleet/scenario';
import { parsePrometheusText } from './prom-text.js';

/** One endpoint's scrape counts, as the report shows them. */
export interface MonitorEndpointStatus {
  name: string;
  url: string;
  scrapes: number;
  /** Scrapes that failed (refused, timed out, not 200, not Prometheus text, or the previous one still running). */
  errors: number;
  lastError: string | null;
}

/** One series: `NAME.metric` (the value as scraped, summed over labels) or `NAME.metric:rate` (a counter per second). */
export interface MonitorSeries {
  endpoint: string;
  metric: string;
  kind: 'value' | 'rate';
  /** Epoch second of the scrape (the run's timeline second it belongs to) and the value then. */
  points: { second: number; value: number }[];
}

export interface MonitorCapture {
  endpoints: MonitorEndpointStatus[];
  series: Record<string, MonitorSeries>;
}

export interface TargetMonitorOptions {
  /** A scrape that takes longer has failed (ms, default 800: one per second). */
  timeoutMs?: number;
  /** For tests: what fetches a URL. */
  fetch?: typeof fetch;
}

interface EndpointState {
  status: MonitorEndpointStatus;
  busy: boolean;
  /** The previous scrape's counters and when it was taken, for rates. */
  last: { at: number; counters: Map<string, number> } | null;
}

const MAX_BODY_BYTES = 8 << 20;

/**
 * Scrapes the system under test's Prometheus endpoints once a second during a run
 * (the local runner, or the farm's controller, calls scrape() on its second tick).
 * A failed scrape is counted and shown; it never fails the run.
 */
export class TargetMonitor {
  private readonly states: EndpointState[];
  private readonly series: Record<string, MonitorSeries> = {};
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(
    private readonly endpoints: readonly MonitorEndpoint[],
    opts: TargetMonitorOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 800;
    this.fetchFn = opts.fetch ?? fetch;
    this.states = endpoints.map((e) => ({
      status: { name: e.name, url: e.url, scrapes: 0, errors: 0, lastError: null },
      busy: false,
      last: null,
    }));
  }

  get enabled(): boolean {
    return this.endpoints.length > 0;
  }

  /** Starts one scrape of every endpoint, labelled with the run's current epoch second. */
  scrape(second: number): void {
    for (const state of this.states) {
      const p = this.scrapeOne(state, second).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  /** Waits for scrapes in flight, then gives what was captured. */
  async finish(): Promise<MonitorCapture> {
    await Promise.all([...this.inFlight]);
    return this.capture();
  }

  capture(): MonitorCapture {
    return { endpoints: this.states.map((s) => ({ ...s.status })), series: this.series };
  }

  private async scrapeOne(state: EndpointState, second: number): Promise<void> {
    const s = state.status;
    s.scrapes++;
    if (state.busy) return this.failed(state, 'the previous scrape was still running');
    state.busy = true;
    try {
      const res = await this.fetchFn(s.url, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: 'text/plain;version=0.0.4' },
        redirect: 'error',
      });
      const text = await res.text();
      if (!res.ok) return this.failed(state, `HTTP ${res.status}`);
      if (text.length > MAX_BODY_BYTES) return this.failed(state, 'the response is larger than 8 MiB');
      const families = parsePrometheusText(text);
      if (families.size === 0) return this.failed(state, 'no Prometheus samples in the response');
      this.record(state, second, families);
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      this.failed(
        state,
        e.name === 'TimeoutError' ? `timed out after ${this.timeoutMs} ms` : (e.cause?.code ?? e.message),
      );
    } finally {
      state.busy = false;
    }
  }

  private failed(state: EndpointState, why: string): void {
    state.status.errors++;
    state.status.lastError = why;
  }

  private record(state: EndpointState, second: number, families: ReturnType<typeof parsePrometheusText>): void {
    const now = performance.now();
    const counters = new Map<string, number>();
    const name = state.status.name;
    for (const [metric, f] of families) {
      this.point(`${name}.${metric}`, name, metric, 'value', second, f.value);
      if (f.type !== 'counter') continue;
      counters.set(metric, f.value);
      const before = state.last?.counters.get(metric);
      const dt = state.last ? (now - state.last.at) / 1000 : 0;
      // A counter that went down was reset (the target restarted): no rate for that interval.
      if (before !== undefined && dt > 0 && f.value >= before)
        this.point(`${name}.${metric}:rate`, name, metric, 'rate', second, (f.value - before) / dt);
    }
    state.last = { at: now, counters };
  }

  private point(
    key: string,
    endpoint: string,
    metric: string,
    kind: MonitorSeries['kind'],
    second: number,
    value: number,
  ): void {
    const s = (this.series[key] ??= { endpoint, metric, kind, points: [] });
    const last = s.points[s.points.length - 1];
    if (last && last.second === second) last.value = value;
    else s.points.push({ second, value });
  }
}
