import type { Checker } from './check.js';
import { parseDuration } from './durations.js';
import type { Threshold, ThresholdMetric } from './plan.js';
import { indexPath } from './paths.js';
import type { YNode } from './source.js';

type Rule = Pick<Threshold, 'metric' | 'op' | 'value' | 'baseline'>;
type LatencyStat = Extract<ThresholdMetric, { kind: 'latency' }>['stat'];
type RateName = Extract<ThresholdMetric, { kind: 'rate' }>['rate'];

const STATS: readonly LatencyStat[] = ['p50', 'p90', 'p95', 'p99', 'p99.9', 'max', 'mean', 'min'];
const RATES: readonly RateName[] = ['error_rate', 'login_rate', 'connect_success_rate', 'session_success_rate'];
const SHAPE = /^\s*(.+?)\s*(<=|>=|==|<|>)\s*(\S+(?:\s*\*\s*\S+)?)\s*$/;
const RELATIVE = /^baseline(?:\s*\*\s*(\d+(?:\.\d+)?))?$/;
const CALL = /^([\w.]+)\(\s*([^()\s]+)\s*\)$/;
const COUNTER = /^[a-zA-Z0-9_.]+$/;
const MONITOR_STATS = ['max', 'min', 'mean'] as const;
type MonitorStat = (typeof MONITOR_STATS)[number];
const SERIES = /^[a-zA-Z][a-zA-Z0-9_-]*\.[a-zA-Z_:][a-zA-Z0-9_:]*?(:rate)?$/;
const HISTOGRAMS =
  'connect, response.<request>, response_intended.<request>, delivery, delivery.<event>, transaction.<name>, session';
const ITEM = 'a threshold expression string or {expr, abort, abortAfter}';

/** The names a threshold may refer to: the sessions' transactions, the protocol's answered requests and events. */
export interface ThresholdNames {
  /** The scenario's monitor endpoints: `max(NAME.metric)` is a monitor series. */
  monitors?: readonly string[];
  transactions: readonly string[];
  requests: readonly string[];
  events: readonly string[];
}

/** The `thresholds:` list. */
export function readThresholds(c: Checker, node: YNode | undefined, path: string, names: ThresholdNames): Threshold[] {
  const items = (node && c.list(node, path, `a list of threshold expressions`, false)) ?? [];
  const out: Threshold[] = [];
  items.forEach((item, i) => {
    const p = indexPath(path, i);
    const t = item.kind === 'map' ? readLong(c, item, p, names) : readExpr(c, item, p, names);
    if (t) out.push(t);
  });
  return out;
}

function readLong(c: Checker, node: YNode, path: string, names: ThresholdNames): Threshold | undefined {
  const f = c.fields(node, path, ['expr', 'abort', 'abortAfter'], ITEM);
  if (!f) return undefined;
  const exprNode = f.req('expr', 'a threshold expression string');
  const t = exprNode && readExpr(c, exprNode, f.at('expr'), names);
  const abort = f.opt('abort', false, (n, p) => c.bool(n, p));
  const delay = f.opt('abortAfter', 0, (n, p) => c.duration(n, p));
  if (f.has('abortAfter') && abort === false)
    c.fail(f.get('abortAfter')!, f.at('abortAfter'), 'abortAfter needs abort: true');
  if (!t || abort === undefined || delay === undefined) return undefined;
  return { ...t, abort, abortDelayMs: delay };
}

function readExpr(c: Checker, node: YNode, path: string, names: ThresholdNames): Threshold | undefined {
  const expr = c.str(node, path, ITEM);
  if (expr === undefined) return undefined;
  const rule = parseThreshold(expr, names);
  if (typeof rule === 'string') return c.fail(node, path, rule);
  return { expr: expr.trim(), ...rule, abort: false, abortDelayMs: 0 };
}

/** `p99(response.chat) < 200ms` -> metric, op and value; or an error message. */
export function parseThreshold(expr: string, names: ThresholdNames): Rule | string {
  const m = SHAPE.exec(expr);
  if (!m) return `expected "<metric> <op> <value>" with op one of < <= > >= ==, got ${JSON.stringify(expr)}`;
  const [, metricText, op, valueText] = m as unknown as [string, string, Rule['op'], string];
  const metric = parseMetric(metricText, names);
  if (typeof metric === 'string') return metric;
  const relative = RELATIVE.exec(valueText);
  if (relative) return { metric, op, value: 0, baseline: relative[1] === undefined ? 1 : Number(relative[1]) };
  if (/^baseline\b/.test(valueText))
    return `a baseline-relative limit is "baseline" or "baseline * FACTOR", got ${JSON.stringify(valueText)}`;
  const value = parseValue(metric, valueText);
  if (typeof value === 'string') return value;
  return { metric, op, value };
}

