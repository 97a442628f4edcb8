/**
 * Which server processes accept new connections on the shared port. Every
 * process accepts on its own from the one listening socket (no process hands
 * connections to another), and the kernel gives each connection to whichever
 * process calls accept() first, which is uneven. So the cluster primary, which
 * hears every process's open-connection count, tells a process to stop
 * accepting (close its copy of the listening socket) when it holds more than
 * its share, or is near its capacity, and to start again when it no longer
 * does. It never stops the last process that accepts: closing every copy would
 * close the socket itself. When every process is at its capacity, those still
 * accepting refuse (accept and close at once, counted).
 */
export interface AcceptCommand {
  slot: number;
  accept: boolean;
}

type Mode = 'accepting' | 'pausing' | 'paused' | 'resuming' | 'gone';

export class AcceptBalancer {
  private readonly open: number[];
  private readonly mode: Mode[];
  /** At or above this a process stops accepting when another one can take the connections. */
  readonly highMark: number;

  constructor(
    readonly slots: number,
    /** Connections one process may hold; it refuses beyond. */
    readonly capacity: number,
    /** How far above the mean a process may get before it stops accepting. */
    readonly slack: number = balanceSlack(capacity),
  ) {
    this.open = new Array<number>(slots).fill(0);
    this.mode = new Array<Mode>(slots).fill('gone');
    this.highMark = Math.max(1, capacity - this.slack);
  }

  /** Process `slot` listens (it started, or resumed as told). */
  listening(slot: number): AcceptCommand[] {
    this.mode[slot] = 'accepting';
    return this.plan();
  }

  /** Process `slot` closed its listening sockets, as told. */
  paused(slot: number): AcceptCommand[] {
    if (this.mode[slot] !== 'gone') this.mode[slot] = 'paused';
    return this.plan();
  }

  /** Process `slot` holds `open` connections. */
  report(slot: number, open: number): AcceptCommand[] {
    this.open[slot] = open;
    return this.plan();
  }

  /** Process `slot` exited. */
  gone(slot: number): AcceptCommand[] {
    this.mode[slot] = 'gone';
    this.open[slot] = 0;
    return this.plan();
  }

  isAccepting(slot: number): boolean {
    return this.mode[slot] === 'accepting';
  }

  private plan(): AcceptCommand[] {
    const live: number[] = [];
    let total = 0;
    for (let i = 0; i < this.slots; i++) {
      if (this.mode[i] === 'gone') continue;
      live.push(i);
      total += this.open[i]!;
    }
    if (live.length === 0) return [];
    const limit = total / live.length + this.slack;
    const roomy = (i: number) => this.open[i]! < this.capacity;
    const eligible = (i: number) => this.open[i]! < this.highMark && this.open[i]! <= limit;
    const accepting = (i: number) => this.mode[i] === 'accepting';
    const out: AcceptCommand[] = [];
    const set = (i: number, accept: boolean) => {
      this.mode[i] = accept ? 'resuming' : 'pausing';
      out.push({ slot: i, accept });
    };
    // Back to accepting: a process that is no longer ahead; or, when nobody accepting is below
    // its high mark, any process with room left (the server refuses only when all are full).
    const anyEligible = live.some((i) => accepting(i) && eligible(i));
    for (const i of live) {
      if (this.mode[i] === 'paused' && (eligible(i) || (!anyEligible && roomy(i)))) set(i, true);
    }
    // Stop accepting: a process ahead of the others while one that is not keeps accepting; a
    // full one while another with room keeps accepting. Never the last one that accepts.
    const keepers = live.filter((i) => accepting(i) && eligible(i));
    const withRoom = live.filter((i) => accepting(i) && roomy(i));
    for (const i of live) {
      if (!accepting(i)) continue;
      const others = (list: number[]) => list.some((k) => k !== i);
      if ((!eligible(i) && others(keepers)) || (!roomy(i) && others(withRoom))) set(i, false);
    }
    if (live.every((i) => this.mode[i] === 'paused')) {
      // Nobody listens (the last one that did has died): the least loaded starts again, full or not.
      set(
        live.reduce((a, b) => (this.open[b]! < this.open[a]! ? b : a)),
        true,
      );
    }
    return out;
  }
}

/** How far above the mean a process may get: 1 % of its capacity, at least 1 connection. */
export function balanceSlack(capacity: number): number {
  return Math.max(1, Math.round(capacity / 100));
}
