import type { Schedule } from '@loadfleet/schedule';
import { countersByKind, isSaturated, names, sumCounters, type TimelineSecond } from '@loadfleet/stats';
import { plain } from './report-totals.js';
import type { LatencyPoint, TimelineRow } from './types.js';

/**
 * One row per second that has data. The window labelled S covers epoch second
 * [S, S+1); t is S minus the run's start second. Targets come from the engine's
 * gauges when it recorded them, else from the schedule.
 */
export function buildTimelineRows(
  seconds: readonly TimelineSecond[],
  schedule: Schedule,
  startedAt: number,
): TimelineRow[] {
  const startSecond = Math.floor(startedAt / 1000);
  return seconds.map((s) => {
    const t = s.second - startSecond;
    const fromMs = Math.max(0, s.second * 1000 - startedAt);
    const gauge = (name: string) => s.gauges[name] ?? null;
    const c = (name: string) => s.counters[name] ?? 0;
    const lateness = s.latency[names.LATENESS_START];
    return {
      second: s.second,
      t,
      sources: s.sources,
      users: {
        active: gauge(names.USERS_ACTIVE),
        target: gauge(names.USERS_TARGET) ?? schedule.usersAt(fromMs),
        started: c(names.USERS_STARTED),
        finished: c(names.USERS_FINISHED),
        failed: c(names.USERS_FAILED),
        dropped: c(names.USERS_DROPPED),
      },
      arrivals: {
        achieved: c(names.USERS_STARTED),
        target: gauge(names.ARRIVAL_RATE_TARGET) ?? schedule.arrivalsBetween(fromMs, (s.second + 1) * 1000 - startedAt),
      },
      connections: {
        open: gauge(names.CONN_OPEN),
        established: c(names.CONN_ESTABLISHED),
        failed: sumCounters(s, 'conn.failed.'),
      },
      messagesOut: plain(countersByKind(s, 'msg.out.')),
      messagesIn: plain(countersByKind(s, 'msg.in.')),
      latency: latencyPoints(s),
      errors: plain(countersByKind(s, names.ERRORS_PREFIX)),
      health: {
        loopDelayP99Ms: gauge(names.HEALTH_LOOP_DELAY_P99_MS),
        loopDelayMaxMs: gauge(names.HEALTH_LOOP_DELAY_MAX_MS),
        cpuPct: gauge(names.HEALTH_CPU_PCT),
        rssBytes: gauge(names.HEALTH_RSS_BYTES),
        startLatenessP99Ms: lateness === undefined ? null : lateness.p99,
        saturated: isSaturated(s.gauges, lateness?.p99),
      },
    };
  });
}

function latencyPoints(s: TimelineSecond): Record<string, LatencyPoint> {
  const out: Record<string, LatencyPoint> = {};
  for (const name of Object.keys(s.latency).sort()) {
    const { count, mean, p50, p90, p95, p99, p999, max } = s.latency[name]!;
    out[name] = { count, mean, p50, p90, p95, p99, p999, max };
  }
  return out;
}
