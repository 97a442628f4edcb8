import type { LiveStatus } from '@loadfleet/runtime';

/** How a run ended, for live followers. */
export interface RunEndInfo {
  id: string;
  state: string;
  stopReason: string | null;
}

export interface LiveListener {
  status(s: LiveStatus): void;
  end(info: RunEndInfo): void;
}

/** Fans each run's merged seconds and its end out to the API's live followers (SSE). */
export class LiveHub {
  private readonly listeners = new Map<string, Set<LiveListener>>();

  subscribe(runId: string, listener: LiveListener): () => void {
    let set = this.listeners.get(runId);
    if (!set) this.listeners.set(runId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(runId) === set) this.listeners.delete(runId);
    };
  }

  status(runId: string, s: LiveStatus): void {
    for (const l of this.listeners.get(runId) ?? []) l.status(s);
  }

  /** Tells every follower of the run that it ended, and lets them go. */
  end(info: RunEndInfo): void {
    const set = this.listeners.get(info.id);
    this.listeners.delete(info.id);
    for (const l of set ?? []) l.end(info);
  }

  followers(runId: string): number {
    return this.listeners.get(runId)?.size ?? 0;
  }
}