function parseMetric(text: string, names: ThresholdNames): ThresholdMetric | string {
  if ((RATES as readonly string[]).includes(text)) return { kind: 'rate', rate: text as RateName };
  const call = CALL.exec(text);
  if (!call) {
    return `unknown metric ${JSON.stringify(text)}; expected STAT(histogram) with STAT one of ${STATS.join(', ')}, count(counter), rate(counter), or one of ${RATES.join(', ')}`;
  }
  const [, fn, arg] = call as unknown as [string, string, string];
  const endpoint = arg.split('.')[0]!;
  if (arg.includes('.') && (names.monitors ?? []).includes(endpoint)) {
    if (!(MONITOR_STATS as readonly string[]).includes(fn))
      return `a monitor series takes one of ${MONITOR_STATS.join(', ')}, got "${fn}"`;
    if (!SERIES.test(arg)) return `a monitor series is NAME.metric or NAME.metric:rate, got ${JSON.stringify(arg)}`;
    return { kind: 'monitor', series: arg, stat: fn as MonitorStat };
  }
  if (fn === 'count' || fn === 'rate') {
    if (!COUNTER.test(arg)) return `counter names are made of letters, digits, _ and .`;
    return fn === 'count' ? { kind: 'count', counter: arg } : { kind: 'throughput', counter: arg };
  }
  if (!(STATS as readonly string[]).includes(fn))
    return `unknown statistic "${fn}"; expected count, rate or one of ${STATS.join(', ')}`;
  const bad = checkHistogram(arg, names);
  return bad ?? { kind: 'latency', histogram: arg, stat: fn as LatencyStat };
}

/** An error message when `name` is not a latency histogram the engine records. */
function checkHistogram(name: string, { transactions, requests, events }: ThresholdNames): string | undefined {
  if (name === 'connect' || name === 'delivery' || name === 'session') return undefined;
  const dot = name.indexOf('.');
  const [family, rest] = dot < 0 ? [name, ''] : [name.slice(0, dot), name.slice(dot + 1)];
  if (family === 'response' || family === 'response_intended') {
    if (requests.includes(rest)) return undefined;
    return `no answered request "${rest}" in ${name}; expected one of ${requests.join(', ') || '(none)'}`;
  }
  if (family === 'delivery') {
    return events.includes(rest)
      ? undefined
      : `no event "${rest}" in ${name}; expected one of ${events.join(', ') || '(none)'}`;
  }
  if (family === 'transaction') {
    if (transactions.includes(rest)) return undefined;
    const known = transactions.length ? `declared: ${transactions.join(', ')}` : 'no transactions are declared';
    return `no transaction named "${rest}" in ${name} (${known})`;
  }
  return `unknown histogram "${name}"; expected one of ${HISTOGRAMS}`;
}

function parseValue(metric: ThresholdMetric, text: string): number | string {
  const got = `got ${JSON.stringify(text)}`;
  if (metric.kind === 'latency') {
    const ms = text === '0' ? 0 : /[a-z]$/.test(text) ? parseDuration(text) : undefined;
    return ms === undefined ? `a latency needs a duration like 200ms or 1s, ${got}` : ms;
  }
  if (metric.kind === 'rate') {
    const pct = /^(\d+(?:\.\d+)?)%$/.exec(text);
    const v = pct ? Number(pct[1]) / 100 : /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
    return v >= 0 && v <= 1 ? v : `a rate needs a percentage from 0% to 100% or a fraction from 0 to 1, ${got}`;
  }
  if (metric.kind === 'monitor')
    return /^\d+(\.\d+)?(e[+-]?\d+)?$/.test(text) ? Number(text) : `a monitor series needs a plain number, ${got}`;
  const what = metric.kind === 'throughput' ? 'a rate per second' : 'a count';
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : `${what} needs a plain number ≥ 0, ${got}`;
}
