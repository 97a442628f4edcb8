// A virtual-clock fleet for the quota allocator: simulated workers that ask
// every 250 ms, start their granted users evenly over each grant's window (as
// the worker's GrantArrivalSource does), and hold each user for a session time.
import type { Grant, QuotaAllocator } from '@loadfleet/controller';
import type { ClosedLoad, OpenLoad, OpenPhase, Plan } from '@loadfleet/scenario';
import type { HeldGrants } from '@loadfleet/worker';
import { specOf } from '../../helpers/protocols.js';

/** The bundled chat protocol's spec (a plan carries one; the allocator does not read it). */
const CHAT = specOf('chat');

export const T0 = 1_700_000_000_000;

export const phase = (durationMs: number, fromRate: number, toRate = fromRate, name = 'p'): OpenPhase => ({
  name,
  durationMs,
  fromRate,
  toRate,
  sessionWeights: null,
});

export function openPlan(phases: OpenPhase[], opts: Partial<OpenLoad> = {}): Plan {
  return planOf({ model: 'open', arrivals: 'uniform', maxUsers: 0, phases, ...opts });
}

export function closedPlan(load: Omit<ClosedLoad, 'model' | 'maxUsers'> & { maxUsers?: number }): Plan {
  return planOf({ model: 'closed', maxUsers: 0, ...load });
}

function planOf(load: OpenLoad | ClosedLoad): Plan {
  return {
    name: 'sim',
    sourceHash: 'x',
    targets: [{ host: '127.0.0.1', port: 1, weight: 1, transport: 'tcp', path: '', tls: null }],
    sourceAddresses: [],
    timeouts: { connectMs: 1000, requestMs: 1000 },
    load,
    sessions: [{ name: 's', weight: 1, heartbeatMs: 0, reconnect: null, steps: [] }],
    feeders: [],
    thresholds: [],
    transactions: [],
    maxFrameBytes: 65536,
    protocol: CHAT,
  };
}

export interface SimGrant extends Grant {
  workerId: string;
  at: number;
}

export class SimWorker {
  /** [start, end) of each user, by intended start. */
  readonly users: { start: number; end: number }[] = [];
  readonly grants: SimGrant[] = [];
  stopped = 0;
  silent = false;
  /** Replies that never arrive (a request that timed out): the next `loseReplies` answers are lost. */
  loseReplies = 0;
  /** Answers lost so far. */
  readonly lost: Grant[] = [];
  /** Each start is made this late after its intended time (a busy worker's late timers). */
  lateMs = 0;
  /** Tells the allocator its own count of starts not made yet (QuotaAsk.pendingStarts). */
  tellsPending = true;

  constructor(
    readonly id: string,
    readonly capacity: number,
    readonly weight = 1,
    /** How long each user stays. */
    readonly sessionMs = 1000,
    /** When in each 250 ms it asks. */
    readonly offsetMs = 0,
    /** When it joins the run (virtual epoch ms). */
    readonly joinAt = 0,
  ) {}

  active(t: number): number {
    let n = 0;
    for (const u of this.users) if (u.start + this.lateMs <= t && t < u.end) n++;
    return n;
  }

  pending(t: number): number {
    let n = 0;
    for (const u of this.users) if (u.start + this.lateMs > t) n++;
    return n;
  }

  ask(alloc: QuotaAllocator, t: number): SimGrant {
    const g = alloc.request(
      {
        workerId: this.id,
        weight: this.weight,
        activeUsers: this.active(t),
        freeCapacity: Math.max(0, this.capacity - this.active(t) - this.pending(t)),
        ...(this.tellsPending ? { pendingStarts: this.pending(t) } : {}),
        ...this.held(),
      },
      t,
    );
    const sg = { ...g, workerId: this.id, at: t };
    if (this.loseReplies > 0) {
      this.loseReplies--;
      this.lost.push(g);
      return sg;
    }
    this.grants.push(sg);
    const span = g.windowEnd - g.windowStart;
    for (let i = 0; i < g.count; i++) {
      const start = g.windowStart + ((i + 0.5) * span) / g.count;
      this.users.push({ start, end: start + this.sessionMs });
    }
    if (g.stopUsers > 0) this.stop(g.stopUsers, t);
    return sg;
  }

  /** What it holds of its grants, as a worker tells a controller taking over (GrantArrivalSource.held). */
  held(): HeldGrants {
    const h = { grantedThrough: 0, lastUserId: 0, lastGrantAt: 0, usersGranted: 0, dropsReceived: 0 };
    for (const g of this.grants) {
      h.dropsReceived += g.dropped;
      if (g.count === 0) continue;
      h.usersGranted += g.count;
      h.grantedThrough = Math.max(h.grantedThrough, g.windowEnd);
      h.lastUserId = Math.max(h.lastUserId, g.firstUserId + g.count - 1);
      h.lastGrantAt = Math.max(h.lastGrantAt, g.at);
    }
    return h;
  }

  /** Ends `n` running users now (closed-model ramp-down). */
  private stop(n: number, t: number): void {
    for (const u of this.users) {
      if (n === 0) break;
      if (u.start <= t && t < u.end) {
        u.end = t;
        n--;
        this.stopped++;
      }
    }
  }
}

/**
 * Runs the fleet from `from` to `to` (virtual ms) in 5 ms steps: each worker
 * asks every 250 ms at its offset (unless silent), the allocator settles every
 * 250 ms, and `each` runs every step.
 */
export function simulate(
  alloc: QuotaAllocator,
  workers: SimWorker[],
  from: number,
  to: number,
  each?: (t: number) => void,
): void {
  for (let t = from; t <= to; t += 5) {
    for (const w of workers) {
      if (w.silent || t < w.joinAt) continue;
      if ((t - from - w.offsetMs) % 250 === 0) w.ask(alloc, t);
    }
    if ((t - from) % 250 === 0) alloc.settle(t);
    each?.(t);
  }
}

export function allGrants(workers: SimWorker[]): SimGrant[] {
  return workers.flatMap((w) => w.grants).filter((g) => g.count > 0);
}

export function sumCount(grants: readonly Grant[]): number {
  return grants.reduce((a, g) => a + g.count, 0);
}
