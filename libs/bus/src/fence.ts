/**
 * The highest fencing token seen (docs/FARM.md, "Several controllers"). Every
 * leader takes a larger token than any before it, and stamps it on what it sends;
 * a message with a lower token comes from a leader that has been replaced (it
 * paused past its lease and woke up) and is refused. Token 0 means "not from a
 * leader" (an old sender, a follower's forwarded request) and is neither raised
 * nor refused.
 */
export class Fence {
  private highest = 0;
  private refusedCount = 0;

  get token(): number {
    return this.highest;
  }

  /** Messages refused so far. */
  get refused(): number {
    return this.refusedCount;
  }

  /** True when a message carrying `token` may be acted on; raises the highest seen. */
  admit(token: number): boolean {
    if (!(token > 0)) return true;
    if (token < this.highest) {
      this.refusedCount++;
      return false;
    }
    this.highest = token;
    return true;
  }
}
