import { BODY_KINDS, REQUEST_KINDS, ROOM_EVENT_KINDS } from '@loadfleet/protocol';
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
  'expect_mismatch',
  'closed_by_peer',
  'connect',
  'feeder_exhausted',
  'kicked',
  /** The target did not read what was sent: more than maxOutboundBytes waited on one connection. */
  'slow_target',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const ids = (rec: Recorder, names: readonly string[], make: (n: string) => string, kind: 'counter' | 'histogram') =>
  Object.fromEntries(
    names.map((n) => [n, kind === 'counter' ? rec.counter(make(n)) : rec.histogram(make(n))]),
  ) as Record<string, number>;

/** Every stats slot the engine writes, registered once at configuration time. */
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
  readonly connFailed: Record<string, number>;
  readonly connClosed: Record<string, number>;
  readonly errors: Record<string, number>;
  readonly msgOut: Record<string, number>;
  readonly msgIn: Record<string, number>;
  readonly eventIn: Record<string, number>;
  readonly response: Record<string, number>;
  readonly responseIntended: Record<string, number>;
  readonly delivery: Record<string, number>;
  readonly transactions: number[];
  /** The same ids by REQUEST_KINDS index, for the per-message path (no string-keyed lookup). */
  readonly msgOutByKind: number[];
  readonly responseByKind: number[];
  readonly responseIntendedByKind: number[];
  readonly msgInHeartbeatAck: number;
  readonly msgInAck: number;
  readonly msgInEvent: number;
  /** By ROOM_EVENT_KINDS index. */
  readonly eventInByKind: number[];
  readonly deliveryByKind: number[];

  constructor(rec: Recorder, plan: Plan) {
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
    this.connFailed = ids(rec, CONNECT_FAILURES, N.connFailed, 'counter');
    this.connClosed = ids(rec, ['by_peer', 'by_user', 'error', 'run_end'], N.connClosed, 'counter');
    this.errors = ids(rec, ERROR_KINDS, N.error, 'counter');
    this.msgOut = ids(rec, REQUEST_KINDS, N.msgOut, 'counter');
    this.msgIn = ids(rec, BODY_KINDS, N.msgIn, 'counter');
    this.eventIn = ids(rec, ROOM_EVENT_KINDS, N.eventIn, 'counter');
    this.response = ids(rec, REQUEST_KINDS, N.response, 'histogram');
    this.responseIntended = ids(rec, REQUEST_KINDS, N.responseIntended, 'histogram');
    this.delivery = ids(rec, ROOM_EVENT_KINDS, N.delivery, 'histogram');
    this.transactions = plan.transactions.map((t) => rec.histogram(N.transaction(t)));
    this.msgOutByKind = REQUEST_KINDS.map((k) => this.msgOut[k]!);
    this.responseByKind = REQUEST_KINDS.map((k) => this.response[k]!);
    this.responseIntendedByKind = REQUEST_KINDS.map((k) => this.responseIntended[k]!);
    this.msgInHeartbeatAck = this.msgIn.heartbeatAck!;
    this.msgInAck = this.msgIn.ack!;
    this.msgInEvent = this.msgIn.event!;
    this.eventInByKind = ROOM_EVENT_KINDS.map((k) => this.eventIn[k]!);
    this.deliveryByKind = ROOM_EVENT_KINDS.map((k) => this.delivery[k]!);
  }
}
