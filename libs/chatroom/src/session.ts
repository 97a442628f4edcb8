import { FrameDecoder, type FrameSink } from '@loadfleet/protocol';
import type { DelayedInput } from './delay.js';

/**
 * What the core needs of a connection: a structural subset of net.Socket /
 * tls.TLSSocket, so a socket is passed as it is (no wrapper object), and tests
 * pass a fake.
 */
export interface Transport {
  write(data: Uint8Array): boolean;
  /** Bytes queued in user space and not yet handed to the kernel. */
  readonly writableLength: number;
  /** False once the stream has ended (e.g. after the peer's FIN); optional for fakes. */
  readonly writable?: boolean;
  /** Flush what is queued, then close. */
  end(): void;
  /** Close now, discarding what is queued. */
  destroy(): void;
}

/** Session states, in order: a session only moves forward. */
export const NEW = 0;
export const ACTIVE = 1;
export const CLOSING = 2;
export const CLOSED = 3;

/** The frame handler the session forwards to (the core); kept as an interface to avoid a cycle. */
export interface FrameHandler {
  onFrame(session: Session, payload: Uint8Array): boolean;
}

/**
 * One connection's state. It is its decoder's sink, so feeding a chunk costs no
 * closure; every per-message decision reads fields of this object.
 */
export class Session implements FrameSink, DelayedInput {
  state = NEW;
  userId = 0;
  /** Login deadline (NEW), heartbeat deadline (ACTIVE) or forced-close deadline (CLOSING), in clock ms. */
  deadline: number;
  /** Receive time of the chunk being handled (clock ms): the serverTime of its replies. */
  now = 0;
  /** Rooms joined, by name (a handful at most: an array beats a Set here). */
  readonly rooms: string[] = [];
  /** Index into CLOSE_REASONS decided by the server, or -1 (then: peer, or error if errored). */
  closeReason = -1;
  errored = false;
  /** Chunks held back by --extra-latency (null when none, or the feature is off). */
  delayed: Uint8Array[] | null = null;
  readonly decoder: FrameDecoder;

  constructor(
    readonly id: number,
    readonly transport: Transport,
    private readonly handler: FrameHandler,
    maxFrame: number,
    deadline: number,
  ) {
    this.decoder = new FrameDecoder(maxFrame);
    this.deadline = deadline;
  }

  onFrame(payload: Uint8Array): boolean {
    return this.handler.onFrame(this, payload);
  }

  inRoom(room: string): boolean {
    return this.rooms.includes(room);
  }
}
