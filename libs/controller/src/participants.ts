import type { WorkerRegistry } from './registry.js';
import type { WorkerInfo } from '@loadfleet/report';

interface Participant {
  id: string;
  granted: number;
  lastAskAt: number;
  lastAskActive: number;
  done: boolean;
  lost: boolean;
}

/** A worker that has not asked for quota or sent a heartbeat for this long is lost (docs/FARM.md). */
const LOST_AFTER_MS = 3000;

/** A worker of the run that fell silent: when it was last heard from, and what it held then. */
export interface LostWorker {
  id: string;
  /** Its last quota request or heartbeat (epoch ms). */
  lastHeardAt: number;
  /** Users of the run alive on it by its last report: the sessions that died with it. */
  sessions: number;
  /** Stats records it had not written to Redis yet by its last heartbeat (gone with it). */
  bufferedRecords: number;
}

/**
 * The workers of one run: every worker that asked for its quota or listed it
 * in a heartbeat. Tracks what each was granted, whether it is still heard
 * from, its latest count of the run's active users, and its WorkerDone.
 */
export class Participants {
  private readonly byId = new Map<string, Participant>();
  private readonly notes_: string[] = [];

  constructor(
    private readonly registry: WorkerRegistry,
    private readonly runId: string,
    private readonly now: () => number,
  ) {}

  asked(id: string, activeUsers: number, granted: number, at: number): void {
    const p = this.get(id);
    p.granted += granted;
    p.lastAskAt = at;
    p.lastAskActive = activeUsers;
    if (p.lost) {
      p.lost = false;
      this.notes_.push(`worker ${id} came back at ${iso(at)}`);
    }
  }

  /** A worker the run had before a take-over, with what it was granted (it asks again once it finds the new leader). */
  seed(w: { id: string; users: number; lost?: boolean }, at: number): void {
    const p = this.get(w.id);
    p.granted = w.users;
    p.lost = w.lost ?? false;
    if (!w.lost) p.lastAskAt = at;
  }

  done(id: string): void {
    this.get(id).done = true;
  }

  hasDone(id: string): boolean {
    return this.byId.get(id)?.done ?? false;
  }

  isLive(id: string): boolean {
    const p = this.byId.get(id);
    if (!p) return false;
    return this.registry.isLive(id) || this.now() - p.lastAskAt <= LOST_AFTER_MS;
  }

  liveIds(): string[] {
    return [...this.byId.keys()].filter((id) => this.isLive(id));
  }

  /**
   * Adds workers whose heartbeats list the run; returns the workers that fell silent
   * since the last sweep (the caller notes them, with what it knows of their grants).
   */
  sweepLost(): LostWorker[] {
    for (const e of this.registry.list()) {
      if (!e.lost && e.runs.some((r) => r.runId === this.runId)) this.get(e.id);
    }
    const lost: LostWorker[] = [];
    for (const p of this.byId.values()) {
      if (p.lost || p.done || this.isLive(p.id)) continue;
      p.lost = true;
      const hb = this.registry.get(p.id);
      const fromHeartbeat = hb !== undefined && hb.lastSeen >= p.lastAskAt;
      const heard = Math.max(p.lastAskAt, hb?.lastSeen ?? -Infinity);
      lost.push({
        id: p.id,
        lastHeardAt: Number.isFinite(heard) ? heard : this.now(),
        sessions: fromHeartbeat ? (hb.runs.find((r) => r.runId === this.runId)?.activeUsers ?? 0) : p.lastAskActive,
        bufferedRecords: hb?.health.bufferedRecords ?? 0,
      });
    }
    return lost;
  }

  /**
   * Users of the run still alive on the live workers, from each worker's freshest
   * report (quota request or heartbeat); Infinity while a live worker has not
   * reported since `since`.
   */
  activeUsersSince(since: number): number {
    let sum = 0;
    for (const p of this.byId.values()) {
      if (!this.isLive(p.id)) continue;
      const hb = this.registry.get(p.id);
      const hbAt = hb && !hb.lost ? hb.lastSeen : -Infinity;
      const at = Math.max(hbAt, p.lastAskAt);
      if (at <= since) return Infinity;
      sum += hbAt >= p.lastAskAt ? (hb!.runs.find((r) => r.runId === this.runId)?.activeUsers ?? 0) : p.lastAskActive;
    }
    return sum;
  }

  /** Workers that did not send WorkerDone in time count as lost in RunEnded. */
  markMissing(ids: readonly string[]): void {
    for (const id of ids) this.get(id).lost = true;
  }

  list(): WorkerInfo[] {
    return [...this.byId.values()].map((p) => ({
      id: p.id,
      host: this.registry.get(p.id)?.host ?? '',
      users: p.granted,
      lost: p.lost,
    }));
  }

  note(text: string): void {
    this.notes_.push(text);
  }

  notes(): string[] {
    return [...this.notes_];
  }

  private get(id: string): Participant {
    let p = this.byId.get(id);
    if (!p) {
      p = { id, granted: 0, lastAskAt: -Infinity, lastAskActive: 0, done: false, lost: false };
      this.byId.set(id, p);
    }
    return p;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
