import type { Plan } from '@loadfleet/scenario';
import { scheduleOf } from '@loadfleet/schedule';
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
  /** Worst p50 / p90 / p99 over the request types this second (ms, each from its exact merged histogram); null without replies. */
  responseMs?: { p50: number; p90: number; p99: number } | null;
  /** Messages sent this second (the part of messagesPerSec going to the target). */
  messagesOutPerSec?: number;
  errors: number;
  errorsTotal: number;
  saturated: boolean;
}

export function liveStatus(row: TimelineSecond, plan: Plan, startedAt: number, errorsTotal: number): LiveStatus {
  const elapsedMs = (row.second + 1) * 1000 - startedAt;
  let p99: number | null = null;
  const worstOf = { p50: 0, p90: 0, p99: 0 };
  for (const name in row.latency) {
    if (!name.startsWith('response.')) continue;
    const l = row.latency[name]!;
    p99 = Math.max(p99 ?? 0, l.p99);
    worstOf.p50 = Math.max(worstOf.p50, l.p50);
    worstOf.p90 = Math.max(worstOf.p90, l.p90);
    worstOf.p99 = Math.max(worstOf.p99, l.p99);
  }
  const worst = p99 === null ? null : worstOf;
  const startLateness = row.latency[names.LATENESS_START];
  const schedule = scheduleOf(plan.load);
  return {
    second: row.second,
    elapsedMs,
    totalMs: schedule.lengthMs,
    phase: schedule.phaseAt(elapsedMs),
    usersActive: row.gauges[names.USERS_ACTIVE] ?? 0,
    usersTarget: row.gauges[names.USERS_TARGET] ?? 0,
    arrivals: row.counters[names.USERS_STARTED] ?? 0,
    arrivalsTarget: row.gauges[names.ARRIVAL_RATE_TARGET] ?? 0,
    messagesPerSec: sumPrefix(row.counters, 'msg.out.') + sumPrefix(row.counters, 'msg.in.'),
    p99Ms: p99,
    responseMs: worst,
    messagesOutPerSec: sumPrefix(row.counters, 'msg.out.'),
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
