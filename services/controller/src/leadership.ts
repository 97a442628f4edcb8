import type { LeaseEvent, LeaseKeeper, RunLog } from '@loadfleet/controller';

export interface LeadershipHooks {
  /** This controller leads from now on, under `token`. */
  acquired(token: number): Promise<void> | void;
  /** It no longer leads (it must stop granting at once; it already has when this is called). */
  lost(reason: string): Promise<void> | void;
}

/**
 * Drives a LeaseKeeper: a round every `everyMs` (one at a time), and in between a
 * check that demotes a leader whose renewals stopped working before its lease
 * could lapse. Hooks run in order, one at a time.
 */
export class Leadership {
  private timer: NodeJS.Timeout | null = null;
  private guard: NodeJS.Timeout | null = null;
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
    this.guard = setInterval(() => this.handle(this.keeper.check()), 100);
    await this.hooks;
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
