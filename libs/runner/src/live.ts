import type { Plan } from '@loadfleet/scenario';
import { isSaturated, names, type TimelineSecond } from '@loadfleet/stats';

/** One line of live progress: the same for a local run and a farm run. */
export interface LiveStatus {
  second: number;
  elapsedMs: number;
  totalMs: number;
  phase: string;
  usersActive: number;
  usersTarget: number;
  arrivals: number;
  arrivalsTarget: number;
  messagesPerSec: number;
  /** Worst p99 over the request types this second (ms), or null without replies. */
  p99Ms: number | null;
  errors: number;
  errorsTotal: number;
  saturated: boolean;
}

/** Where in the load schedule an offset falls: the phase name and the schedule's length. */
export function scheduleOf(plan: Plan): { totalMs: number; phaseAt(ms: number): string } {
  const load = plan.load;
  if (load.model === 'closed') {
    const totalMs = load.rampUpMs + load.holdMs + load.rampDownMs;
    return {
      totalMs,
      phaseAt: (ms) => (ms < load.rampUpMs ? 'ramp-up' : ms < load.rampUpMs + load.holdMs ? 'hold' : ms < totalMs ? 'ramp-down' : 'drain'),
    };
  }
  const totalMs = load.phases.reduce((a, p) => a + p.durationMs, 0);
  return {
    totalMs,
    phaseAt(ms) {
      let end = 0;
      for (const p of load.phases) {
        end += p.durationMs;
        if (ms < end) return p.name;
      }
      return 'drain';
    },
  };
}

export function liveStatus(row: TimelineSecond, plan: Plan, startedAt: number, errorsTotal: number): LiveStatus {
  const schedule = scheduleOf(plan);
  const elapsedMs = (row.second + 1) * 1000 - startedAt;
  let p99: number | null = null;
  for (const name in row.latency) {
    if (!name.startsWith('response.')) continue;
    p99 = Math.max(p99 ?? 0, row.latency[name]!.p99);
  }
  const startLateness = row.latency[names.LATENESS_START];
  return {
    second: row.second,
    elapsedMs,
    totalMs: schedule.totalMs,
    phase: schedule.phaseAt(elapsedMs),
    usersActive: row.gauges[names.USERS_ACTIVE] ?? 0,
    usersTarget: row.gauges[names.USERS_TARGET] ?? 0,
    arrivals: row.counters[names.USERS_STARTED] ?? 0,
    arrivalsTarget: row.gauges[names.ARRIVAL_RATE_TARGET] ?? 0,
    messagesPerSec: sumPrefix(row.counters, 'msg.out.') + sumPrefix(row.counters, 'msg.in.'),
    p99Ms: p99,
    errors: sumPrefix(row.counters, names.ERRORS_PREFIX),
    errorsTotal,
    saturated: isSaturated(row.gauges, startLateness?.p99),
  };
}

function sumPrefix(counters: Readonly<Record<string, number>>, prefix: string): number {
  let sum = 0;
  for (const name in counters) if (name.startsWith(prefix)) sum += counters[name]!;
  return sum;
}
