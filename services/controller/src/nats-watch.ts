import type { RunLog } from '@loadfleet/controller';
import { Events, type NatsConnection } from 'nats';

export interface LinkHooks {
  /** The connection to NATS broke at `at` (epoch ms). */
  down(at: number): void;
  /** It is back: it was down from `from` to `to`. */
  up(from: number, to: number): void;
}

/**
 * Follows the controller's own NATS connection (nats.js reconnects on its own): while
 * it is down the controller hears no worker, which says nothing about the workers, and
 * grants nothing, which the report of every run in progress must say.
 */
export class NatsLinkWatch {
  private downSince: number | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly nc: NatsConnection,
    private readonly hooks: LinkHooks,
    private readonly log: RunLog,
  ) {}

  start(): void {
    this.loop ??= (async () => {
      for await (const s of this.nc.status()) {
        if (s.type === Events.Disconnect && this.downSince === null) {
          this.downSince = Date.now();
          this.log.warn({ server: s.data }, 'NATS connection lost; reconnecting');
          this.hooks.down(this.downSince);
        } else if (s.type === Events.Reconnect && this.downSince !== null) {
          const from = this.downSince;
          const to = Date.now();
          this.downSince = null;
          this.log.info({ server: s.data, downMs: to - from }, 'NATS connection back');
          this.hooks.up(from, to);
        }
      }
    })().catch((err: unknown) => this.log.error({ err }, 'NATS status watch ended'));
  }

  /** The status iterator ends when the connection closes. */
  async closed(): Promise<void> {
    await this.loop;
  }
}
