import {
  historyFrames,
  liveFrame,
  liveMeta,
  thresholdStates,
  workerDigest,
  type LiveFrame,
  type LiveMeta,
} from '@loadfleet/console';
import { isTerminal, type FarmRun, type LiveHub, type RunEndInfo, type WorkerRegistry } from '@loadfleet/controller';
import type { Plan } from '@loadfleet/scenario';
import { scheduleOf } from '@loadfleet/schedule';
import type { FastifyReply, FastifyRequest } from 'fastify';

const KEEPALIVE_MS = 15_000;
/** Points of history sent when a page opens mid-run: the whole run, folded to this many. */
const HISTORY_POINTS = 600;
/** Thresholds and workers ride on at most one frame in this long. */
const FULL_FRAME_EVERY_MS = 900;

export interface ConsoleLiveDeps {
  hub: LiveHub;
  registry: WorkerRegistry;
  active: ReadonlyMap<string, FarmRun>;
  /** The run's state, start (epoch ms) and plan, or a throw (404) for an unknown run. */
  describe(id: string): Promise<{ state: string; startedAt: number | null; plan: Plan }>;
}

/**
 * GET /v1/runs/:id/live?view=console: `event: meta` (the run's phases and
 * thresholds), `event: history` (the seconds so far, folded to at most
 * HISTORY_POINTS), then `event: frame` per merged second and `event: end`.
 * A frame's size depends on the scenario's message kinds, never on the number of
 * workers: the worker table travels as a rotating page of rows.
 */
export class ConsoleLiveStreams {
  private readonly open = new Set<() => void>();

  constructor(private readonly d: ConsoleLiveDeps) {}

  async serve(id: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const queue: string[] = [];
    let write: ((chunk: string) => void) | null = null;
    let ended = false;
    let close: () => void = () => {};
    const emit = (chunk: string) => (write ? write(chunk) : queue.push(chunk));
    // Seconds that arrive together (the aggregators catching up) carry their own figures, but the
    // thresholds and the worker page go out at most about once a second: the stream's rate stays bounded.
    let fullAt = -Infinity;
    const unsubscribe = this.d.hub.subscribe(id, {
      status: (s) => {
        const now = Date.now();
        const full = now - fullAt >= FULL_FRAME_EVERY_MS;
        if (full) fullAt = now;
        const frame = this.frame(id, s.second, full);
        if (frame) emit(event('frame', frame));
      },
      end: (e: RunEndInfo) => {
        emit(event('end', e));
        ended = true;
        if (write) close();
      },
    });
    let run: { state: string; startedAt: number | null; plan: Plan };
    try {
      run = await this.d.describe(id);
    } catch (err) {
      unsubscribe();
      throw err;
    }

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    raw.write('retry: 2000\n\n');
    const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
    let closed = false;
    close = () => {
      if (closed) return;
      closed = true;
      clearInterval(keepalive);
      unsubscribe();
      this.open.delete(close);
      raw.end();
    };
    this.open.add(close);
    req.raw.on('close', close);

    const history = this.history(id);
    const meta: LiveMeta = { ...liveMeta({ runId: id, ...run }), historyStep: history.step };
    raw.write(event('meta', meta));
    raw.write(event('history', history.frames));
    write = (chunk) => {
      if (!closed) raw.write(chunk);
    };
    for (const chunk of queue.splice(0)) write(chunk);
    if (ended) return close();
    if (isTerminal(run.state as never) && !this.d.active.has(id)) {
      write(event('end', { id, state: run.state, stopReason: null }));
      close();
    }
  }

  closeAll(): void {
    for (const close of [...this.open]) close();
  }

  /** The newest second of a run this controller executes, with thresholds and workers. */
  private frame(id: string, second: number, full: boolean): LiveFrame | null {
    const run = this.d.active.get(id);
    const row = run?.monitor.row(second);
    if (!run || !row) return null;
    const m = run.monitor;
    const schedule = scheduleOf(m.plan.load);
    const frame = liveFrame(row, m.startedAt, (ms) => schedule.phaseAt(ms), schedule.holdsUsers);
    if (!full) return frame;
    frame.thresholds = thresholdStates(m.plan, m.totals());
    const participants = new Set(run.workers().map((w) => w.id));
    frame.workers = workerDigest(this.d.registry.list(), id, second, participants);
    return frame;
  }

  private history(id: string): { step: number; frames: LiveFrame[] } {
    const run = this.d.active.get(id);
    if (!run) return { step: 1, frames: [] };
    const m = run.monitor;
    const schedule = scheduleOf(m.plan.load);
    const at = (ms: number) => schedule.phaseAt(ms);
    const closed = m.plan.load.model === 'closed';
    // The monitor's history is bounded already (older seconds folded `step` to a row).
    const past = m.history();
    const frames = past.rows.map((row) => liveFrame(row, m.startedAt, at, closed));
    const folded = historyFrames(frames, HISTORY_POINTS);
    return { step: folded.step * past.step, frames: folded.frames };
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
