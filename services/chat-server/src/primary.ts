import { onStopSignal } from '@loadfleet/lifecycle';
import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { emptyStats, RelayHub, sumStats, type ChatStats, type RelayBatch } from '@loadfleet/chatroom';
import type { Logger } from '@loadfleet/log';
import { printReady, type ChatServerSettings } from './common.js';
import { startHttp, stopHttp, type StatsDocument } from './http.js';
import { STATS_TIMEOUT_MS, STOP_TIMEOUT_MS, type ToPrimary, type ToWorker } from './ipc.js';

interface StatsRequest {
  waiting: Set<number>;
  got: (ChatStats & { slot: number; pid: number })[];
  done: () => void;
}

/**
 * The cluster primary: forks one worker per --procs slot (round-robin
 * connection scheduling), relays room events between them through the
 * RelayHub, serves HTTP, and sums the workers' counters on every /stats.
 * It holds no chat connection itself. Resolves once every worker has stopped.
 */
export async function runPrimary(s: ChatServerSettings, argv: string[], log: Logger): Promise<void> {
  cluster.schedulingPolicy = cluster.SCHED_RR;
  cluster.setupPrimary({
    exec: fileURLToPath(new URL('./main.js', import.meta.url)),
    args: argv,
    serialization: 'advanced',
  });
  const hub = new RelayHub(s.procs);
  const slots: (Worker | undefined)[] = new Array(s.procs).fill(undefined);
  const slotOf = new Map<number, number>();
  const requests = new Map<number, StatsRequest>();
  let nextRequest = 1;
  let stopping = false;
  let readyPort = -1;
  let onAllListening: () => void = () => {};
  const allListening = new Promise<void>((resolve) => (onAllListening = resolve));
  let listening = 0;

  const sendTo = (slot: number, msg: ToWorker) => {
    const w = slots[slot];
    if (w !== undefined && w.isConnected()) w.send(msg);
  };
  const sendAll = (out: Map<number, RelayBatch>) => out.forEach((batch, slot) => sendTo(slot, batch));

  function fork(slot: number): void {
    const w = cluster.fork();
    slots[slot] = w;
    slotOf.set(w.id, slot);
    w.on('message', (msg: ToPrimary) => {
      if (msg.t === 'ev') sendAll(hub.route(slot, msg));
      else if (msg.t === 'stats') answer(msg.id, slot, msg.pid, msg.stats);
    });
  }

  cluster.on('listening', (_w, address) => {
    readyPort = address.port;
    if (++listening === s.procs) onAllListening();
  });
  let ready = false;
  let onStartupFailure: (err: Error) => void = () => {};
  const startupFailed = new Promise<never>((_, reject) => (onStartupFailure = reject));
  cluster.on('exit', (w, code, signal) => {
    const slot = slotOf.get(w.id);
    slotOf.delete(w.id);
    if (slot === undefined || slots[slot] !== w) return;
    slots[slot] = undefined;
    for (const req of requests.values()) if (req.waiting.delete(slot) && req.waiting.size === 0) req.done();
    sendAll(hub.removeSlot(slot));
    if (stopping) return;
    if (!ready) return onStartupFailure(new Error(`worker ${slot} exited during startup (code ${code}, ${signal})`));
    // Exit code 0 is a worker that stopped on purpose (e.g. SIGINT to the process group): not replaced.
    if (code === 0 && signal === null) return log.warn({ slot, pid: w.process.pid }, 'worker stopped');
    // A crashed worker's sockets are gone; its slot gets a fresh worker (after a pause, so a crash loop stays slow).
    log.error({ slot, pid: w.process.pid, code, signal }, 'worker died; starting a new one in 1 s');
    setTimeout(() => stopping || fork(slot), 1000);
  });

  function answer(id: number, slot: number, pid: number, stats: ChatStats): void {
    const req = requests.get(id);
    if (req === undefined || !req.waiting.delete(slot)) return;
    req.got.push({ ...stats, slot, pid });
    if (req.waiting.size === 0) req.done();
  }

  /** Asks every live worker for its counters and sums them (exact: each answers after all it has handled). */
  async function collect(byProcess: boolean): Promise<StatsDocument> {
    const id = nextRequest++;
    const req: StatsRequest = { waiting: new Set(), got: [], done: () => {} };
    const done = new Promise<void>((resolve) => (req.done = resolve));
    slots.forEach((w, slot) => w?.isConnected() && req.waiting.add(slot));
    requests.set(id, req);
    for (const slot of req.waiting) sendTo(slot, { t: 'stats?', id });
    let timer: NodeJS.Timeout | undefined;
    if (req.waiting.size > 0) {
      await Promise.race([done, new Promise((r) => (timer = setTimeout(r, STATS_TIMEOUT_MS)))]);
    }
    clearTimeout(timer);
    requests.delete(id);
    if (req.waiting.size > 0) throw new Error(`no stats from worker slot(s) ${[...req.waiting].join(', ')}`);
    req.got.sort((a, b) => a.slot - b.slot);
    const total: ChatStats = emptyStats();
    for (const { slot: _slot, pid: _pid, ...own } of req.got) sumStats(total, own);
    // Per-process rooms are local views; the total is the hub's global view.
    total.rooms = { count: hub.roomCount, members: hub.members };
    return { ...total, procs: s.procs, ...(byProcess ? { processes: req.got } : {}) };
  }

  for (let i = 0; i < s.procs; i++) fork(i);
  const http = await startHttp(
    s.host,
    s.httpPort,
    { stats: collect, healthy: () => !stopping && slots.every((w) => w?.isConnected()) },
    log,
  );
  try {
    await Promise.race([allListening, startupFailed]);
  } catch (err) {
    stopping = true;
    for (const w of slots) w?.process.kill('SIGKILL');
    await stopHttp(http);
    throw err;
  }
  ready = true;
  const pids = [process.pid, ...slots.map((w) => w!.process.pid!)];
  log.info({ port: readyPort, procs: s.procs, pids }, 'chat server listening');
  printReady({ port: readyPort, httpPort: (http.address() as AddressInfo).port, procs: s.procs, pids });

  const signal = await new Promise<string>((resolve) => onStopSignal(resolve));
  stopping = true;
  log.info({ signal }, 'stopping workers');
  const exits = slots.map((w) => w && new Promise<void>((r) => (w.isDead() ? r() : w.once('exit', () => r()))));
  for (let i = 0; i < slots.length; i++) sendTo(i, { t: 'shutdown' });
  const killer = setTimeout(() => {
    for (const w of slots) if (w !== undefined && !w.isDead()) w.process.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  await Promise.all(exits);
  clearTimeout(killer);
  await stopHttp(http);
  log.info('stopped');
}
