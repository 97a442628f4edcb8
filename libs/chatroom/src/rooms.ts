import type { Session } from './session.js';

/** Likes received for a room since the last batch went out. */
export class LikeBatch {
  count = 0;
  senders = 0;
  earliestSentAt = 0;
  firstUser = 0;

  add(user: number, sentAt: number, count: number): void {
    if (this.senders === 0 || sentAt < this.earliestSentAt) this.earliestSentAt = sentAt;
    if (this.senders === 0) this.firstUser = user;
    this.count += count;
    this.senders++;
  }

  clear(): void {
    this.count = 0;
    this.senders = 0;
  }
}

/** A room as one process sees it: its local members, and how many the other processes hold. */
export class Room {
  readonly members = new Set<Session>();
  /** Members held by other processes, as last reported by the hub (0 in single-process mode). */
  remote = 0;
  /** Event frames waiting for the next fan-out flush, and how many of each event kind they hold. */
  pending: Uint8Array[] = [];
  readonly pendingKinds: number[];
  queued = false;
  readonly likes = new LikeBatch();
  likesQueued = false;

  constructor(
    readonly name: string,
    eventKinds: number,
  ) {
    this.pendingKinds = new Array<number>(eventKinds).fill(0);
  }

  /** The room's global member count (eventually consistent across processes). */
  get memberCount(): number {
    return this.members.size + this.remote;
  }

  /** True when nothing refers to the room any more, so it can be forgotten. */
  get idle(): boolean {
    return this.members.size === 0 && !this.queued && !this.likesQueued;
  }
}
