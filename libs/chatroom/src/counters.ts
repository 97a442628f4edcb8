import { BODY_KINDS, ROOM_EVENT_KINDS, type BodyKind, type RoomEventKind } from '@loadfleet/protocol';

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

/** Reply body kinds the server sends (each carries a request's seq). */
export const REPLY_KINDS = ['loginAck', 'joined', 'left', 'ack', 'heartbeatAck', 'error'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];
export const REPLY = Object.fromEntries(REPLY_KINDS.map((r, i) => [r, i])) as Record<ReplyKind, number>;

/** Error replies by code; index = ErrorCode - 1. */
export const ERROR_NAMES = ['notLoggedIn', 'notInRoom', 'badRequest', 'protocolError', 'alreadyLoggedIn'] as const;
export type ErrorName = (typeof ERROR_NAMES)[number];

/** Index of each body kind in BODY_KINDS, and of each room event kind in ROOM_EVENT_KINDS. */
export const BODY_INDEX = Object.fromEntries(BODY_KINDS.map((k, i) => [k, i])) as Record<BodyKind, number>;
export const EVENT = Object.fromEntries(ROOM_EVENT_KINDS.map((k, i) => [k, i])) as Record<RoomEventKind, number>;

/** The JSON shape of /stats (per process, and summed over processes). */
export interface ChatStats {
  connections: { open: number; accepted: number; closed: Record<CloseReason, number> };
  logins: number;
  /** Frames received, by Envelope body kind (every kind is present, zero when none). */
  messagesIn: Record<BodyKind, number>;
  /** Requests received and then ignored on purpose (--drop-rate), by body kind; also counted in messagesIn. */
  requestsDropped: Record<BodyKind, number>;
  /** Replies sent (each answers one request and echoes its seq), by body kind. */
  repliesOut: Record<ReplyKind, number>;
  /** Error replies by code (their sum is repliesOut.error). */
  errorsOut: Record<ErrorName, number>;
  /** Room event frames pushed to clients (one per member reached), by RoomEvent kind. */
  eventsOut: Record<RoomEventKind, number>;
  /** Room events created (encoded once) by this process, by kind; fan-out is counted in eventsOut. */
  eventsCreated: Record<RoomEventKind, number>;
  protocolErrors: number;
  heartbeatTimeouts: number;
  loginTimeouts: number;
  slowConsumerDrops: number;
  bytesIn: number;
  bytesOut: number;
  /** Rooms with members and memberships (in /stats totals: the primary's global view). */
  rooms: { count: number; members: number };
  /** Cross-process relay: event frames and batches sent to / received from the hub. */
  relay: { framesOut: number; framesIn: number; batchesOut: number; batchesIn: number };
}

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
  readonly closed = zeros(CLOSE_REASONS.length);
  logins = 0;
  readonly messagesIn = zeros(BODY_KINDS.length);
  readonly requestsDropped = zeros(BODY_KINDS.length);
  readonly repliesOut = zeros(REPLY_KINDS.length);
  readonly errorsOut = zeros(ERROR_NAMES.length);
  readonly eventsOut = zeros(ROOM_EVENT_KINDS.length);
  readonly eventsCreated = zeros(ROOM_EVENT_KINDS.length);
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

  snapshot(rooms: { count: number; members: number }): ChatStats {
    return {
      connections: { open: this.open, accepted: this.accepted, closed: keyed(CLOSE_REASONS, this.closed) },
      logins: this.logins,
      messagesIn: keyed(BODY_KINDS, this.messagesIn),
      requestsDropped: keyed(BODY_KINDS, this.requestsDropped),
      repliesOut: keyed(REPLY_KINDS, this.repliesOut),
      errorsOut: keyed(ERROR_NAMES, this.errorsOut),
      eventsOut: keyed(ROOM_EVENT_KINDS, this.eventsOut),
      eventsCreated: keyed(ROOM_EVENT_KINDS, this.eventsCreated),
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

/** A zeroed snapshot (the neutral element of sumStats). */
export function emptyStats(): ChatStats {
  return new Counters().snapshot({ count: 0, members: 0 });
}

/** Adds every numeric leaf of `b` into `a` (same shape); returns `a`. */
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
