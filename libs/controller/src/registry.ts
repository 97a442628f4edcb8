/** The fields of a WorkerHeartbeat (proto/control.proto) the registry keeps. */
export interface HeartbeatInfo {
  workerId: string;
  host: string;
  pid: number;
  capacity: number;
  activeUsers: number;
  weight: number;
  cpuPct: number;
  rssBytes: number;
  loopDelayP99Ms: number;
  openSockets: number;
  openFilesLimit: number;
  bufferedRecords: number;
  droppedRecords: number;
  capacityLimit: string;
  runs: readonly { runId: string; activeUsers: number; openSockets: number }[];
  /** loadfleet version of the worker ("" from workers that do not say). */
  version?: string;
  /** Its last heartbeat: it is stopping on purpose. */
  leaving?: boolean;
}

export interface WorkerEntry {
  id: string;
  host: string;
  pid: number;
  capacity: number;
  capacityLimit: string;
  weight: number;
  activeUsers: number;
  health: {
    cpuPct: number;
    rssBytes: number;
    loopDelayP99Ms: number;
    openSockets: number;
    openFilesLimit: number;
    bufferedRecords: number;
    droppedRecords: number;
  };
  /** Per active run: users and sockets on this worker. */
  runs: { runId: string; activeUsers: number; openSockets: number }[];
  /** Epoch ms (controller clock) of the last heartbeat. */
  lastSeen: number;
  lost: boolean;
  /** When it was declared lost (epoch ms), or null. */
  lostAt: number | null;
  version: string;
  /** It said it was stopping (SIGTERM): gone, but not lost. */
  left: boolean;
}

export interface RegistryOptions {
  /** Silence after which a worker is lost (docs/FARM.md: 3 s). */
  lostAfterMs?: number;
  /** A lost worker is forgotten this long after its last heartbeat. */
  forgetAfterMs?: number;
  now?: () => number;
}

/** The fleet, as its heartbeats tell it. A worker silent for `lostAfterMs` is lost; one that speaks again is back. */
export class WorkerRegistry {
  private readonly entries = new Map<string, WorkerEntry>();
  private readonly lostAfterMs: number;
  private readonly forgetAfterMs: number;
  private readonly now: () => number;
  /** While the controller itself cannot hear anyone (its NATS link is down), silence proves nothing. */
  private deaf = false;
  private excusedUntil = -Infinity;

  constructor(options: RegistryOptions = {}) {
    this.lostAfterMs = options.lostAfterMs ?? 3000;
    this.forgetAfterMs = options.forgetAfterMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  heartbeat(hb: HeartbeatInfo): WorkerEntry {
    const e: WorkerEntry = {
      id: hb.workerId,
      host: hb.host,
      pid: hb.pid,
      capacity: hb.capacity,
      capacityLimit: hb.capacityLimit,
      weight: hb.weight > 0 ? hb.weight : 1,
      activeUsers: hb.activeUsers,
      health: {
        cpuPct: hb.cpuPct,
        rssBytes: hb.rssBytes,
        loopDelayP99Ms: hb.loopDelayP99Ms,
        openSockets: hb.openSockets,
        openFilesLimit: hb.openFilesLimit,
        bufferedRecords: hb.bufferedRecords,
        droppedRecords: hb.droppedRecords,
      },
      runs: hb.runs.map((r) => ({ runId: r.runId, activeUsers: r.activeUsers, openSockets: r.openSockets })),
      lastSeen: this.now(),
      lost: false,
      lostAt: null,
      version: hb.version ?? '',
      left: hb.leaving === true,
    };
    this.entries.set(e.id, e);
    return e;
  }

  /**
   * Marks workers silent for too long as lost and forgets long-lost ones.
   * Returns the workers that became lost in this sweep.
   */
  sweep(): WorkerEntry[] {
    const now = this.now();
    const newlyLost: WorkerEntry[] = [];
    for (const e of this.entries.values()) {
      const silent = now - e.lastSeen;
      if (silent > this.forgetAfterMs) this.entries.delete(e.id);
      else if (!e.lost && !e.left && now - this.heardAt(e) > this.lostAfterMs) {
        e.lost = true;
        e.lostAt = now;
        newlyLost.push(e);
      }
    }
    return newlyLost;
  }

  /** Every known worker, lost ones included (flagged), by id. */
  list(): WorkerEntry[] {
    this.sweep();
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get(id: string): WorkerEntry | undefined {
    return this.entries.get(id);
  }

  /** Heard from within `lostAfterMs` (silence while the controller could not hear is excused). */
  isLive(id: string): boolean {
    const e = this.entries.get(id);
    return e !== undefined && !e.left && this.now() - this.heardAt(e) <= this.lostAfterMs;
  }

  /** Counts for /metrics. */
  counts(): { live: number; lost: number } {
    let live = 0;
    let lost = 0;
    for (const e of this.entries.values()) {
      if (e.left) continue;
      if (this.now() - this.heardAt(e) <= this.lostAfterMs) live++;
      else lost++;
    }
    return { live, lost };
  }

  /**
   * The controller's own link to the workers is down: nobody is declared lost until
   * `resume()`, and silence is then counted from the moment the link came back.
   */
  pause(): void {
    this.deaf = true;
  }

  resume(at = this.now()): void {
    this.deaf = false;
    this.excusedUntil = at;
  }

  /** When a worker last counts as heard: its last heartbeat, or the end of the controller's own outage. */
  private heardAt(e: WorkerEntry): number {
    if (e.lost) return e.lastSeen;
    return this.deaf ? Infinity : Math.max(e.lastSeen, this.excusedUntil);
  }
}
