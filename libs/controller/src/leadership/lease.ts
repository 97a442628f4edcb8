/** What the lease entry holds: who leads, and the fencing token it took. */
export interface LeaseRecord {
  holder: string;
  token: number;
}

/** The entry as read: its value (null once released) and its revision. */
export interface LeaseEntry {
  value: LeaseRecord | null;
  revision: number;
}

/**
 * A store with compare-and-set on a revision (NATS JetStream KV in the service,
 * memory in tests). Revisions only grow, across every write of the store.
 */
export interface LeaseStore {
  read(): Promise<LeaseEntry | null>;
  /** Writes only if there is no live entry (none, or released); resolves with the new revision. */
  create(value: LeaseRecord): Promise<number>;
  /** Writes only if the entry is still at `revision`; resolves with the new revision. */
  update(value: LeaseRecord, revision: number): Promise<number>;
  /** Releases the entry only if it is still at `revision`. */
  release(revision: number): Promise<void>;
}

export interface LeaseOptions {
  /** This controller's id. */
  holder: string;
  /** A follower takes over once the entry has not changed for this long on its own clock. */
  ttlMs: number;
  /** The leader rewrites the entry this often. */
  renewEveryMs?: number;
  /**
   * The leader stops acting (`holds()` is false) when its last successful renewal
   * was sent more than `ttlMs - marginMs` ago: before any follower could see the
   * lease lapse.
   */
  marginMs?: number;
  now?: () => number;
}

export type LeaseEvent =
  { type: 'acquired'; token: number; previous: LeaseRecord | null } | { type: 'lost'; reason: string };

/**
 * Controller leadership as a lease with a fencing token (docs/FARM.md, "Several
 * controllers"). One call of `step()` is one round: a follower reads the entry and
 * takes it when it is absent or has not changed for `ttlMs` (observed on its own
 * clock, so clocks of different hosts never need to agree; a round that cannot read
 * starts the observation again); a leader renews it. Taking and renewing are
 * compare-and-set on the revision last seen, so of several followers one wins, and a
 * leader learns it was replaced at its next renewal. The token is the revision of the
 * write that took it: larger than every token before.
 *
 * A leader whose renewals fail (the store unreachable, or it was paused) stops
 * acting once `holds()` turns false, before a follower could take over; it keeps
 * trying, and a renewal that succeeds proves nobody took the lease meanwhile (the
 * revision is unchanged), so it acts again under the same token — an outage shorter
 * than the ttl costs no handover. A renewal that finds the lease taken demotes it.
 * Network-free: time comes from `now`.
 */
export class LeaseKeeper {
  readonly holder: string;
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;
  private readonly marginMs: number;
  private readonly now: () => number;
  private leading = false;
  private token_ = 0;
  private revision = 0;
  /** When the last successful write of the lease was sent (leader). */
  private renewedAt = -Infinity;
  /** The revision a follower last saw change, and when it saw it. */
  private observed: { revision: number; at: number } | null = null;

  constructor(
    private readonly store: LeaseStore,
    o: LeaseOptions,
  ) {
    if (!(o.ttlMs > 0)) throw new RangeError('the lease ttl must be positive');
    this.holder = o.holder;
    this.ttlMs = o.ttlMs;
    this.renewEveryMs = o.renewEveryMs ?? Math.max(1, Math.floor(o.ttlMs / 5));
    this.marginMs = o.marginMs ?? Math.floor(o.ttlMs / 5);
    if (this.renewEveryMs >= this.ttlMs - this.marginMs)
      throw new RangeError('the lease must be renewed well within its ttl minus the margin');
    this.now = o.now ?? Date.now;
  }

