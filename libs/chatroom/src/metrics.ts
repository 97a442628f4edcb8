import type { ChatStats } from './counters.js';

const PREFIX = 'loadfleet_chat_';

/** Renders /stats as Prometheus text exposition (version 0.0.4). */
export function renderPrometheus(stats: ChatStats, extra: Record<string, number> = {}): string {
  const out: string[] = [];
  const one = (name: string, type: 'counter' | 'gauge', help: string, value: number) => {
    out.push(`# HELP ${PREFIX}${name} ${help}`, `# TYPE ${PREFIX}${name} ${type}`, `${PREFIX}${name} ${value}`);
  };
  const labelled = (name: string, label: string, help: string, values: Record<string, number>) => {
    out.push(`# HELP ${PREFIX}${name} ${help}`, `# TYPE ${PREFIX}${name} counter`);
    for (const [k, v] of Object.entries(values)) out.push(`${PREFIX}${name}{${label}="${k}"} ${v}`);
  };
  one('connections_open', 'gauge', 'Connections open now.', stats.connections.open);
  one('connections_accepted_total', 'counter', 'Connections accepted.', stats.connections.accepted);
  labelled('connections_closed_total', 'reason', 'Connections closed, by reason.', stats.connections.closed);
  one('logins_total', 'counter', 'Successful logins.', stats.logins);
  labelled('messages_in_total', 'kind', 'Frames received, by body kind.', stats.messagesIn);
  labelled(
    'requests_dropped_total',
    'kind',
    'Requests ignored on purpose (--drop-rate), by body kind.',
    stats.requestsDropped,
  );
  labelled('replies_out_total', 'kind', 'Replies sent, by body kind.', stats.repliesOut);
  labelled('errors_out_total', 'code', 'Error replies sent, by code.', stats.errorsOut);
  labelled('events_out_total', 'kind', 'Room event frames pushed to clients, by event kind.', stats.eventsOut);
  labelled('events_created_total', 'kind', 'Room events created, by event kind.', stats.eventsCreated);
  one('protocol_errors_total', 'counter', 'Connections closed for bad input.', stats.protocolErrors);
  one('heartbeat_timeouts_total', 'counter', 'Connections kicked for missing heartbeats.', stats.heartbeatTimeouts);
  one('login_timeouts_total', 'counter', 'Connections kicked for not logging in.', stats.loginTimeouts);
  one(
    'slow_consumer_drops_total',
    'counter',
    'Connections dropped for a full outbound queue.',
    stats.slowConsumerDrops,
  );
  one('bytes_in_total', 'counter', 'Bytes received from clients.', stats.bytesIn);
  one('bytes_out_total', 'counter', 'Bytes written to clients.', stats.bytesOut);
  one('rooms', 'gauge', 'Rooms with members.', stats.rooms.count);
  one('room_members', 'gauge', 'Room memberships.', stats.rooms.members);
  labelled('relay_total', 'what', 'Cross-process relay traffic.', stats.relay);
  for (const [k, v] of Object.entries(extra)) one(k, 'gauge', k.replace(/_/g, ' ') + '.', v);
  return out.join('\n') + '\n';
}
