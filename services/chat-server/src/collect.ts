import {
  emptyStats,
  processMetrics,
  renderMetrics,
  serverMetrics,
  sumStats,
  type MetricJson,
  type Registry,
  type Wire,
  type WireStats,
} from '@loadfleet/chatroom';
import type { WireStatsDocument } from './http.js';
import type { RoomsView } from './ipc.js';

/** One process's answer to a stats request. */
export interface ProcessStats {
  slot: number;
  pid: number;
  stats: WireStats;
  view: RoomsView;
  metrics?: MetricJson[];
}

/**
 * /stats totals: every counter summed over the processes (each answered after
 * all it had handled, so the sums are exact); rooms as the process that knows
 * least sees them (a room event reaches every member that all processes know of).
 */
export function statsDocument(
  wire: Wire,
  procs: number,
  accepting: number,
  got: ProcessStats[],
  byProcess: boolean,
): WireStatsDocument {
  const total = emptyStats(wire.names, wire.name);
  for (const p of got) sumStats(total, p.stats);
  total.rooms = leastView(got);
  const doc: WireStatsDocument = { ...total, procs, accepting };
  if (byProcess) doc.processes = got.map((p) => ({ ...p.stats, slot: p.slot, pid: p.pid }));
  return doc;
}

function leastView(got: ProcessStats[]): RoomsView {
  if (got.length === 0) return { count: 0, members: 0 };
  return got.reduce((a, p) => (p.view.members < a.members ? p.view : a), got[0]!.view);
}

/** /metrics: the standard and chat metrics of every process summed (lag: the largest), plus whole-server ones. */
export async function metricsText(
  wire: Wire,
  own: Registry | undefined,
  got: ProcessStats[],
  accepting: number,
): Promise<string> {
  const lists: MetricJson[][] = got.map((p) => p.metrics ?? []);
  if (own !== undefined) lists.push(await processMetrics(own));
  lists.push(serverMetrics({ wire: wire.name, processes: got.length, accepting, rooms: leastView(got) }));
  return renderMetrics(lists);
}
