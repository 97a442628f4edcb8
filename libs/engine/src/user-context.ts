import type { FrameSplitter, HeaderValues, Kind, WireProtocol } from '@loadfleet/protocol';
import type { Plan } from '@loadfleet/scenario';
import type { Endpoints } from './connect.js';
import type { openConnection } from './connection.js';
import type { IntervalQueue } from './interval-queue.js';
import type { EngineMetrics } from './metrics.js';
import type { Random } from './random.js';
import type { Recorder } from './recorder.js';
import type { Rendezvous } from './rendezvous.js';
import type { TimerHeap } from './timer-heap.js';
import type { VUser } from './vuser.js';

/** What a virtual user needs from its engine (shared by all users). */
export interface UserContext {
  readonly plan: Plan;
  readonly protocol: WireProtocol;
  /** Reply kind index of each kind index (-1: not answered), for replies matched in order. */
  readonly replyOf: Int32Array;
  /** The protocol's heartbeat kind and its encoded (empty-field) message; null when it has none. */
  readonly heartbeatKind: Kind | null;
  readonly heartbeatBody: Uint8Array;
  readonly rec: Recorder;
  readonly m: EngineMetrics;
  readonly heap: TimerHeap;
  /** The heartbeat timers of one interval (every session with heartbeats has its queue). */
  heartbeats(intervalMs: number): IntervalQueue;
  readonly rng: Random;
  readonly endpoints: Endpoints;
  readonly allowTarget: ((host: string, port: number) => boolean) | null;
  readonly maxOutboundBytes: number;
  /** The largest WebSocket message accepted: the frame limit plus the header. */
  readonly maxMessageBytes: number;
  /** The splitter lent to whichever user is reading a chunk (see VUser.connData). */
  readonly spareSplitter: FrameSplitter;
  /** Gives the spare splitter away (a user keeps it while a frame straddles its chunks) and makes a new spare. */
  adoptSpareSplitter(): FrameSplitter;
  /** Scratch for the header fields of a WebSocket message. */
  readonly headerValues: HeaderValues;
  readonly rendezvous: Rendezvous;
  /** Opens a user's connection (connection.ts's openConnection; tests give a scripted one). */
  readonly openConnection: typeof openConnection;
  now(): number;
  socketOpened(): void;
  socketClosed(): void;
  userEnded(user: VUser): void;
}
