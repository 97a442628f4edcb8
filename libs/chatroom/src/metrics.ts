import { AggregatorRegistry, collectDefaultMetrics, Registry } from 'prom-client';
import type { WireStats } from './counters.js';

/** One metric as prom-client's getMetricsAsJSON() gives it, and as AggregatorRegistry.aggregate() takes it. */
export interface MetricJson {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary';
  aggregator: 'sum' | 'first' | 'min' | 'max' | 'average' | 'omit';
  values: { value: number; labels: Record<string, string | number>; metricName?: string }[];
}

/**
 * The process metrics of this process (CPU, memory, heap, event-loop lag, GC,
 * handles, open files), prom-client's standard set. Created once per process;
 * the event-loop delay monitor runs from then on, sampling every 100 ms (its
 * default, 10 ms, would wake every process of the server 100 times a second).
 */
export function processRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  return registry;
}

/** This process's standard metrics as JSON (to send to the process that serves /metrics). */
export async function processMetrics(registry: Registry): Promise<MetricJson[]> {
  const out = (await registry.getMetricsAsJSON()) as unknown as MetricJson[];
  for (const m of out) {
    // Summed lag means nothing: the server is as late as its latest process.
    if (m.name.startsWith('nodejs_eventloop_lag')) m.aggregator = 'max';
    // No lag sample yet (just started) is NaN, and one NaN would make the whole server's max NaN.
    m.values = m.values.filter((v) => !Number.isNaN(v.value));
  }
  return out;
}

const one = (name: string, type: MetricJson['type'], help: string, value: number): MetricJson => ({
  name,
  help,
  type,
  aggregator: 'sum',
  values: [{ value, labels: {} }],
});

const by = (name: string, label: string, help: string, values: Record<string, number>): MetricJson => ({
  name,
  help,
  type: 'counter',
  aggregator: 'sum',
  values: Object.entries(values).map(([k, value]) => ({ value, labels: { [label]: k } })),
});

/**
 * The chat server's counters as metrics: one process's /stats snapshot, or
 * the totals (summed per process by the aggregation, like the /stats totals).
 * docs/METRICS.md lists every name.
 */
export function chatMetrics(s: WireStats): MetricJson[] {
  const c = s.connections;
  return [
    one('chat_connections_open', 'gauge', 'Connections held now (accepted, not closed; logged in or not).', c.open),
    {
      ...by('chat_connections_open_by_transport', 'transport', 'Connections held now, by transport.', c.openBy),
      type: 'gauge',
    },
    one('chat_connections_accepted_total', 'counter', 'Connections accepted.', c.accepted),
    one('chat_connections_refused_total', 'counter', 'Connections refused at capacity.', c.refused),
    by('chat_connections_closed_total', 'reason', 'Connections closed, by reason.', c.closed),
    one('chat_logins_total', 'counter', 'Successful logins.', s.logins),
    by('chat_messages_in_total', 'kind', 'Requests received, by kind.', s.messagesIn),
    by('chat_requests_dropped_total', 'kind', 'Requests ignored on purpose (--drop-rate), by kind.', s.requestsDropped),
    by('chat_replies_out_total', 'kind', 'Replies sent, by kind.', s.repliesOut),
    by('chat_errors_out_total', 'code', 'Error replies sent, by code.', s.errorsOut),
    by('chat_events_out_total', 'kind', 'Pushes written to clients (one per member reached), by kind.', s.eventsOut),
    by('chat_events_created_total', 'kind', 'Pushes created, by kind.', s.eventsCreated),
    one('chat_protocol_errors_total', 'counter', 'Connections closed for bad input.', s.protocolErrors),
    one('chat_heartbeat_timeouts_total', 'counter', 'Connections kicked for silence.', s.heartbeatTimeouts),
    one('chat_login_timeouts_total', 'counter', 'Connections kicked for not logging in.', s.loginTimeouts),
    one('chat_slow_consumer_drops_total', 'counter', 'Connections dropped for a full queue.', s.slowConsumerDrops),
    one('chat_bytes_in_total', 'counter', 'Bytes received from clients.', s.bytesIn),
    one('chat_bytes_out_total', 'counter', 'Bytes written to clients.', s.bytesOut),
    by('chat_relay_frames_total', 'direction', 'Pushes relayed between server processes.', {
      out: s.relay.framesOut,
      in: s.relay.framesIn,
    }),
    by('chat_relay_batches_total', 'direction', 'Relay batches between server processes.', {
      out: s.relay.batchesOut,
      in: s.relay.batchesIn,
    }),
  ];
}

/** Metrics only the whole server knows (not summed over processes). */
export function serverMetrics(info: {
  wire: string;
  processes: number;
  accepting: number;
  rooms: { count: number; members: number };
}): MetricJson[] {
  const wireInfo: MetricJson = {
    name: 'chat_server_info',
    help: 'The wire format spoken (label wire).',
    type: 'gauge',
    aggregator: 'first',
    values: [{ value: 1, labels: { wire: info.wire } }],
  };
  return [
    wireInfo,
    one('chat_processes', 'gauge', 'Server processes holding connections.', info.processes),
    one('chat_processes_accepting', 'gauge', 'Server processes accepting new connections now.', info.accepting),
    one('chat_rooms', 'gauge', 'Rooms with members.', info.rooms.count),
    one('chat_room_members', 'gauge', 'Room memberships.', info.rooms.members),
  ];
}

/** Sums the metrics of every process (each a list of MetricJson) into Prometheus text, labels escaped. */
export async function renderMetrics(perProcess: MetricJson[][]): Promise<string> {
  return AggregatorRegistry.aggregate(perProcess).metrics();
}

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;
export type { Registry };
