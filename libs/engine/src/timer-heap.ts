/**
 * One timer for very many sleepers: a binary min-heap of (due time, owner, tag,
 * kind) in parallel arrays, driven by a single setTimeout armed for the earliest
 * entry. Entries are never removed early: an owner invalidates its old entries by
 * changing the tag it expects, and stale entries are skipped when they surface.
 *
 * The numbers sit in typed arrays (20 bytes an entry, plus the owner pointer), and
 * the arrays shrink again once the heap is a quarter full: a ramp leaves a burst of
 * stale timeouts (every connect and request schedules one) that are gone seconds
 * later, and the heap should not keep their room for the rest of the run.
 */
export interface TimerOwner {
  /** Called when an entry is due; `lateMs` is how late it fired. */
  onTimer(tag: number, kind: number, dueAt: number, lateMs: number): void;
}

const MIN_CAPACITY = 1024;

export class TimerHeap {
  private due = new Float64Array(MIN_CAPACITY);
  private tags = new Float64Array(MIN_CAPACITY);
  private kinds = new Int32Array(MIN_CAPACITY);
  private owners: (TimerOwner | null)[] = new Array<TimerOwner | null>(MIN_CAPACITY).fill(null);
  private n = 0;
  private armedAt = Infinity;
  private handle: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly fire = () => this.run();

  constructor(private readonly now: () => number = () => performance.now()) {}

  get size(): number {
    return this.n;
  }

  /** Schedule `owner.onTimer(tag, kind)` at `dueAt` (same clock as `now`). */
  add(dueAt: number, owner: TimerOwner, tag: number, kind: number): void {
    if (this.n === this.owners.length) this.resize(this.n * 2);
    let i = this.n++;
    // Sift up, moving parents down into the hole, then write the entry once.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.due[parent]! <= dueAt) break;
      this.move(parent, i);
      i = parent;
    }
    this.due[i] = dueAt;
    this.owners[i] = owner;
    this.tags[i] = tag;
    this.kinds[i] = kind;
    if (dueAt < this.armedAt - 0.5) this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.owners.fill(null);
    this.n = 0;
  }

  private arm(): void {
    if (this.stopped || this.n === 0) return;
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
    while (this.n > 0 && this.due[0]! <= now + 0.5) {
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

  /** Removes the root: the last entry sifts down from the top. */
  private pop(): void {
    const last = --this.n;
    const dueAt = this.due[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const m = r < last && this.due[r]! < this.due[l]! ? r : l;
      if (this.due[m]! >= dueAt) break;
      this.move(m, i);
      i = m;
    }
    if (i !== last) {
      this.due[i] = dueAt;
      this.owners[i] = this.owners[last]!;
      this.tags[i] = this.tags[last]!;
      this.kinds[i] = this.kinds[last]!;
    }
    this.owners[last] = null;
    const cap = this.owners.length;
    if (cap > MIN_CAPACITY && this.n < cap / 4) this.resize(cap / 2);
  }

  private move(from: number, to: number): void {
    this.due[to] = this.due[from]!;
    this.owners[to] = this.owners[from]!;
    this.tags[to] = this.tags[from]!;
    this.kinds[to] = this.kinds[from]!;
  }

  private resize(capacity: number): void {
    const due = new Float64Array(capacity);
    const tags = new Float64Array(capacity);
    const kinds = new Int32Array(capacity);
    due.set(this.due.subarray(0, this.n));
    tags.set(this.tags.subarray(0, this.n));
    kinds.set(this.kinds.subarray(0, this.n));
    const owners = new Array<TimerOwner | null>(capacity).fill(null);
    for (let i = 0; i < this.n; i++) owners[i] = this.owners[i]!;
    this.due = due;
    this.tags = tags;
    this.kinds = kinds;
    this.owners = owners;
  }
}
