import type { StreamEntry } from '@loadfleet/aggregator';
import type { Logger } from '@loadfleet/log';
import type { Redis } from 'ioredis';

export interface StreamReaderOptions {
  stream: string;
  group: string;
  consumer: string;
  /** Entries per read. */
  batch: number;
  /** Entries pending this long on another consumer are claimed (it is presumed dead). */
  claimIdleMs: number;
  /** How long one blocking read waits for new entries (bounds how long stop() takes). */
  blockMs?: number;
}

/** Stores and acknowledges one batch; throwing leaves the batch pending, to be read again. */
export type BatchHandler = (entries: StreamEntry[]) => Promise<void>;

/**
 * Reads the stats stream through the consumer group: first this consumer's own
 * pending entries (a restart picks up what it had not acknowledged), then new
 * ones, and now and then claims entries idle on dead consumers (XAUTOCLAIM).
 * After any failure it starts over from its own pending entries.
 */
export class StreamReader {
  private stopping = false;
  private loop: Promise<void> | null = null;
  private claimCursor = '0-0';
  private lastClaim = 0;
  private lastError = '';

  constructor(
    private readonly redis: Redis,
    private readonly o: StreamReaderOptions,
    private readonly handle: BatchHandler,
    private readonly log: Logger,
  ) {}

  /** Creates the group (and the stream) if missing; a new group reads the stream from its start. */
  async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.o.stream, this.o.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!/BUSYGROUP/.test((err as Error).message)) throw err;
    }
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Finishes the batch in hand (stored and acked), then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.ensureGroup();
        await this.readOwnPending();
        this.lastError = '';
        while (!this.stopping) {
          await this.claimIdle();
          await this.readNew();
        }
      } catch (err) {
        if (this.stopping) break;
        const message = (err as Error).message;
        if (message !== this.lastError)
          this.log.warn({ err: message }, 'stats stream read failed; retrying every second');
        this.lastError = message;
        await sleep(1000);
      }
    }
  }

  private async readOwnPending(): Promise<void> {
    let cursor = '0';
    while (!this.stopping) {
      const entries = await this.read(cursor, false);
      if (entries.length === 0) return;
      await this.handle(entries);
      cursor = entries[entries.length - 1]!.id;
    }
  }

  private async readNew(): Promise<void> {
    const entries = await this.read('>', true);
    if (entries.length > 0) await this.handle(entries);
  }

  private async claimIdle(): Promise<void> {
    const now = Date.now();
    if (now - this.lastClaim < Math.min(5000, this.o.claimIdleMs / 2)) return;
    this.lastClaim = now;
    for (;;) {
      const reply = (await this.redis.callBuffer(
        'XAUTOCLAIM',
        this.o.stream,
        this.o.group,
        this.o.consumer,
        this.o.claimIdleMs,
        this.claimCursor,
        'COUNT',
        this.o.batch,
      )) as [Buffer, RawEntry[] | null];
      this.claimCursor = reply[0].toString();
      const entries = parseEntries(reply[1] ?? []);
      if (entries.length > 0) {
        this.log.info({ claimed: entries.length }, 'claimed stats records idle on another aggregator');
        await this.handle(entries);
      }
      if (this.claimCursor === '0-0' || this.stopping) return;
    }
  }

  private async read(id: string, block: boolean): Promise<StreamEntry[]> {
    const args: (string | number)[] = ['GROUP', this.o.group, this.o.consumer, 'COUNT', this.o.batch];
    if (block) args.push('BLOCK', this.o.blockMs ?? 1000);
    args.push('STREAMS', this.o.stream, id);
    const reply = (await this.redis.callBuffer('XREADGROUP', ...args)) as [Buffer, RawEntry[]][] | null;
    return reply === null || reply.length === 0 ? [] : parseEntries(reply[0]![1]);
  }
}

/** An entry as Redis returns it: id and flat field/value list (null when trimmed away meanwhile). */
type RawEntry = [Buffer, Buffer[] | null];

function parseEntries(raw: RawEntry[]): StreamEntry[] {
  return raw.map(([id, fields]) => {
    let record: Uint8Array | null = null;
    if (fields) {
      for (let i = 0; i + 1 < fields.length; i += 2) {
        if (fields[i]!.length === 1 && fields[i]![0] === 0x72 /* "r" */) record = fields[i + 1]!;
      }
    }
    return { id: id.toString(), record };
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
