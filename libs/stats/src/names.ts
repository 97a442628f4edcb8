/**
 * The names of every counter, gauge and histogram. The engine records under
 * these names, the report and the thresholds read them: nowhere else spells them.
 * Latency histograms hold microseconds.
 */

// Counters (summed within a second, across workers and across seconds)
export const USERS_STARTED = 'users.started';
export const USERS_FINISHED = 'users.finished';
export const USERS_FAILED = 'users.failed';
/** Arrivals that could not start: a cap, no capacity, or the generator too far behind. */
export const USERS_DROPPED = 'users.dropped';
export const USERS_LOGGED_IN = 'users.loggedIn';
export const CONN_ATTEMPTED = 'conn.attempted';
export const CONN_ESTABLISHED = 'conn.established';
/** conn.failed.<reason>: refused, timeout, reset, addrnotavail, addrinuse, emfile, tls, unreachable, other */
export const connFailed = (reason: string) => `conn.failed.${reason}`;
/** conn.closed.<reason>: by_peer, by_user, error, kicked, run_end */
export const connClosed = (reason: string) => `conn.closed.${reason}`;
/** msg.out.<kind> / msg.in.<kind>: by the protocol's message kinds */
export const msgOut = (kind: string) => `msg.out.${kind}`;
export const msgIn = (kind: string) => `msg.in.${kind}`;
/**
 * msg.notSent.<kind>: messages a user went to write into a connection that was
 * already closing (the peer had closed it, or it had failed): never written, so
 * not in msg.out. The user then handles the close (reconnects or fails).
 */
export const msgNotSent = (kind: string) => `msg.notSent.${kind}`;
/**
 * What became of each request sent (msg.out.<kind> of a kind that has a reply):
 * sent = answered + timedOut + unansweredAtClose, kind by kind, for every request a
 * worker's records cover to its end. answered includes error replies.
 */
export const requestsAnswered = (kind: string) => `requests.answered.${kind}`;
/** Requests given up on: no reply within the request timeout (a reply that comes later is only msg.in). */
export const requestsTimedOut = (kind: string) => `requests.timedOut.${kind}`;
/** Requests still unanswered when their user's connection closed (by the peer, an error, the user or the run's end). */
export const requestsUnansweredAtClose = (kind: string) => `requests.unansweredAtClose.${kind}`;
export const REQUESTS_ANSWERED_PREFIX = 'requests.answered.';
export const REQUESTS_TIMED_OUT_PREFIX = 'requests.timedOut.';
export const REQUESTS_UNANSWERED_PREFIX = 'requests.unansweredAtClose.';
export const MSG_NOT_SENT_PREFIX = 'msg.notSent.';
/** event.in.<event>: the protocol's pushed events (for the bundled chat protocol: chat, likes, gift, beam, join, leave) */
export const eventIn = (kind: string) => `event.in.${kind}`;
export const BYTES_OUT = 'bytes.out';
export const BYTES_IN = 'bytes.in';
/** errors.<kind>: protocol, request_timeout, error_reply, expect_timeout, closed_by_peer, connect, feeder_exhausted, kicked, slow_target */
export const error = (kind: string) => `errors.${kind}`;
export const ERRORS_PREFIX = 'errors.';
/** Requests answered by an error body instead of their reply. */
export const THRESHOLD_BREACHES = 'thresholds.breached';

// Gauges (the value at the end of the second; summed across workers, last across seconds)
export const USERS_ACTIVE = 'users.active';
export const CONN_OPEN = 'conn.open';
/** What the schedule intended: users that should be alive, and the arrival rate (users/s). */
export const USERS_TARGET = 'users.target';
export const ARRIVAL_RATE_TARGET = 'arrivals.target';

// Health gauges (max across workers within a second)
export const HEALTH_PREFIX = 'health.';
export const HEALTH_LOOP_DELAY_P99_MS = 'health.loopDelayP99Ms';
export const HEALTH_LOOP_DELAY_MAX_MS = 'health.loopDelayMaxMs';
export const HEALTH_CPU_PCT = 'health.cpuPct';
export const HEALTH_RSS_BYTES = 'health.rssBytes';
export const HEALTH_SOCKETS = 'health.sockets';
/** 1 when the generator was saturated this second (loop delay or timer lateness over the limit). */
export const HEALTH_SATURATED = 'health.saturated';

// Histograms (microseconds)
export const CONNECT_TIME = 'connect';
/** response.<requestKind>: request sent -> reply received */
export const response = (kind: string) => `response.${kind}`;
/** response_intended.<requestKind>: intended send time -> reply (coordinated omission corrected) */
export const responseIntended = (kind: string) => `response_intended.${kind}`;
/** delivery.<roomEventKind>: origin send time -> event received (fan-out latency) */
export const delivery = (kind: string) => `delivery.${kind}`;
export const DELIVERY_ALL = 'delivery';
export const transaction = (name: string) => `transaction.${name}`;
export const SESSION_TIME = 'session';
/** How late user starts and timers fired against their intended time. */
export const LATENESS_START = 'lateness.start';
export const LATENESS_TIMER = 'lateness.timer';
/** Users still running when the run ended and were stopped (not a failure). */
export const USERS_INTERRUPTED = 'users.interrupted';
/** Requests still unanswered when their user closed its connection (neither answered nor timed out). */
export const UNANSWERED_AT_CLOSE = 'requests.unansweredAtClose';
/** Reconnects made by users whose connection was lost (sessions with `reconnect:`). */
export const USERS_RECONNECTS = 'users.reconnects';
/** From a lost connection to the user logged in again (or connected, for a protocol without login). */
export const RECONNECT_TIME = 'reconnect';
/** Users that left a rendezvous because its timeout passed before the group was complete. */
export const RENDEZVOUS_TIMEOUTS = 'rendezvous.timeouts';
