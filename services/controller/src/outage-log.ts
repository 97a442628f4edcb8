import type { RunLog } from '@loadfleet/controller';

/**
 * Logs a connection's errors once per outage: a client that retries every few
 * hundred ms repeats the same error on every attempt, and a 10 s outage must not
 * bury the log. A new message is logged; the same one again is not, until `back()`.
 */
export class OutageLog {
  private last: string | null = null;
  private since = 0;
  private repeats = 0;

  constructor(
    private readonly log: RunLog,
    private readonly what: string,
  ) {}

  error(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (message === this.last) {
      this.repeats++;
      return;
    }
    if (this.last === null) this.since = Date.now();
    this.last = message;
    this.log.warn({ err: message }, `${this.what}: connection error (repeats are not logged until it recovers)`);
  }

  /** The connection works again. */
  back(): void {
    if (this.last === null) return;
    this.log.info({ downMs: Date.now() - this.since, repeats: this.repeats }, `${this.what}: connection back`);
    this.last = null;
    this.repeats = 0;
  }
}
