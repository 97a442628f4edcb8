// A whole farm of real processes for end-to-end and fault tests: a controller, aggregators
// and workers on one namespace, over the given Redis and NATS, against the real chat
// server. Every process is stopped by its own PID in stop().
//
//   const farm = await startFarm({ infra, workers: [{ capacity: 400 }, { capacity: 400 }] });
//   const id = await farm.submit(yaml);
//   const report = await farm.finished(id);
//   await farm.stop();
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@loadfleet/report';
import { startChatServer, type ChatServerHandle } from './chat-server.js';
import { startAggregator, startController, startWorker, type Child } from './processes.js';

export interface FarmInfra {
  redisUrl: string;
  natsUrl: string;
  namespace: string;
}

export interface WorkerSpec {
  /** Default `<namespace>-w<n>`. */
  id?: string;
  capacity?: number;
  args?: string[];
}

export interface FarmOptions {
  infra: FarmInfra;
  /** A chat server to target; default: one of our own (2 processes), stopped with the farm. */
  server?: ChatServerHandle;
  workers?: WorkerSpec[];
  controllerArgs?: string[];
  aggregatorArgs?: string[];
  /** Default info: fault tests read the logs. */
  logLevel?: string;
  /** Bearer token for the helper's own API calls (when the controller is given tokens). */
  apiToken?: string;
}

export interface RunView {
  id: string;
  state: string;
  phase: string;
  stopReason: string | null;
  notes: string[];
  startedAt: string | null;
  endedAt: string | null;
  droppedArrivals: number;
  live: { second: number; usersActive: number; arrivals: number; errorsTotal: number } | null;
  workers: { id: string; host: string; users: number; lost: boolean }[];
}

export interface WorkerView {
  id: string;
  activeUsers: number;
  lost: boolean;
  health: { bufferedRecords: number; droppedRecords: number };
  runs: { runId: string; activeUsers: number; openSockets: number }[];
}

export const ENDED = ['done', 'stopped', 'aborted', 'failed', 'cancelled'];

export class Farm {
  readonly workers = new Map<string, Child>();
  readonly aggregators: Child[] = [];
  controller: (Child & { url: string }) | null = null;
  private workerCount = 0;

  constructor(
    readonly o: FarmOptions,
    readonly server: ChatServerHandle,
    private readonly ownServer: boolean,
  ) {}

  get namespace(): string {
    return this.o.infra.namespace;
  }

  private common(): string[] {
    return ['--namespace', this.namespace, '--log-level', this.o.logLevel ?? 'info'];
  }

  /** Starts a controller (the previous one must be gone: one per namespace). */
  async startController(args: string[] = this.o.controllerArgs ?? []): Promise<Child & { url: string }> {
    this.controller = await startController([...this.common(), '--insecure', ...args], this.o.infra);
    return this.controller;
  }

  startAggregator(args: string[] = this.o.aggregatorArgs ?? []): Child {
    const a = startAggregator([...this.common(), ...args], this.o.infra);
    this.aggregators.push(a);
    return a;
  }

  startWorker(spec: WorkerSpec = {}): { id: string; child: Child } {
    const id = spec.id ?? `${this.namespace}-w${++this.workerCount}`;
    const args = [...this.common(), '--id', id, ...(spec.capacity ? ['--capacity', String(spec.capacity)] : [])];
    const child = startWorker([...args, ...(spec.args ?? [])], this.o.infra);
    this.workers.set(id, child);
    return { id, child };
  }

  worker(id: string): Child {
    const w = this.workers.get(id);
    if (!w) throw new Error(`no worker ${id}`);
    return w;
  }

  async api<T>(path: string, init?: RequestInit): Promise<T> {
    if (!this.controller) throw new Error('no controller');
    const headers = new Headers(init?.headers);
    if (this.o.apiToken) headers.set('authorization', `Bearer ${this.o.apiToken}`);
    const res = await fetch(`${this.controller.url}${path}`, { ...init, headers });
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async submit(yaml: string): Promise<string> {
    const res = await this.api<{ id: string }>('/v1/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: yaml,
    });
    return res.id;
  }

  run(id: string): Promise<RunView> {
    return this.api<RunView>(`/v1/runs/${id}`);
  }

  async fleet(): Promise<WorkerView[]> {
    return (await this.api<{ workers: WorkerView[] }>('/v1/workers')).workers;
  }