  /** The fencing token of this leadership (0 while following). */
  get token(): number {
    return this.leading ? this.token_ : 0;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** The token of the latest leadership this controller held (kept after it ends: a stale message still carries it). */
  get lastToken(): number {
    return this.token_;
  }

  /**
   * True while this controller may act as leader: it leads, and its last renewal
   * is recent enough that no follower can have taken over. Checked before every
   * grant, so a leader that was paused stops at once when it wakes.
   */
  holds(now = this.now()): boolean {
    return this.leading && now - this.renewedAt < this.ttlMs - this.marginMs;
  }

  /** Ms since the leader's last successful renewal was sent (Infinity when following). */
  sinceRenewal(now = this.now()): number {
    return this.leading ? now - this.renewedAt : Infinity;
  }

  /** One round; resolves with what changed, if anything. Never rejects. */
  async step(): Promise<LeaseEvent | null> {
    return this.leading ? this.renew() : this.follow();
  }

  /** The follower could not see the entry for a while (its link was down): watch it for a whole ttl again. */
  resetObservation(): void {
    this.observed = null;
  }

  /** A leader lets go (shutdown): followers take over at once instead of after the ttl. */
  async release(): Promise<void> {
    if (!this.leading) return;
    const revision = this.revision;
    this.demote('released');
    await this.store.release(revision);
  }

  /** A newer leader was seen (a fenced write): stop leading now. */
  superseded(reason: string): LeaseEvent | null {
    return this.leading ? this.demote(reason) : null;
  }

  private async renew(): Promise<LeaseEvent | null> {
    const sentAt = this.now();
    if (sentAt - this.renewedAt < this.renewEveryMs) return null;
    try {
      this.revision = await this.store.update({ holder: this.holder, token: this.token_ }, this.revision);
      if (this.leading) this.renewedAt = sentAt;
      return null;
    } catch {
      // Was it taken, or is the store unreachable? Taken: stop now. Unreachable: try again (`holds` says whether to act).
      const entry = await this.store.read().catch(() => undefined);
      // A renewal that timed out but landed (sent when the link came back): still ours, at a newer revision.
      if (entry?.value?.holder === this.holder && entry.value.token === this.token_) {
        this.revision = entry.revision;
        return null;
      }
      if (entry !== undefined && (entry === null || entry.revision !== this.revision)) {
        const by = entry?.value ? `${entry.value.holder} (fence ${entry.value.token})` : 'nobody (released)';
        return this.demote(`the lease was taken by ${by}`);
      }
      return null;
    }
  }

  private async follow(): Promise<LeaseEvent | null> {
    const now = this.now();
    let entry: LeaseEntry | null;
    try {
      entry = await this.store.read();
    } catch {
      this.observed = null;
      return null;
    }
    if (entry === null || entry.value === null) return this.take(entry, () => this.store.create(this.record(entry)));
    if (this.observed === null || this.observed.revision !== entry.revision) {
      this.observed = { revision: entry.revision, at: now };
      return null;
    }
    if (now - this.observed.at < this.ttlMs) return null;
    return this.take(entry, () => this.store.update(this.record(entry), entry.revision));
  }

  private record(entry: LeaseEntry | null): LeaseRecord {
    // The token written is a placeholder until the write's revision is known; the renewals carry the real one.
    return { holder: this.holder, token: (entry?.value?.token ?? 0) + 1 };
  }

  private async take(entry: LeaseEntry | null, write: () => Promise<number>): Promise<LeaseEvent | null> {
    const sentAt = this.now();
    let revision: number;
    try {
      revision = await write();
    } catch {
      // Another follower won the compare-and-set (or the store is away): watch again from what is there now.
      this.observed = null;
      return null;
    }
    this.leading = true;
    this.revision = revision;
    this.token_ = revision;
    this.renewedAt = sentAt;
    this.observed = null;
    // Say the real token at once, so that readers of the entry see it.
    try {
      this.revision = await this.store.update({ holder: this.holder, token: revision }, revision);
    } catch {
      // The next renewal tries again; the token is the revision either way.
    }
    return { type: 'acquired', token: revision, previous: entry?.value ?? null };
  }

  private demote(reason: string): LeaseEvent {
    this.leading = false;
    this.observed = null;
    this.renewedAt = -Infinity;
    return { type: 'lost', reason };
  }
}

/** A LeaseStore in memory (tests; several keepers may share one). */
export class MemoryLeaseStore implements LeaseStore {
  private entry: LeaseEntry | null = null;
  private seq = 0;
  /** While true every call rejects (an unreachable store). */
  down = false;

  async read(): Promise<LeaseEntry | null> {
    this.reachable();
    return this.entry && { value: this.entry.value && { ...this.entry.value }, revision: this.entry.revision };
  }

  async create(value: LeaseRecord): Promise<number> {
    this.reachable();
    if (this.entry?.value) throw new Error('the lease is held');
    return this.write(value);
  }

  async update(value: LeaseRecord, revision: number): Promise<number> {
    this.reachable();
    if (this.entry?.revision !== revision) throw new Error('wrong last revision');
    return this.write(value);
  }

  async release(revision: number): Promise<void> {
    this.reachable();
    if (this.entry?.revision !== revision) throw new Error('wrong last revision');
    this.entry = { value: null, revision: ++this.seq };
  }

  private write(value: LeaseRecord): number {
    this.entry = { value: { ...value }, revision: ++this.seq };
    return this.seq;
  }

  private reachable(): void {
    if (this.down) throw new Error('store unreachable');
  }
}
