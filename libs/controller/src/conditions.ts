/**
 * Waits for conditions over state that changes on events: each `poke()` (a
 * message arrived, a tick passed) re-checks every pending condition. A wait
 * ends true when its condition holds, false on its timeout or on `cancelAll()`.
 */
export class Conditions {
  private readonly waiting = new Set<{ check(): boolean; settle(ok: boolean): void }>();
  private cancelled = false;

  waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
    if (cond()) return Promise.resolve(true);
    if (this.cancelled) return Promise.resolve(false);
    return new Promise((resolve) => {
      const w = {
        check: cond,
        settle: (ok: boolean) => {
          clearTimeout(timer);
          this.waiting.delete(w);
          resolve(ok);
        },
      };
      const timer = setTimeout(() => w.settle(false), timeoutMs);
      this.waiting.add(w);
    });
  }

  poke(): void {
    for (const w of [...this.waiting]) if (w.check()) w.settle(true);
  }

  /** Ends every wait (false), now and later. */
  cancelAll(): void {
    this.cancelled = true;
    for (const w of [...this.waiting]) w.settle(false);
  }
}
