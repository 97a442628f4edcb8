import { countersByKind, histogramSummary, names, sumCounters, type StatsWindow } from '@loadfleet/stats';
import { formatCount } from './format.js';
import type { LatencyRow, RequestOutcomes, Totals, TimelineRow } from './types.js';

const MSG_OUT = 'msg.out.';
const MSG_IN = 'msg.in.';
const EVENT_IN = 'event.in.';
const CONN_FAILED = 'conn.failed.';
const CONN_CLOSED = 'conn.closed.';

/** The run's totals; peaks come from the per-second rows (a gauge's total is only its last value). */
export function buildTotals(totals: StatsWindow, rows: readonly TimelineRow[]): Totals {
  const c = (name: string) => totals.counters[name] ?? 0;
  return {
    users: {
      started: c(names.USERS_STARTED),
      finished: c(names.USERS_FINISHED),
      failed: c(names.USERS_FAILED),
      dropped: c(names.USERS_DROPPED),
      loggedIn: c(names.USERS_LOGGED_IN),
      peakActive: peak(rows.map((r) => r.users.active)),
    },
    connections: {
      attempted: c(names.CONN_ATTEMPTED),
      established: c(names.CONN_ESTABLISHED),
      failed: sumCounters(totals, CONN_FAILED),
      failedByReason: plain(countersByKind(totals, CONN_FAILED)),
      closedByReason: plain(countersByKind(totals, CONN_CLOSED)),
      peakOpen: peak(rows.map((r) => r.connections.open)),
    },
    messages: {
      outTotal: sumCounters(totals, MSG_OUT),
      inTotal: sumCounters(totals, MSG_IN),
      out: plain(countersByKind(totals, MSG_OUT)),
      in: plain(countersByKind(totals, MSG_IN)),
      events: plain(countersByKind(totals, EVENT_IN)),
      notSent: plain(countersByKind(totals, names.MSG_NOT_SENT_PREFIX)),
    },
    requests: requestOutcomes(totals),
    bytes: { out: c(names.BYTES_OUT), in: c(names.BYTES_IN) },
    errors: {
      total: sumCounters(totals, names.ERRORS_PREFIX),
      byKind: plain(countersByKind(totals, names.ERRORS_PREFIX)),
    },
    counters: plain(totals.counters),
  };
}

/** What became of each request kind's requests (kinds with a reply that anything was counted for). */
export function requestOutcomes(totals: StatsWindow): Record<string, RequestOutcomes> {
  const answered = countersByKind(totals, names.REQUESTS_ANSWERED_PREFIX);
  const timedOut = countersByKind(totals, names.REQUESTS_TIMED_OUT_PREFIX);
  const unanswered = countersByKind(totals, names.REQUESTS_UNANSWERED_PREFIX);
  const kinds = [...new Set([...Object.keys(answered), ...Object.keys(timedOut), ...Object.keys(unanswered)])].sort();
  const out: Record<string, RequestOutcomes> = {};
  for (const kind of kinds) {
    const o = {
      sent: totals.counters[`${MSG_OUT}${kind}`] ?? 0,
      answered: answered[kind] ?? 0,
      timedOut: timedOut[kind] ?? 0,
      unansweredAtClose: unanswered[kind] ?? 0,
      unaccounted: 0,
    };
    o.unaccounted = o.sent - o.answered - o.timedOut - o.unansweredAtClose;
    out[kind] = o;
  }
  return out;
}

/**
 * The equation for one request kind, as the summary and the HTML report state it:
 * `login: sent 10 = answered 8 + timed out 1 + unanswered at close 1`, with the
 * requests no record follows to an end when there are any.
 */
export function requestEquation(kind: string, o: RequestOutcomes, notSent = 0): string {
  let s = `${kind}: sent ${formatCount(o.sent)} = answered ${formatCount(o.answered)} + timed out ${formatCount(o.timedOut)} + unanswered at close ${formatCount(o.unansweredAtClose)}`;
  if (o.unaccounted !== 0) s += ` + not followed to an end ${formatCount(o.unaccounted)}`;
  if (notSent > 0) s += `; not sent (connection already closing) ${formatCount(notSent)}`;
  return s;
}

/** One row per latency histogram of the run, in the order a reader looks for them. */
export function buildLatencyRows(totals: StatsWindow): LatencyRow[] {
  return Object.keys(totals.histograms)
    .sort(byHistogramOrder)
    .map((name) => ({ name, ...histogramSummary(totals.histograms[name]!) }))
    .filter((row) => row.count > 0);
}

const FAMILY_ORDER = ['connect', 'response', 'response_intended', 'delivery', 'transaction', 'session', 'lateness'];

export function byHistogramOrder(a: string, b: string): number {
  const rank = (name: string) => {
    const i = FAMILY_ORDER.indexOf(name.split('.')[0]!);
    return i < 0 ? FAMILY_ORDER.length : i;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function peak(values: readonly (number | null)[]): number {
  let max = 0;
  for (const v of values) if (v !== null && v > max) max = v;
  return max;
}

/** A sorted plain object (stats records have no prototype; report.json wants stable key order). */
export function plain(record: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}
