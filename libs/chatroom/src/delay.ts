/**
 * --extra-latency: every chunk a connection sends is held for a fixed time
 * before the core handles it, so every reply and every push it causes leaves
 * that much later, as a slower release of the service would. Holding the
 * input (instead of the output) keeps every counter exact: a request is
 * counted, answered and fanned out when it is handled, as without the delay.
 *
 * All chunks wait the same time, so one FIFO per process is in due order and
 * one timer serves it.
 */
export interface DelayedInput {
  /** Chunks received and not yet handled (null when none). */
  delayed: Uint8Array[] | null;
}

export class DelayLine<S extends DelayedInput> {
  private sessions: S[] = [];
  private due: number[] = [];
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly runNow = () => this.run();

  constructor(
    readonly delayMs: number,
    private readonly clock: () => number,
    private readonly handle: (s: S, chunk: Uint8Array) => void,
  ) {}

  add(s: S, chunk: Uint8Array): void {
    (s.delayed ??= []).push(chunk);
    this.sessions.push(s);
    this.due.push(this.clock() + this.delayMs);
    if (this.timer === undefined) this.arm();
  }

  /** Handles what a connection still has waiting, at once (it is closing: TCP delivered it before the FIN). */
  drain(s: S): void {
    const q = s.delayed;
    if (q === null) return;
    s.delayed = null;
    for (const chunk of q) this.handle(s, chunk);
  }

  /** Chunks waiting, over all connections (stale entries of drained connections included). */
  get size(): number {
    return this.sessions.length - this.head;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.timer = undefined;
    const now = this.clock();
    while (this.head < this.sessions.length && this.due[this.head]! <= now) {
      const s = this.sessions[this.head]!;
      this.head++;
      // A drained connection left its entries behind: they find nothing.
      const chunk = s.delayed?.shift();
      if (s.delayed?.length === 0) s.delayed = null;
      if (chunk !== undefined) this.handle(s, chunk);
    }
    if (this.head > 1024 && this.head * 2 > this.sessions.length) {
      this.sessions = this.sessions.slice(this.head);
      this.due = this.due.slice(this.head);
      this.head = 0;
    }
    if (this.head < this.sessions.length) this.arm();
  }

  private arm(): void {
    const wait = Math.max(0, this.due[this.head]! - this.clock());
    this.timer = setTimeout(this.runNow, wait);
  }
}
