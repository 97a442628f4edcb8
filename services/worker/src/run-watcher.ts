import type { Logger } from '@loadfleet/log';
import { KvWatchInclude, type KvEntry, type NatsConnection, type QueuedIterator } from 'nats';

export interface RunWatcherEvents {
  /** A RunSpec was put under `key` (also every active run's spec when the watch starts). */
  put(key: string, value: Uint8Array): void;
  /** The run under `key` was deleted or purged (the controller ends it). */
  gone(key: string): void;
}

/**
 * Watches the KV bucket of active runs, initial values included, so a worker
 * that starts mid-run finds every active run. The controller owns the bucket
 * (and its options): until it exists, the watcher checks once a second.
 */
export class RunWatcher {
  private iter: QueuedIterator<KvEntry> | null = null;
  private closed = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly nc: NatsConnection,
    private readonly bucket: string,
    private readonly events: RunWatcherEvents,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.loop ??= this.run().catch((err: Error) => {
      if (!this.closed) this.log.error({ err: err.message }, 'run watcher stopped');
    });
  }

  private async run(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    let told = false;
    while (!this.closed) {
      try {
        await jsm.streams.info(`KV_${this.bucket}`);
        break;
      } catch (err) {
        if (!told) this.log.info({ bucket: this.bucket, err: (err as Error).message }, 'waiting for the runs bucket');
        told = true;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    while (!this.closed) {
      const kv = await this.nc.jetstream().views.kv(this.bucket, { bindOnly: true });
      this.iter = await kv.watch({ include: KvWatchInclude.LastValue });
      if (this.closed) this.iter.stop();
      for await (const e of this.iter) {
        if (e.operation === 'PUT') this.events.put(e.key, e.value);
        else this.events.gone(e.key);
      }
      // The iterator ends when stopped, or when the watch broke: then watch again (PUTs already seen are ignored upstream).
      if (!this.closed) {
        this.log.warn('runs bucket watch ended; watching again');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.iter?.stop();
    await this.loop;
  }
}
