import type { Counters } from './counters.js';
import type { RoomRelay } from './relay.js';
import { Room } from './rooms.js';
import { CLOSING, type Session } from './session.js';
import { EVENT, type Wire } from './wire.js';

/** What the fan-out needs from its owner. */
export interface FanoutHost {
  readonly counters: Counters;
  readonly wire: Wire;
  /** Writes event bytes to a member; false when the member was not reached (closing, or dropped as slow). */
  push(session: Session, data: Uint8Array): boolean;
}

/**
 * Room membership and event fan-out for one process. Every event is encoded
 * once by its creator; the frames a room collects during one event-loop turn
 * are written to each local member as ONE buffer (so N events to M members
 * cost M writes, not N×M), on a deferred flush. Likes are summed per room and
 * go out as one LikesEvent per batch interval.
 */
export class Fanout {
  readonly rooms = new Map<string, Room>();
  memberships = 0;
  private queue: Room[] = [];
  private flushArmed = false;
  private likeRooms: Room[] = [];
  private readonly flushNow = () => this.flush();
  private readonly likesKind: number;

  constructor(
    private readonly host: FanoutHost,
    private readonly relay: RoomRelay,
    /** Schedules the fan-out flush (setImmediate in a server; tests flush by hand). */
    private readonly defer: (fn: () => void) => void,
    /** Like batching interval in ms; 0 sends every like as its own LikesEvent. */
    private readonly likeBatch: number,
  ) {
    this.likesKind = host.wire.eventIndex[EVENT.likes]!;
  }

  join(s: Session, name: string): Room {
    let room = this.rooms.get(name);
    if (room === undefined) {
      room = new Room(name, this.host.wire.names.events.length);
      // Members elsewhere are known before any of ours joined (other processes tell every process).
      room.remote = this.relay.remote(name);
      this.rooms.set(name, room);
    }
    room.members.add(s);
    s.rooms.push(name);
    this.memberships++;
    this.relay.memberDelta(name, 1);
    return room;
  }

  /**
   * Removes a member and, when `event` is given and members remain anywhere (here or in
   * other processes), publishes it to them; a room left idle is forgotten.
   */
  leave(s: Session, name: string, event?: (room: Room) => Uint8Array): void {
    const room = this.rooms.get(name);
    const i = s.rooms.indexOf(name);
    if (room === undefined || i < 0) return;
    s.rooms.splice(i, 1);
    room.members.delete(s);
    this.memberships--;
    this.relay.memberDelta(name, -1);
    if (event !== undefined && room.memberCount > 0) {
      this.publish(room, this.host.wire.eventIndex[EVENT.leave]!, event(room));
    }
    if (room.idle) this.rooms.delete(name);
  }

  /** A new event created here: to the local members (deferred) and to the other processes. */
  publish(room: Room, kind: number, frame: Uint8Array): void {
    this.host.counters.eventsCreated[kind]!++;
    this.relay.publish(room.name, kind, frame);
    this.enqueue(room, kind, frame);
  }

  /** An event created by another process, for our members of `name`. */
  deliverRemote(name: string, kind: number, frame: Uint8Array): void {
    this.host.counters.relayFramesIn++;
    const room = this.rooms.get(name);
    if (room !== undefined && room.members.size > 0) this.enqueue(room, kind, frame);
  }

  /** The hub's latest count of the room's members held by other processes. */
  setRemote(name: string, remote: number): void {
    const room = this.rooms.get(name);
    if (room !== undefined) room.remote = remote;
  }

  like(room: Room, user: number, sentAt: number, count: number): void {
    if (this.likeBatch === 0) {
      this.publish(room, this.likesKind, this.host.wire.event.likes(room.name, user, sentAt, count, 1));
      return;
    }
    room.likes.add(user, sentAt, count);
    if (!room.likesQueued) {
      room.likesQueued = true;
      this.likeRooms.push(room);
    }
  }

  /** Sends one likes push per room with likes since the last call (called every likeBatch ms). */
  flushLikes(): void {
    const rooms = this.likeRooms;
    this.likeRooms = [];
    for (const room of rooms) {
      const b = room.likes;
      room.likesQueued = false;
      const frame = this.host.wire.event.likes(room.name, b.firstUser, b.earliestSentAt, b.count, b.senders);
      b.clear();
      this.publish(room, this.likesKind, frame);
    }
  }

  /** Writes every room's pending frames to its members, one buffer per member. */
  flush(): void {
    this.flushArmed = false;
    const queue = this.queue;
    this.queue = [];
    const counters = this.host.counters;
    for (const room of queue) {
      room.queued = false;
      const frames = room.pending;
      room.pending = [];
      const data = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
      let reached = 0;
      for (const m of room.members) if (m.state < CLOSING && this.host.push(m, data)) reached++;
      const kinds = room.pendingKinds;
      for (let k = 0; k < kinds.length; k++) {
        if (kinds[k] === 0) continue;
        counters.eventsOut[k]! += kinds[k]! * reached;
        kinds[k] = 0;
      }
      if (room.idle) this.rooms.delete(room.name);
    }
  }

  private enqueue(room: Room, kind: number, frame: Uint8Array): void {
    room.pending.push(frame);
    room.pendingKinds[kind]!++;
    if (!room.queued) {
      room.queued = true;
      this.queue.push(room);
    }
    if (!this.flushArmed) {
      this.flushArmed = true;
      this.defer(this.flushNow);
    }
  }
}
