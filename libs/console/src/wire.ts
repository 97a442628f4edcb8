/**
 * What the console's live stream sends (GET /v1/runs/:id/live?view=console), as the
 * browser reads it. Plain data, no imports: the browser code imports these types too.
 * Latencies in ms; counts per second.
 */

/** p50, p90, p99 in ms. */
export type Percentiles = [number, number, number];

export interface LivePhase {
  name: string;
  /** Seconds from the run's start. */
  from: number;
  to: number;
}

export interface LiveThreshold {
  expr: string;
  unit: 'ms' | 'ratio' | 'count';
  limit: number;
  op: string;
  /** The latency chart it belongs on (a histogram name such as "response.chat"), or null. */
  histogram: string | null;
  abort: boolean;
}

/** `event: meta`, first on every stream: what does not change during the run. */
export interface LiveMeta {
  runId: string;
  name: string;
  state: string;
  /** Epoch ms of the schedule's start. */
  startedAt: number | null;
  totalMs: number;
  loadModel: 'open' | 'closed';
  phases: LivePhase[];
  thresholds: LiveThreshold[];
  /** Seconds per point of the history that follows (1 = every second). */
  historyStep: number;
}

export interface ThresholdState {
  expr: string;
  observed: number | null;
  pass: boolean;
}

export interface WorkerRow {
  id: string;
  host: string;
  /** Users of this run on it. */
  users: number;
  capacity: number;
  /** What bounds its capacity (memory, open files, ports, the setting). */
  limit: string;
  cpu: number;
  loopP99: number;
  saturated: boolean;
  lost: boolean;
}

/**
 * The run's workers: totals every second, and a rotating page of rows, so the
 * stream stays the same size whatever the fleet's size (every worker is shown
 * within count / rows.length seconds).
 */
export interface WorkerDigest {
  count: number;
  lost: number;
  saturated: number;
  users: number;
  capacity: number;
  /** Index of rows[0] in the fleet sorted by id. */
  offset: number;
  rows: WorkerRow[];
}

/** One merged second (`data:` of `event: frame`; the history is an array of these). */
export interface LiveFrame {
  /** Epoch second. */
  s: number;
  /** Seconds since the run's start. */
  t: number;
  phase: string;
  users: number;
  usersTarget: number | null;
  arrivals: number;
  arrivalsTarget: number | null;
  dropped: number;
  msgOut: Record<string, number>;
  msgIn: Record<string, number>;
  /** Per request kind: request -> reply. */
  latency: Record<string, Percentiles>;
  /** Per room event kind: origin send -> received (fan-out). */
  delivery: Record<string, Percentiles>;
  errors: Record<string, number>;
  connOpen: number | null;
  cpu: number | null;
  loopP99: number | null;
  saturated: boolean;
  /** Live frames only: the thresholds on the running totals. */
  thresholds?: ThresholdState[];
  workers?: WorkerDigest;
}

/** `event: end`. */
export interface LiveEnd {
  id: string;
  state: string;
  stopReason: string | null;
}

/**
 * The join-the-room panel's WebSocket, `/v1/runs/:id/room` (docs/CONSOLE.md). The
 * browser sends JSON text messages; the first must be `join`, with the session's CSRF token.
 */
export type RoomRequest =
  | { type: 'join'; csrf: string; room: string }
  /** `id` is the browser's, echoed by `sent`; `text` for chat. */
  | { type: 'send'; id: number; action: RoomSendAction; text?: string };

export type RoomSendAction = 'chat' | 'like' | 'gift';

/** What the controller sends the panel. */
export type RoomMessage =
  | { type: 'status'; step: 'connecting' | 'logging in' | 'joining' }
  | RoomJoined
  | {
      type: 'events';
      events: RoomEvent[];
      /** Events of the room not shown since the last batch (rate or size bounds). */ skipped: number;
    }
  | RoomSent
  /** Something the person should know that does not end the panel (a refused send, a rate limit). */
  | { type: 'notice'; message: string }
  /** The panel is over (then the socket closes): the run ended, the target closed, an error. */
  | { type: 'closed'; reason: string };

export interface RoomJoined {
  type: 'joined';
  room: string;
  /** The user id the panel logged in as. */
  userId: number;
  protocol: string;
  target: string;
  /** What the panel may send here, and why not when it may not. */
  actions: Record<RoomSendAction, { ok: boolean; why: string | null }>;
  /** Login (when the protocol has one) and join round trips, ms. */
  loginMs: number | null;
  joinMs: number;
  /** Keys of the fleet's figures in the live frames: `latency[k]` per action, `delivery[echo]`. */
  fleet: { latency: Partial<Record<RoomSendAction, string>>; echo: string | null };
}

export interface RoomSent {
  type: 'sent';
  id: number;
  action: RoomSendAction;
  /** Request -> its reply (the protocol's reply matching); null when the kind is never answered. */
  rttMs: number | null;
  /** The error reply, or why it was not sent. */
  error: string | null;
}

export interface RoomEvent {
  /** The event's stats name (chat, likes, gift, join, ... as the binding names them). */
  name: string;
  /** Epoch ms the controller received it. */
  at: number;
  /** Origin send -> received, ms, when the protocol carries the origin time. */
  deliveryMs: number | null;
  /** The person's own: their chat coming back (matched by its text), or an event naming their user id. */
  own: boolean;
  /** Their chat's send -> back time. */
  echoMs: number | null;
  /** The event's fields, flattened (`chat.text`), as text. */
  fields: Record<string, string>;
}
