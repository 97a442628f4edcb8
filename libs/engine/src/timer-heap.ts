/**
 * One timer for very many sleepers: a binary min-heap of (due time, owner, tag)
 * in parallel arrays, driven by a single setTimeout armed for the earliest entry.
 * Entries are never removed early: an owner invalidates its old entries by
 * changing the tag it expects, and stale entries are skipped when they surface.
 */
export interface TimerOwner {
  /** Called when an entry is due; `lateMs` is how late it fired. */
  onTimer(tag: number, kind: number, dueAt: number, lateMs: number): void;
}

export class TimerHeap {
  private due: number[] = [];
  private owners: TimerOwner[] = [];
  private tags: number[] = [];
  private kinds: number[] = [];
  private armedAt = Infinity;
  private handle: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly fire = () => this.run();

  constructor(private readonly now: () => number = () => performance.now()) {}

  get size(): number {
    return this.due.length;
  }

  /** Schedule `owner.onTimer(tag, kind)` at `dueAt` (same clock as `now`). */
  add(dueAt: number, owner: TimerOwner, tag: number, kind: number): void {
    let i = this.due.length;
    this.due.push(dueAt);
    this.owners.push(owner);
    this.tags.push(tag);
    this.kinds.push(kind);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.due[parent]! <= dueAt) break;
      this.swap(i, parent);
      i = parent;
    }
    if (dueAt < this.armedAt - 0.5) this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.due.length = this.owners.length = this.tags.length = this.kinds.length = 0;
  }

  private arm(): void {
    if (this.stopped || this.due.length === 0) return;
    const at = this.due[0]!;
    if (this.handle) clearTimeout(this.handle);
    this.armedAt = at;
    this.handle = setTimeout(this.fire, Math.max(0, at - this.now()));
  }

  private run(): void {
    this.handle = null;
    this.armedAt = Infinity;
    const now = this.now();
    // Entries added while running that are already due fire in the same pass.
    while (this.due.length > 0 && this.due[0]! <= now + 0.5) {
      const dueAt = this.due[0]!;
      const owner = this.owners[0]!;
      const tag = this.tags[0]!;
      const kind = this.kinds[0]!;
      this.pop();
      owner.onTimer(tag, kind, dueAt, now - dueAt);
      if (this.stopped) return;
    }
    this.arm();
  }

  private pop(): void {
    const last = this.due.length - 1;
    this.swap(0, last);
    this.due.pop();
    this.owners.pop();
    this.tags.pop();
    this.kinds.pop();
    let i = 0;
    const n = this.due.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.due[l]! < this.due[m]!) m = l;
      if (r < n && this.due[r]! < this.due[m]!) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const d = this.due[a]!;
    this.due[a] = this.due[b]!;
    this.due[b] = d;
    const o = this.owners[a]!;
    this.owners[a] = this.owners[b]!;
    this.owners[b] = o;
    const t = this.tags[a]!;
    this.tags[a] = this.tags[b]!;
    this.tags[b] = t;
    const k = this.kinds[a]!;
    this.kinds[a] = this.kinds[b]!;
    this.kinds[b] = k;
  }
}
