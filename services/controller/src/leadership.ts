import type { LeaseEvent, LeaseKeeper, RunLog } from '@loadfleet/controller';

export interface LeadershipHooks {
  /** This controller leads from now on, under `token`. */
  acquired(token: number): Promise<void> | void;
  /** It no longer leads (it must stop granting at once; it already has when this is called). */
  lost(reason: string): Promise<void> | void;
}

/**
 * Drives a LeaseKeeper: a round every `everyMs` (one at a time); says when a
 * leader stops holding its lease (renewals failing: it grants nothing meanwhile)
 * and holds it again. Hooks run in order, one at a time.
 */
export class Leadership {
  private timer: NodeJS.Timeout | null = null;
  private guard: NodeJS.Timeout | null = null;
  private suspended = false;
  private stepping: Promise<void> | null = null;
  private hooks: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    readonly keeper: LeaseKeeper,
    private readonly on: LeadershipHooks,
    private readonly log: RunLog,
    private readonly everyMs = 500,
  ) {}

  get isLeader(): boolean {
    return this.keeper.isLeader;
  }

  /** The first round, then the rounds every `everyMs`. Resolves after the first round's hooks. */
  async start(): Promise<void> {
    await this.round();
    this.timer = setInterval(() => void this.round(), this.everyMs);
    this.guard = setInterval(() => this.watchHold(), 100);
    await this.hooks;
  }

  /** The link to the lease store was down: a follower watches the entry for a whole ttl again. */
  linkBack(): void {
    this.keeper.resetObservation();
  }

  private watchHold(): void {
    const holds = this.keeper.holds();
    if (this.keeper.isLeader && !holds && !this.suspended) {
      this.suspended = true;
      this.log.warn(
        { sinceRenewalMs: Math.round(this.keeper.sinceRenewal()) },
        'the lease could not be renewed in time: granting nothing until it is (or another controller takes it)',
      );
    } else if (this.suspended && (holds || !this.keeper.isLeader)) {
      this.suspended = false;
      if (holds) this.log.info({ fence: this.keeper.token }, 'the lease is renewed again: leading on');
    }
  }

  /** A newer leader was seen writing (a fenced write refused): stop leading. */
  superseded(reason: string): void {
    this.handle(this.keeper.superseded(reason));
  }

  /** Stops the rounds; a leader releases the lease so that a follower takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.guard) clearInterval(this.guard);
    await this.stepping;
    if (this.keeper.isLeader) {
      const token = this.keeper.token;
      await this.keeper.release().catch((err: unknown) => this.log.warn({ err }, 'could not release the lease'));
      this.handle({ type: 'lost', reason: 'released' });
      this.log.info({ fence: token }, 'leadership released');
    }
    await this.hooks;
  }

  private round(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.stepping ??= this.keeper
      .step()
      .then((e) => this.handle(e))
      .finally(() => (this.stepping = null));
    return this.stepping;
  }

  private handle(e: LeaseEvent | null): void {
    if (e === null) return;
    if (e.type === 'acquired') {
      const token = e.token;
      this.log.warn(
        { fence: token, previous: e.previous ? `${e.previous.holder} (fence ${e.previous.token})` : null },
        'leading: this controller took the lease',
      );
      this.queue(() => this.on.acquired(token));
    } else {
      this.log.warn({ reason: e.reason }, 'following: this controller no longer leads');
      this.queue(() => this.on.lost(e.reason));
    }
  }

  private queue(fn: () => Promise<void> | void): void {
    this.hooks = this.hooks.then(fn).catch((err: unknown) => this.log.error({ err }, 'leadership change failed'));
  }
}
