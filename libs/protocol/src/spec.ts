/**
 * A protocol binding as validated data: what a `protocol.yaml` says, with every
 * name resolved against the `.proto` files it comes with. It is plain JSON, so it
 * travels inside a run's plan to the workers, which compile it once per run
 * (compileProtocol) into the codec the engine uses.
 */
export interface ProtocolSpec {
  /** The protocol's name (reports and errors use it). */
  name: string;
  /** The `.proto` sources, by the file name they import each other by. */
  protoFiles: ProtoFile[];
  framing: FramingSpec;
  envelope: EnvelopeSpec;
  /** Every message kind the protocol has, in a fixed order: stats and the hot path index by it. */
  kinds: KindSpec[];
  /** How a reply finds the request it answers. */
  match: MatchSpec;
  /** The request whose (non-error) reply counts a user as logged in; -1 for none. */
  loginKind: number;
  /** The kind a session's background heartbeat sends, -1 for none. */
  heartbeatKind: number;
  /** A field stamped with the send time on every request that has it (fan-out origin times come from it). */
  sendTime: TimeField | null;
  /** Code field of the error reply, for `errors.reply.<code>`-style reading; empty when none. */
  errorCodePath: string[];
  /** A module of the protocol's folder implementing ProtocolPlugin (local runs only). */
  plugin: string | null;
  /**
   * What a person does in the console's join-the-room panel (`room:` in protocol.yaml);
   * null or absent (plans stored before it existed) when the binding does not say.
   */
  room?: RoomSpec | null;
}

/**
 * The panel's actions, each a request kind with its fields. String values may hold
 * `{{room}}` (the room the person joined) and `{{text}}` (what they typed); a missing
 * action is one the panel cannot do on this protocol, and it says so.
 */
export interface RoomSpec {
  join: RoomAction | null;
  chat: RoomAction | null;
  like: RoomAction | null;
  gift: RoomAction | null;
  leave: RoomAction | null;
}

export interface RoomAction {
  /** The request kind sent (its binding name). */
  kind: string;
  /** Top-level fields of the kind's message, by their .proto names. */
  fields: Record<string, string | number | boolean>;
  /** The event (stats name, e.g. "chat") that brings the action back to the room, for the panel to spot its own. */
  echo: string | null;
}

export interface ProtoFile {
  name: string;
  text: string;
}

/** The bytes before each message, in wire order. */
export interface FramingSpec {
  /** Empty for a stream of bare messages is not allowed: a stream needs a length. */
  header: HeaderField[];
  maxFrameBytes: number;
}

export type Endian = 'big' | 'little';

export type HeaderField =
  /** A varint length prefix (protobuf's delimited format); the only header field when used. */
  | { kind: 'varint-length' }
  /**
   * A fixed-width length. `counts` says what it measures: the payload only, the
   * whole frame (header included), or everything after the length field itself.
   */
  | { kind: 'length'; bytes: 1 | 2 | 4; endian: Endian; counts: 'payload' | 'frame' | 'rest' }
  /** The message-type id that selects the kind (envelope mode `typeId`). */
  | { kind: 'typeId'; bytes: 1 | 2 | 4; endian: Endian }
  /** A request sequence number echoed by replies (match mode `echo` with `header: seq`). */
  | { kind: 'seq'; bytes: 1 | 2 | 4; endian: Endian }
  /** Bytes that every frame carries as given (magic, version); a frame without them is a protocol error. */
  | { kind: 'const'; name: string; hex: string }
  /** Bytes written as zeros and not read (flags, reserved). */
  | { kind: 'skip'; bytes: number };

/** What message is on the wire, and how its kind is chosen. */
export type EnvelopeSpec =
  /** One envelope message; the set member of a oneof is the kind. */
  | { mode: 'oneof'; message: string; oneof: string }
  /** One envelope message; an enum or integer field names the kind, a bytes field holds the kind's message. */
  | { mode: 'field'; message: string; kindField: string; payloadField: string }
  /** No envelope: the header's type id names the kind, the payload is the kind's message. */
  | { mode: 'typeId' };

export type KindRole = 'request' | 'reply' | 'event' | 'error' | 'disconnect' | 'message';

export interface KindSpec {
  /** lowerCamelCase of the oneof member (oneof mode) or as the binding names it. */
  name: string;
  /** The .proto name it may also be written as in scenarios (`join_room`), when different. */
  alias: string | null;
  /** Fully qualified message type of the kind's body. */
  message: string;
  /** The oneof member field (oneof mode), or the type id / enum number (other modes). */
  member: string | null;
  id: number;
  role: KindRole;
  /** For a request: the kind of its reply (by index), -1 when it is never answered. */
  reply: number;
  /** For an event: where its origin send time is, relative to the kind's message. */
  originTime: TimeField | null;
  /** For an event: a oneof of the kind's message whose members name its sub-kinds in the stats. */
  splitBy: string | null;
}

/** A numeric field holding a time: its path of field names (from the message it is relative to) and unit. */
export interface TimeField {
  path: string[];
  unit: TimeUnit;
}
export type TimeUnit = 's' | 'ms' | 'us' | 'ns';

export type MatchSpec =
  /** The request's `request` field is echoed in the reply's `reply` field (field paths on the wire message, or the header's seq). */
  | { mode: 'echo'; request: string[] | 'header'; reply: string[] | 'header' }
  /** Replies come in the order of the requests they answer, per reply kind. */
  | { mode: 'fifo' }
  /** Nothing is answered: every send is fire-and-forget. */
  | { mode: 'none' };

/** Milliseconds per unit. */
export const UNIT_MS: Readonly<Record<TimeUnit, number>> = { s: 1000, ms: 1, us: 0.001, ns: 0.000001 };
