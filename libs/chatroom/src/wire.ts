import type { ChatCore } from './core.js';
import type { Session } from './session.js';

/**
 * A wire format the chat server speaks: how bytes become requests and how
 * replies, pushes and kicks become bytes. The room semantics (requests.ts,
 * fanout.ts) are the same for every wire; only names, framing and encoding
 * differ. Two wires exist: the bundled chat protocol (chat-wire.ts) and
 * im-lite (im-lite-wire.ts).
 */

/** Replies by what they answer; every wire names its six reply kinds in this order. */
export const REPLY = { login: 0, join: 1, leave: 2, ack: 3, heartbeat: 4, error: 5 } as const;

/** Room events by meaning; a wire maps each to one of its push kinds (`Wire.eventIndex`). */
export const EVENT = { chat: 0, likes: 1, gift: 2, beam: 3, join: 4, leave: 5 } as const;

/** Error replies by code (the bundled ErrorCode values); errorsOut is indexed by code - 1. */
export const ERROR_NAMES = ['notLoggedIn', 'notInRoom', 'badRequest', 'protocolError', 'alreadyLoggedIn'] as const;
export type ErrorName = (typeof ERROR_NAMES)[number];

/** Bad bytes from a peer, as any decoder of any wire reports them (ProtocolError has this shape). */
export interface FrameError {
  readonly code: string;
  readonly message: string;
}

export interface PayloadSink {
  onFrame(payload: Uint8Array): boolean;
}

/** A streaming frame decoder of a byte-stream transport (TCP, TLS). */
export interface StreamDecoder {
  feed(chunk: Uint8Array, sink: PayloadSink): FrameError | undefined;
}

/** The kind names of a wire, in index order: /stats and /metrics use them. */
export interface WireNames {
  /** Requests received, by kind. */
  readonly messagesIn: readonly string[];
  /** Replies sent, in REPLY order. */
  readonly repliesOut: readonly string[];
  /** Pushes, by kind. */
  readonly events: readonly string[];
}

/** Reply encoders: `ctx` is what ties the reply to its request (the bundled seq; im-lite ignores it). */
export interface ReplyEncoder {
  login(ctx: number, now: number, userId: number): Uint8Array;
  joined(ctx: number, now: number, room: string, memberCount: number): Uint8Array;
  left(ctx: number, now: number, room: string): Uint8Array;
  ack(ctx: number, now: number): Uint8Array;
  heartbeat(ctx: number, now: number): Uint8Array;
  error(ctx: number, code: number, reason: string): Uint8Array;
}

/** Push encoders; `time` is the origin request's send time in the wire's own unit. */
export interface EventEncoder {
  chat(room: string, user: number, time: number, text: string): Uint8Array;
  likes(room: string, user: number, time: number, count: number, senders: number): Uint8Array;
  gift(room: string, user: number, time: number, giftId: number, count: number, value: number): Uint8Array;
  beam(room: string, user: number, time: number, beamId: number, value: number): Uint8Array;
  member(room: string, user: number, time: number, joined: boolean, memberCount: number): Uint8Array;
}

export interface Wire {
  readonly name: string;
  readonly names: WireNames;
  /** The push kind index of each EVENT. */
  readonly eventIndex: readonly number[];
  /** Whether a like is answered (the bundled wire acks it; im-lite never answers it, not even with an error). */
  readonly answersLikes: boolean;
  newDecoder(maxFrame: number): StreamDecoder;
  /** Decodes one frame payload and handles the request in it (counting it, or counting a protocol error). */
  handle(core: ChatCore, s: Session, payload: Uint8Array): void;
  /** Calls `fn` with the payload of each frame in a buffer of whole frames (a message transport sends each alone). */
  forEachPayload(frames: Uint8Array, fn: (payload: Uint8Array) => void): void;
  /** A time of the server's clock (ms) in the wire's unit, for the events the server itself causes. */
  timeOf(ms: number): number;
  readonly reply: ReplyEncoder;
  readonly event: EventEncoder;
  kick(reason: number, detail: string): Uint8Array;
  /** What precedes the kick of a protocol error (the bundled wire: an error reply with seq 0), if anything. */
  protocolErrorReply(code: string): Uint8Array | undefined;
}