  /** Waits until every worker started so far is in /v1/workers and live. */
  async fleetReady(ms = 20_000): Promise<void> {
    await waitFor(
      async () => {
        const live = new Set((await this.fleet()).filter((w) => !w.lost).map((w) => w.id));
        return [...this.workers.keys()].every((id) => live.has(id));
      },
      { ms, what: 'every worker in /v1/workers' },
    );
  }

  async waitForRun(id: string, check: (r: RunView) => boolean, ms = 30_000, what = 'run condition'): Promise<RunView> {
    let last: RunView | null = null;
    await waitFor(
      async () => {
        last = await this.run(id);
        return check(last);
      },
      { ms, what: `${what} (run ${id})` },
    );
    return last!;
  }

  /** Waits for the run to end and returns its report (which may take a little longer than the state). */
  async finished(id: string, ms = 90_000): Promise<Report> {
    await this.waitForRun(id, (r) => ENDED.includes(r.state), ms, 'run ended');
    return this.report(id, 30_000);
  }

  /** Waits until the run's report is stored, and returns it. */
  async report(id: string, ms = 30_000): Promise<Report> {
    let report: Report | null = null;
    await waitFor(
      async () => {
        report = await this.api<Report>(`/v1/runs/${id}/report.json`);
        return true;
      },
      { ms, what: `report of ${id}` },
    );
    return report!;
  }

  /** Writes every process's log into `dir` (for a failing test: LF_TEST_LOG_DIR=/tmp/x npx vitest run …). */
  dumpLogs(dir = process.env.LF_TEST_LOG_DIR): void {
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const ns = this.namespace;
    if (this.controller) writeFileSync(join(dir, `${ns}-controller.log`), this.controller.logs());
    this.aggregators.forEach((a, i) => writeFileSync(join(dir, `${ns}-aggregator-${i}.log`), a.logs()));
    for (const [id, w] of this.workers) writeFileSync(join(dir, `${id}.log`), w.logs());
  }

  /** Stops everything this farm started (the chat server only if it started it). */
  async stop(): Promise<void> {
    this.dumpLogs();
    await Promise.allSettled([...this.workers.values()].map((w) => w.stop('SIGTERM', 15_000)));
    await Promise.allSettled(this.aggregators.map((a) => a.stop('SIGTERM', 10_000)));
    await this.controller?.stop('SIGTERM', 10_000);
    if (this.ownServer) await this.server.stop();
  }
}

/** Starts the chat server (unless given), the controller, one aggregator and the workers; waits for the fleet. */
export async function startFarm(o: FarmOptions): Promise<Farm> {
  const server = o.server ?? (await startChatServer({ procs: 2 }));
  const farm = new Farm(o, server, o.server === undefined);
  try {
    await farm.startController();
    farm.startAggregator();
    for (const w of o.workers ?? [{}]) farm.startWorker(w);
    await farm.fleetReady();
  } catch (err) {
    await farm.stop();
    throw err;
  }
  return farm;
}

/**
 * Polls `check` (every `every` ms, default 100) until it returns true; a check that
 * throws counts as false (a server in the middle of a restart). Fails after `ms`.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  opts: { ms?: number; what?: string; every?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.ms ?? 30_000);
  let lastError: unknown = null;
  for (;;) {
    try {
      if (await check()) return;
      lastError = null;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError ? `: ${(lastError as Error).message}` : '';
      throw new Error(`timed out waiting for ${opts.what ?? 'a condition'}${why}`);
    }
    await new Promise((r) => setTimeout(r, opts.every ?? 100));
  }
}

/**
 * A chat-room scenario for farm tests: an open model at `rate` users/s for `seconds`;
 * each user logs in, joins one of 4 rooms, chats there (no error replies: a clean run
 * has 0 errors, so any error is the fault's), then heartbeats `beats` times every
 * `beatEvery` (a session of about beats × beatEvery) and closes.
 */
export function chatScenario(o: {
  target: string;
  rate: number;
  seconds: number;
  name?: string;
  beats?: number;
  beatEvery?: string;
}): string {
  return `name: ${o.name ?? 'farm-test'}
target: ${o.target}
load:
  phases:
    - { duration: ${o.seconds}s, rate: ${o.rate} }
sessions:
  - name: s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - set: { room: 'room-{{random.int(1, 4)}}' }
      - send: joinRoom
        fields: { room: '{{room}}' }
      - send: chat
        fields: { room: '{{room}}', text: hi }
      - loop:
          count: ${o.beats ?? 4}
          steps:
            - think: ${o.beatEvery ?? '500ms'}
            - send: heartbeat
      - close
`;
}
