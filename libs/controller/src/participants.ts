import type { WorkerRegistry } from './registry.js';
import type { RunWorker } from './run-store.js';

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

  /** Adds workers whose heartbeats list the run; returns the ids that fell silent since the last sweep. */
  sweepLost(now: number): string[] {
    for (const e of this.registry.list()) {
      if (!e.lost && e.runs.some((r) => r.runId === this.runId)) this.get(e.id);
    }
    const lost: string[] = [];
    for (const p of this.byId.values()) {
      if (p.lost || p.done || this.isLive(p.id)) continue;
      p.lost = true;
      lost.push(p.id);
      this.notes_.push(`worker ${p.id} lost at ${iso(now)}`);
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

  list(): RunWorker[] {
    return [...this.byId.values()].map((p) => ({
      id: p.id,
      host: this.registry.get(p.id)?.host ?? '',
      users: p.granted,
      lost: p.lost,
    }));
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
