import type { LiveStatus } from '@loadfleet/runtime';

/** What /metrics reads at scrape time, besides the counters below. */
export interface MetricsSnapshot {
  /** Runs now in each non-final state (queued from the queue; running/stopping from this controller). */
  runsNow: { queued: number; running: number; stopping: number };
  workers: { live: number; lost: number };
  /** The runs this controller is executing, with their newest merged second (none yet: null). */
  runs?: { id: string; scenario: string; live: LiveStatus | null }[];
}

/**
 * The controller's counters, rendered in the Prometheus text format. Plain
 * numbers bumped in place: the quota path counts without allocating.
 */
export class ControllerMetrics {
  quotaRequests = 0;
  quotaGrants = 0;
  usersGranted = 0;
  arrivalsDropped = 0;
  private readonly runsEnded = new Map<string, number>();
  /** Messages from the network that could not be decoded, by kind (quota, heartbeat, rollup, done). */
  private readonly badMessages = new Map<string, number>();
  private readonly http = new Map<string, number>();

  runEnded(state: string): void {
    this.runsEnded.set(state, (this.runsEnded.get(state) ?? 0) + 1);
  }

  badMessage(kind: string): void {
    this.badMessages.set(kind, (this.badMessages.get(kind) ?? 0) + 1);
  }

  httpRequest(method: string, route: string, status: number): void {
    const key = `${method}\u0000${route}\u0000${status}`;
    this.http.set(key, (this.http.get(key) ?? 0) + 1);
  }

  render(now: MetricsSnapshot): string {
    const out: string[] = [];
    const metric = (name: string, type: string, help: string, rows: [string, number][]) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, v] of rows) out.push(`${name}${labels} ${v}`);
    };
    metric(
      'loadfleet_runs',
      'gauge',
      'Runs now queued, running or stopping.',
      Object.entries(now.runsNow).map(([s, v]) => [`{state="${s}"}`, v]),
    );
    metric(
      'loadfleet_runs_ended_total',
      'counter',
      'Runs that ended on this controller, by final state.',
      [...this.runsEnded].map(([s, v]) => [`{state="${s}"}`, v]),
    );
    metric('loadfleet_workers', 'gauge', 'Workers by liveness (lost after 3 s of silence).', [
      ['{status="live"}', now.workers.live],
      ['{status="lost"}', now.workers.lost],
    ]);
    const runs = now.runs ?? [];
    const runLabel = (r: { id: string; scenario: string }) =>
      `run="${escapeLabel(r.id)}",scenario="${escapeLabel(r.scenario)}"`;
    const live = runs.filter((r) => r.live !== null);
    metric(
      'loadfleet_run_users_active',
      'gauge',
      'Users active in a running run (its newest merged second).',
      live.map((r) => [`{${runLabel(r)}}`, r.live!.usersActive]),
    );
    metric(
      'loadfleet_run_users_target',
      'gauge',
      "Users the run's schedule wants now.",
      live.map((r) => [`{${runLabel(r)}}`, r.live!.usersTarget]),
    );
    metric(
      'loadfleet_run_messages_per_second',
      'gauge',
      'Messages per second in a running run: sent to the target, and sent plus received.',
      live.flatMap((r) => [
        [`{${runLabel(r)},direction="out"}`, r.live!.messagesOutPerSec ?? 0],
        [`{${runLabel(r)},direction="all"}`, r.live!.messagesPerSec],
      ]),
    );
    metric(
      'loadfleet_run_errors_per_second',
      'gauge',
      'Errors per second in a running run.',
      live.map((r) => [`{${runLabel(r)}}`, r.live!.errors]),
    );
    metric(
      'loadfleet_run_response_ms',
      'gauge',
      "Worst reply latency quantile over the run's request kinds in its newest second (ms, exact merged HDR).",
      live.flatMap((r) => {
        const q = r.live!.responseMs;
        if (!q) return [];
        return [
          [`{${runLabel(r)},quantile="0.5"}`, q.p50],
          [`{${runLabel(r)},quantile="0.9"}`, q.p90],
          [`{${runLabel(r)},quantile="0.99"}`, q.p99],
        ] as [string, number][];
      }),
    );
    metric('loadfleet_quota_requests_total', 'counter', 'Quota requests answered.', [['', this.quotaRequests]]);
    metric('loadfleet_quota_grants_total', 'counter', 'Quota grants that started at least one user.', [
      ['', this.quotaGrants],
    ]);
    metric('loadfleet_users_granted_total', 'counter', 'Users granted to workers.', [['', this.usersGranted]]);
    metric('loadfleet_arrivals_dropped_total', 'counter', 'Arrivals no worker could take in time or over maxUsers.', [
      ['', this.arrivalsDropped],
    ]);
    metric(
      'loadfleet_bad_messages_total',
      'counter',
      'Messages from the network that could not be decoded, by kind.',
      [...this.badMessages].map(([k, v]) => [`{kind="${k}"}`, v]),
    );
    metric(
      'loadfleet_http_requests_total',
      'counter',
      'HTTP requests by method, route and status.',
      [...this.http].map(([key, v]) => {
        const [method, route, status] = key.split('\u0000');
        return [`{method="${method}",route="${escapeLabel(route!)}",status="${status}"}`, v];
      }),
    );
    return `${out.join('\n')}\n`;
  }
}

function escapeLabel(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
