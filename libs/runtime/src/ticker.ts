/**
 * Calls `tick(second)` just after each wall-clock second ends, with the epoch
 * second that ended. Boundaries are computed from the clock, not by adding
 * intervals, so the ticks never drift; a late tick still labels the right second.
 */
export class SecondTicker {
  private timer: NodeJS.Timeout | null = null;
  private next = 0;

  constructor(
    private readonly tick: (second: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.next = Math.floor(this.now() / 1000) + 1;
    this.arm();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The second currently being recorded. */
  get current(): number {
    return this.next - 1;
  }

  private arm(): void {
    this.timer = setTimeout(() => this.fire(), Math.max(0, this.next * 1000 - this.now() + 1));
  }

  private fire(): void {
    // Catch up with every boundary passed (a long stall closes one window per second passed, labelled in order).
    const nowSecond = Math.floor(this.now() / 1000);
    while (this.next <= nowSecond && this.timer !== null) {
      const ended = this.next - 1;
      this.next++;
      this.tick(ended);
    }
    if (this.timer !== null) this.arm();
  }
}
