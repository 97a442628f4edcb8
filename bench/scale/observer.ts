// Watches a scale run from outside: CPU and RSS of every component at the phase
// boundaries, and during the hold three independent counts of the users held —
// `ss` on the chat port, the chat server's /stats, the workers' heartbeats — at
// known seconds, to be set beside the report's own count afterwards.
import { readdirSync, readFileSync } from 'node:fs';
import type { FleetWorker, RunView } from '../lib/farm-api.js';
import type { ServerStats } from '../lib/proc.js';
import { establishedOn } from './infra.js';
import { sample, sleep, type ChatServer, type Controller, type Node, type Sample } from './procs.js';

const ENDED = ['done', 'stopped', 'aborted', 'failed', 'cancelled'];
/** After the ramp, users still logging in are given this long before the hold is measured. */
export const SETTLE_MS = 10_000;

/** PIDs of processes with this command name (the shared NATS and Redis: read, never touched). */
function pidsNamed(comm: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === comm) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** The process groups an Observer samples. */
export type Group = 'generator' | 'server' | 'controller' | 'aggregator' | 'nats' | 'redis';
/** Samples of every group at one moment. */
export type Samples = Record<Group, Sample>;
/** The moments of a run (epoch ms) the observer samples at. */
export interface Marks {
  start: number;
  rampEnd: number;
  holdStart: number;
  holdEnd: number;
}
/** One independent count of the users held (Observer.count). */
export interface Count {
  second: number;
  ss: number;
  serverOpen: number;
  serverLogins: number;
  heartbeatUsers: number;
  maxPerWorker: number;
  workerRss: number;
}

export class Observer {
  readonly server: ChatServer;
  readonly ctl: Controller;
  readonly log: (...a: unknown[]) => void;
  readonly groups: Record<Group, (number | null)[]>;
  readonly samples: Partial<Record<'idle' | keyof Marks, Samples>>;
  readonly counts: Count[];
  readonly progress: unknown[];
  readonly peakRss: { generator: number; server: number };
  marks?: Marks;
  serverEnd?: ServerStats | null;
  constructor({
    server,
    ctl,
    workers,
    others,
    log,
  }: {
    server: ChatServer;
    ctl: Controller;
    workers: Node[];
    others: { controller: Node; aggregator: Node };
    log: (...a: unknown[]) => void;
  }) {
    this.server = server;
    this.ctl = ctl;
    this.log = log;
    this.groups = {
      generator: workers.map((w) => w.pid),
      server: server.pids,
      controller: [others.controller.pid],
      aggregator: [others.aggregator.pid],
      nats: pidsNamed('nats-server'),
      redis: pidsNamed('redis-server'),
    };
    this.samples = {};
    this.counts = [];
    this.progress = [];
    this.peakRss = { generator: 0, server: 0 };
  }

  sampleAll(): Samples {
    return Object.fromEntries(Object.entries(this.groups).map(([k, pids]) => [k, sample(pids)])) as Samples;
  }

  idle() {
    this.samples.idle = this.sampleAll();
  }

  /** One independent count of the users held, labelled with its epoch second. */
  async count(runId: string): Promise<Count> {
    const second = Math.floor(Date.now() / 1000);
    const ss = establishedOn(this.server.port);
    const stats = await this.server.stats();
    const { workers } = await this.ctl.api<{ workers: FleetWorker[] }>('/v1/workers');
    const mine = workers.filter((w) => !w.lost && w.runs.some((r) => r.runId === runId));
    const perWorker = mine.map((w) => w.runs.find((r) => r.runId === runId)!.activeUsers);
    const c = {
      second,
      ss,
      serverOpen: stats.connections.open,
      serverLogins: stats.logins,
      heartbeatUsers: perWorker.reduce((a, b) => a + b, 0),
      maxPerWorker: Math.max(0, ...perWorker),
      workerRss: Math.max(0, ...mine.map((w) => w.health.rssBytes)),
    };
    this.counts.push(c);
    return c;
  }

  /** Follows the run to its end, sampling at the ramp and hold boundaries; resolves with the run record. */
  async follow(runId: string, o: { rampMs: number; holdMs: number }): Promise<RunView> {
    let run: RunView;
    let marks: Marks | null = null;
    let nextCount = 0;
    let nextLog = 0;
    for (;;) {
      run = await this.ctl.api<RunView>(`/v1/runs/${runId}`);
      const now = Date.now();
      if (ENDED.includes(run.state)) break;
      if (!marks && run.startedAt && run.state === 'running') {
        const start = Date.parse(run.startedAt);
        const rampEnd = start + o.rampMs;
        marks = { start, rampEnd, holdStart: rampEnd + SETTLE_MS, holdEnd: rampEnd + o.holdMs - 5000 };
        this.marks = marks;
      }
      if (marks) {
        for (const [name, at] of Object.entries(marks) as [keyof Marks, number][]) {
          if (now >= at && !this.samples[name]) this.samples[name] = this.sampleAll();
        }
        if (now >= marks.holdStart && now < marks.holdEnd && now >= nextCount) {
          nextCount = now + 15_000;
          // A server or controller too busy to answer is a finding too: the count is skipped, not the run.
          const c = await this.count(runId).catch((err: Error) => (this.log(`count skipped: ${err.message}`), null));
          if (c)
            this.log(
              `hold: ss ${c.ss}, server open ${c.serverOpen}, heartbeats ${c.heartbeatUsers} (max ${c.maxPerWorker} a worker)`,
            );
        }
        const s = this.sampleAll();
        this.peakRss.generator = Math.max(this.peakRss.generator, s.generator.rss);
        this.peakRss.server = Math.max(this.peakRss.server, s.server.rss);
      }
      if (now >= nextLog) {
        nextLog = now + 5000;
        const live = run.live;
        this.log(
          `${run.state}/${run.phase}: users ${live?.usersActive ?? '-'}${live?.usersTarget ? ` of ${live.usersTarget}` : ''}, ` +
            `p99 ${live?.p99Ms ?? '-'} ms, errors ${live?.errorsTotal ?? 0}`,
        );
      }
      await sleep(1000);
    }
    this.log(`run ${runId} ${run.state}${run.stopReason ? `: ${run.stopReason}` : ''}`);
    this.serverEnd = await this.server.stats().catch(() => null);
    return run;
  }
}
