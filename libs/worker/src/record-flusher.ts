import type { BufferedRecord, RecordBuffer } from './record-buffer.js';

/**
 * Writes a batch to the stats stream, in order. Resolves with how many of the
 * batch (from its start) were written; fewer than all means the store is failing
 * and the rest are tried again later. Rejecting counts as 0 written.
 */
export type RecordWriter = (batch: readonly BufferedRecord[]) => Promise<number>;

export interface RecordFlusherOptions {
  /** Records per write (one pipeline). */
  batch?: number;
  /** Told once when writes start failing, and once when they succeed again. */
  onDown?(error: unknown, waiting: number): void;
  onUp?(waiting: number): void;
}

/**
 * Drains a RecordBuffer into a RecordWriter: one drain at a time, oldest first,
 * stopping at the first failure (the owner calls flush() again, e.g. every second).
 */
export class RecordFlusher {
  private running: Promise<void> | null = null;
  private failing = false;
  private readonly batch: number;
  private written = 0;

  constructor(
    private readonly buffer: RecordBuffer,
    private readonly write: RecordWriter,
    private readonly options: RecordFlusherOptions = {},
  ) {
    this.batch = options.batch ?? 200;
  }

  /** True while the last write failed (the store is unreachable). */
  get down(): boolean {
    return this.failing;
  }

  /** Records written since the flusher was made. */
  get records(): number {
    return this.written;
  }

  /** Drains what is buffered; resolves when the buffer is empty or a write failed. Never rejects. */
  flush(): Promise<void> {
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<void> {
    while (this.buffer.size > 0) {
      const batch = this.buffer.peek(this.batch);
      let n: number;
      let error: unknown;
      try {
        n = Math.max(0, Math.min(batch.length, await this.write(batch)));
      } catch (err) {
        n = 0;
        error = err;
      }
      if (n > 0) {
        this.buffer.ackThrough(batch[n - 1]!.seq);
        this.written += n;
      }
      if (n < batch.length) {
        if (!this.failing) {
          this.failing = true;
          this.options.onDown?.(
            error ?? new Error(`${batch.length - n} of ${batch.length} records not written`),
            this.buffer.size,
          );
        }
        return;
      }
      if (this.failing) {
        this.failing = false;
        this.options.onUp?.(this.buffer.size);
      }
    }
  }
}
