import type { BodyKind, RoomEventKind } from '@loadfleet/protocol';
import { ERROR_NAMES, type ErrorName, type WireNames } from './wire.js';

/** Why a connection closed; `peer` = the client closed it, `error` = a socket error (ECONNRESET, EPIPE…). */
export const CLOSE_REASONS = [
  'peer',
  'error',
  'protocolError',
  'heartbeatTimeout',
  'loginTimeout',
  'slowConsumer',
  'shutdown',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export const CLOSE = Object.fromEntries(CLOSE_REASONS.map((r, i) => [r, i])) as Record<CloseReason, number>;

/** Transports a connection can come over. */
export const TRANSPORTS = ['tcp', 'ws'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

/** The JSON shape of /stats (per process, and summed over processes), with the kind names of one wire. */
export interface WireStats<In extends string = string, Reply extends string = string, Event extends string = string> {
  /** The wire format spoken ('chat' = the bundled protocol, or 'im-lite'). */
  wire: string;
  connections: {
    /** Connections held now (accepted and not closed), logged in or not. */
    open: number;
    accepted: number;
    /** Connections accepted and closed at once because every process was at its capacity. */
    refused: number;
    closed: Record<CloseReason, number>;
    /** Connections held now, by transport. */
    openBy: Record<TransportName, number>;
  };
  logins: number;
  /** Requests received, by kind (every kind is present, zero when none). */
  messagesIn: Record<In, number>;
  /** Requests received and then ignored on purpose (--drop-rate), by kind; also counted in messagesIn. */
  requestsDropped: Record<In, number>;
  /** Replies sent (each answers one request), by kind. */
  repliesOut: Record<Reply, number>;
  /** Error replies by code (their sum is the error kind of repliesOut). */
  errorsOut: Record<ErrorName, number>;
  /** Push frames written to clients (one per member reached), by kind. */
  eventsOut: Record<Event, number>;
  /** Pushes created (encoded once) by this process, by kind; fan-out is counted in eventsOut. */
  eventsCreated: Record<Event, number>;
  protocolErrors: number;
  heartbeatTimeouts: number;
  loginTimeouts: number;
  slowConsumerDrops: number;
  bytesIn: number;
  bytesOut: number;
  /** Rooms with members and memberships (in the totals: what every process knows of). */
  rooms: { count: number; members: number };
  /** Cross-process relay: event frames and batches sent to / received from the other processes. */
  relay: { framesOut: number; framesIn: number; batchesOut: number; batchesIn: number };
}

/** /stats of the bundled chat protocol, with its kind names typed. */
export type ChatStats = WireStats<
  BodyKind,
  'loginAck' | 'joined' | 'left' | 'ack' | 'heartbeatAck' | 'error',
  RoomEventKind
>;

const zeros = (n: number) => new Array<number>(n).fill(0);
const keyed = <K extends string>(keys: readonly K[], values: ArrayLike<number>) =>
  Object.fromEntries(keys.map((k, i) => [k, values[i]!])) as Record<K, number>;

/**
 * One process's counters: plain numbers and arrays indexed by kind, so the hot
 * path only does `counters.x[i]++`. The JSON shape is built on demand.
 */
export class Counters {
  open = 0;
  accepted = 0;
  refused = 0;
  readonly openBy = zeros(TRANSPORTS.length);
  readonly closed = zeros(CLOSE_REASONS.length);
  logins = 0;
  readonly messagesIn: number[];
  readonly requestsDropped: number[];
  readonly repliesOut: number[];
  readonly errorsOut = zeros(ERROR_NAMES.length);
  readonly eventsOut: number[];
  readonly eventsCreated: number[];
  protocolErrors = 0;
  heartbeatTimeouts = 0;
  loginTimeouts = 0;
  slowConsumerDrops = 0;
  bytesIn = 0;
  bytesOut = 0;
  relayFramesOut = 0;
  relayFramesIn = 0;
  relayBatchesOut = 0;
  relayBatchesIn = 0;

  constructor(
    readonly names: WireNames,
    readonly wireName = 'chat',
  ) {
    this.messagesIn = zeros(names.messagesIn.length);
    this.requestsDropped = zeros(names.messagesIn.length);
    this.repliesOut = zeros(names.repliesOut.length);
    this.eventsOut = zeros(names.events.length);
    this.eventsCreated = zeros(names.events.length);
  }

  snapshot(rooms: { count: number; members: number }): WireStats {
    const n = this.names;
    return {
      wire: this.wireName,
      connections: {
        open: this.open,
        accepted: this.accepted,
        refused: this.refused,
        closed: keyed(CLOSE_REASONS, this.closed),
        openBy: keyed(TRANSPORTS, this.openBy),
      },
      logins: this.logins,
      messagesIn: keyed(n.messagesIn, this.messagesIn),
      requestsDropped: keyed(n.messagesIn, this.requestsDropped),
      repliesOut: keyed(n.repliesOut, this.repliesOut),
      errorsOut: keyed(ERROR_NAMES, this.errorsOut),
      eventsOut: keyed(n.events, this.eventsOut),
      eventsCreated: keyed(n.events, this.eventsCreated),
      protocolErrors: this.protocolErrors,
      heartbeatTimeouts: this.heartbeatTimeouts,
      loginTimeouts: this.loginTimeouts,
      slowConsumerDrops: this.slowConsumerDrops,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      rooms: { ...rooms },
      relay: {
        framesOut: this.relayFramesOut,
        framesIn: this.relayFramesIn,
        batchesOut: this.relayBatchesOut,
        batchesIn: this.relayBatchesIn,
      },
    };
  }
}

/** A zeroed snapshot of a wire's counters (the neutral element of sumStats). */
export function emptyStats(names: WireNames, wireName: string): WireStats {
  return new Counters(names, wireName).snapshot({ count: 0, members: 0 });
}

/** Adds every numeric leaf of `b` into `a` (same shape); returns `a`. Strings (the wire name) are kept. */
export function sumStats<T extends object>(a: T, b: T): T {
  const ra = a as Record<string, unknown>;
  for (const [k, v] of Object.entries(b)) {
    if (typeof v === 'number') ra[k] = ((ra[k] as number | undefined) ?? 0) + v;
    else if (v !== null && typeof v === 'object') {
      if (ra[k] === undefined) ra[k] = {};
      sumStats(ra[k] as object, v as object);
    }
  }
  return a;
}
