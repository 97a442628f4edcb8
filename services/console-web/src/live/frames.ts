import type { LiveFrame } from '@loadfleet/console/wire';

/** A finished run's report.json timeline row, as the live stream would have sent it. */
export interface ReportRow {
  second: number;
  t: number;
  users: { active: number | null; target: number | null; dropped: number };
  arrivals: { achieved: number; target: number | null };
  connections: { open: number | null };
  messagesOut: Record<string, number>;
  messagesIn: Record<string, number>;
  latency: Record<string, { p50: number; p90: number; p99: number }>;
  errors: Record<string, number>;
  health: { cpuPct: number | null; loopDelayP99Ms: number | null; saturated: boolean };
}

export function frameOfReportRow(r: ReportRow, phase: string): LiveFrame {
  const latency: LiveFrame['latency'] = {};
  const delivery: LiveFrame['delivery'] = {};
  for (const [name, l] of Object.entries(r.latency)) {
    if (name.startsWith('response.')) latency[name.slice(9)] = [l.p50, l.p90, l.p99];
    else if (name.startsWith('delivery.')) delivery[name.slice(9)] = [l.p50, l.p90, l.p99];
  }
  return {
    s: r.second,
    t: r.t,
    phase,
    users: r.users.active ?? 0,
    usersTarget: r.users.target,
    arrivals: r.arrivals.achieved,
    arrivalsTarget: r.arrivals.target,
    dropped: r.users.dropped,
    msgOut: r.messagesOut,
    msgIn: r.messagesIn,
    latency,
    delivery,
    errors: r.errors,
    connOpen: r.connections.open,
    cpu: r.health.cpuPct,
    loopP99: r.health.loopDelayP99Ms,
    saturated: r.health.saturated,
  };
}

/** The seconds seen so far, by second: a late or repeated second replaces its slot. */
export class FrameLog {
  readonly frames: LiveFrame[] = [];
  private readonly bySecond = new Map<number, number>();

  add(f: LiveFrame): void {
    const at = this.bySecond.get(f.s);
    if (at !== undefined) {
      this.frames[at] = f;
      return;
    }
    if (this.frames.length > 0 && f.s < this.frames[this.frames.length - 1]!.s) {
      // Out of order (rare): keep the log sorted.
      this.frames.push(f);
      this.frames.sort((a, b) => a.s - b.s);
      this.bySecond.clear();
      this.frames.forEach((fr, i) => this.bySecond.set(fr.s, i));
      return;
    }
    this.bySecond.set(f.s, this.frames.length);
    this.frames.push(f);
  }

  get last(): LiveFrame | undefined {
    return this.frames[this.frames.length - 1];
  }

  sum(pick: (f: LiveFrame) => number): number {
    let n = 0;
    for (const f of this.frames) n += pick(f);
    return n;
  }
}

export const sumValues = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
