import type { WireProtocol } from '@loadfleet/protocol';
import type { Plan } from '@loadfleet/scenario';
import { names as N } from '@loadfleet/stats';
import type { Recorder } from './recorder.js';

/** Connect failure reasons the engine tells apart. */
/** `forbidden`: a target outside the worker's allowlist, never connected to. */
export const CONNECT_FAILURES = [
  'refused',
  'timeout',
  'reset',
  'addrnotavail',
  'addrinuse',
  'emfile',
  'tls',
  'unreachable',
  'forbidden',
  'other',
] as const;
export type ConnectFailure = (typeof CONNECT_FAILURES)[number];

export const ERROR_KINDS = [
  'protocol',
  'request_timeout',
  'error_reply',
  'expect_timeout',
  'closed_by_peer',
  'connect',
  'feeder_exhausted',
  'kicked',
  /** The target did not read what was sent: more than maxOutboundBytes waited on one connection. */
  'slow_target',
  /** A message whose rendered fields protobuf could not encode (e.g. a number out of its field's range). */
  'encode',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const ids = (rec: Recorder, names: readonly string[], make: (n: string) => string, kind: 'counter' | 'histogram') =>
  Object.fromEntries(
    names.map((n) => [n, kind === 'counter' ? rec.counter(make(n)) : rec.histogram(make(n))]),
  ) as Record<string, number>;

/**
 * Every stats slot the engine writes, registered once at configuration time. The
 * per-message ones are arrays indexed by the protocol's kind index (or event
 * stats index), so the hot path never looks a name up.
 */
export class EngineMetrics {
  readonly usersStarted: number;
  readonly usersFinished: number;
  readonly usersFailed: number;
  readonly usersDropped: number;
  readonly usersInterrupted: number;
  readonly usersLoggedIn: number;
  readonly connAttempted: number;
  readonly connEstablished: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly connectTime: number;
  readonly sessionTime: number;
  readonly latenessStart: number;
  readonly latenessTimer: number;
  readonly deliveryAll: number;
  readonly unansweredAtClose: number;
  readonly rendezvousTimeouts: number;
  readonly reconnects: number;
  readonly reconnectTime: number;
  readonly connFailed: Record<string, number>;
  readonly connClosed: Record<string, number>;
  readonly errors: Record<string, number>;
  readonly transactions: number[];
  /** By kind index: messages sent and received; for answered requests, response times (others: -1). */
  readonly msgOut: number[];
  readonly msgIn: number[];
  /** By kind index (kinds a user sends): messages not written, their connection already closing. */
  readonly msgNotSent: number[];
  /** By request kind index (kinds with a reply; others -1): what became of each request sent. */
  readonly requestAnswered: number[];
  readonly requestTimedOut: number[];
  readonly requestUnansweredAtClose: number[];
  readonly response: number[];
  readonly responseIntended: number[];
  /** By event stats index. */
  readonly eventIn: number[];
  readonly delivery: number[];

  constructor(rec: Recorder, plan: Plan, protocol: WireProtocol) {
    this.usersStarted = rec.counter(N.USERS_STARTED);
    this.usersFinished = rec.counter(N.USERS_FINISHED);
    this.usersFailed = rec.counter(N.USERS_FAILED);
    this.usersDropped = rec.counter(N.USERS_DROPPED);
    this.usersInterrupted = rec.counter(N.USERS_INTERRUPTED);
    this.usersLoggedIn = rec.counter(N.USERS_LOGGED_IN);
    this.connAttempted = rec.counter(N.CONN_ATTEMPTED);
    this.connEstablished = rec.counter(N.CONN_ESTABLISHED);
    this.bytesIn = rec.counter(N.BYTES_IN);
    this.bytesOut = rec.counter(N.BYTES_OUT);
    this.connectTime = rec.histogram(N.CONNECT_TIME);
    this.sessionTime = rec.histogram(N.SESSION_TIME);
    this.latenessStart = rec.histogram(N.LATENESS_START);
    this.latenessTimer = rec.histogram(N.LATENESS_TIMER);
    this.deliveryAll = rec.histogram(N.DELIVERY_ALL);
    this.unansweredAtClose = rec.counter(N.UNANSWERED_AT_CLOSE);
    this.rendezvousTimeouts = rec.counter(N.RENDEZVOUS_TIMEOUTS);
    this.reconnects = rec.counter(N.USERS_RECONNECTS);
    this.reconnectTime = rec.histogram(N.RECONNECT_TIME);
    this.connFailed = ids(rec, CONNECT_FAILURES, N.connFailed, 'counter');
    this.connClosed = ids(rec, ['by_peer', 'by_user', 'error', 'run_end'], N.connClosed, 'counter');
    this.errors = ids(rec, ERROR_KINDS, N.error, 'counter');
    this.transactions = plan.transactions.map((t) => rec.histogram(N.transaction(t)));
    const kinds = protocol.kinds;
    this.msgOut = kinds.map((k) => (k.role === 'request' || k.role === 'message' ? rec.counter(N.msgOut(k.name)) : -1));
    this.msgIn = kinds.map((k) => rec.counter(N.msgIn(k.name)));
    this.msgNotSent = kinds.map((k) =>
      k.role === 'request' || k.role === 'message' ? rec.counter(N.msgNotSent(k.name)) : -1,
    );
    const perRequest = (name: (kind: string) => string) =>
      kinds.map((k) => (k.reply >= 0 ? rec.counter(name(k.name)) : -1));
    this.requestAnswered = perRequest(N.requestsAnswered);
    this.requestTimedOut = perRequest(N.requestsTimedOut);
    this.requestUnansweredAtClose = perRequest(N.requestsUnansweredAtClose);
    this.response = kinds.map((k) => (k.reply >= 0 ? rec.histogram(N.response(k.name)) : -1));
    this.responseIntended = kinds.map((k) => (k.reply >= 0 ? rec.histogram(N.responseIntended(k.name)) : -1));
    this.eventIn = protocol.eventNames.map((n) => rec.counter(N.eventIn(n)));
    this.delivery = protocol.eventNames.map((n) => rec.histogram(N.delivery(n)));
  }
}
