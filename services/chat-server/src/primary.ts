import { onStopSignal } from '@loadfleet/lifecycle';
import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { AcceptBalancer, processRegistry, type AcceptCommand } from '@loadfleet/chatroom';
import type { Logger } from '@loadfleet/log';
import { collect } from './ask.js';
import { metricsText, statsDocument } from './collect.js';
import { capacityOf, printReady, wireOf, type ChatServerSettings } from './common.js';
import { StartupError } from './errors.js';
import { startHttp, stopHttp } from './http.js';
import type { Peer } from './mesh-link.js';
import { SLOT_ENV, STARTUP_TIMEOUT_MS, STOP_TIMEOUT_MS, type ToPrimary, type ToWorker } from './ipc.js';

interface Slot {
  worker: Worker;
  mesh?: string;
  meshUp: boolean;
}

/**
 * The cluster primary. It holds no chat connection and is on no message's
 * path: every worker accepts on the shared listening sockets by itself
 * (SCHED_NONE) and relays room events to the others directly. The primary
 * forks the workers, hands out the mesh addresses, tells each worker when to
 * accept (AcceptBalancer), serves HTTP (summing the workers' counters on each
 * /stats and /metrics), and replaces a worker that crashes. Resolves once
 * every worker has stopped; a start-up failure rejects, after every worker is gone.
 */
export async function runPrimary(s: ChatServerSettings, argv: string[], log: Logger): Promise<void> {
  const wire = wireOf(s);
  const registry = processRegistry();
  const balancer = new AcceptBalancer(s.procs, capacityOf(s));
  const slots: (Slot | undefined)[] = new Array(s.procs).fill(undefined);
  let stopping = false;
  let ready = false;
  let readyPorts = { port: -1, wsPort: -1 };
  let onStartup: (err?: Error) => void = () => {};
  const started = new Promise<void>((resolve, reject) => (onStartup = (err) => (err ? reject(err) : resolve())));

  const sendTo = (slot: number, msg: ToWorker) => {
    const w = slots[slot]?.worker;
    if (w !== undefined && w.isConnected()) w.send(msg);
  };
  const command = (cmds: AcceptCommand[]) => cmds.forEach((c) => sendTo(c.slot, { t: 'accept', on: c.accept }));
  const peers = (): Peer[] => slots.flatMap((x, slot) => (x?.mesh === undefined ? [] : [{ slot, path: x.mesh }]));
  const allUp = () => slots.every((x) => x?.mesh !== undefined);

  function fork(slot: number): void {
    const worker = cluster.fork({ [SLOT_ENV]: String(slot) });
    const entry: Slot = { worker, meshUp: false };
    slots[slot] = entry;
    worker.on('message', (msg: ToPrimary) => {
      if (slots[slot] !== entry) return;
      switch (msg.t) {
        case 'up':
          entry.mesh = msg.mesh;
          readyPorts = { port: msg.port, wsPort: msg.wsPort };
          command(balancer.listening(slot));
          // Everyone (again) learns every address; each links to the higher slots it has no link to.
          if (allUp()) for (let i = 0; i < s.procs; i++) sendTo(i, { t: 'peers', peers: peers() });
          return;
        case 'mesh-up':
          entry.meshUp = true;
          if (!ready && slots.every((x) => x?.meshUp)) onStartup();
          return;
        case 'listen-failed':
          return onStartup(new StartupError(msg.message));
        case 'load':
          return command(balancer.report(slot, msg.open));
        case 'accepting':
          return command(msg.on ? balancer.listening(slot) : balancer.paused(slot));
        case 'stats':
          return ask.answer(slot, msg);
      }
    });
  }

  cluster.on('exit', (w, code, signal) => {
    const slot = slots.findIndex((x) => x?.worker === w);
    if (slot < 0) return;
    slots[slot] = undefined;
    ask.gone(slot);
    command(balancer.gone(slot));
    if (stopping) return;
    if (!ready) return onStartup(new StartupError(`server process ${slot} exited while starting (${code ?? signal})`));
    // Exit code 0 is a worker that stopped on purpose (e.g. SIGINT to the process group): not replaced.
    if (code === 0 && signal === null) return log.warn({ slot, pid: w.process.pid }, 'worker stopped');
    // A crashed worker's sockets are gone; its slot gets a fresh worker (after a pause, so a crash loop stays slow).
    log.error({ slot, pid: w.process.pid, code, signal }, 'worker died; starting a new one in 1 s');
    setTimeout(() => stopping || fork(slot), 1000);
  });

  const ask = collect((slot, msg) => sendTo(slot, msg));
  const gather = (metrics: boolean) =>
    ask.all(
      slots.flatMap((x, i) => (x?.worker.isConnected() ? [i] : [])),
      metrics,
    );
  const accepting = () => slots.filter((_, i) => balancer.isAccepting(i)).length;

  // The HTTP port first: it is this process's own, and failing on it must not leave workers behind.
  const http = await startHttp(
    s.host,
    s.httpPort,
    {
      stats: async (byProcess) => statsDocument(wire, s.procs, accepting(), await gather(false), byProcess),
      metrics: async () => metricsText(wire, registry, await gather(true), accepting()),
      healthy: () => !stopping && slots.every((x) => x?.worker.isConnected()),
    },
    log,
  );
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({
    exec: fileURLToPath(new URL('./main.js', import.meta.url)),
    args: argv,
    serialization: 'advanced',
  });
  for (let i = 0; i < s.procs; i++) fork(i);
  const timer = setTimeout(
    () => onStartup(new StartupError(`server processes not ready within ${STARTUP_TIMEOUT_MS / 1000} s`)),
    STARTUP_TIMEOUT_MS,
  );
  try {
    await started;
  } catch (err) {
    stopping = true;
    await stopAll(slots, 'SIGKILL');
    await stopHttp(http);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  ready = true;
  const pids = [process.pid, ...slots.map((x) => x!.worker.process.pid!)];
  const httpPort = (http.address() as AddressInfo).port;
  log.info({ ...readyPorts, procs: s.procs, pids }, 'chat server listening');
  printReady({
    port: readyPorts.port,
    ...(s.wsPort >= 0 ? { wsPort: readyPorts.wsPort } : {}),
    httpPort,
    procs: s.procs,
    wire: wire.name,
    pids,
  });

  const signal = await new Promise<string>((resolve) => onStopSignal(resolve));
  stopping = true;
  log.info({ signal }, 'stopping workers');
  for (let i = 0; i < slots.length; i++) sendTo(i, { t: 'shutdown' });
  await stopAll(slots, undefined);
  await stopHttp(http);
  log.info('stopped');
}

/** Waits for every worker to exit: at once with SIGKILL, or after STOP_TIMEOUT_MS when `signal` is undefined. */
async function stopAll(slots: (Slot | undefined)[], signal: 'SIGKILL' | undefined): Promise<void> {
  const workers = slots.flatMap((x) => (x === undefined ? [] : [x.worker]));
  const exits = workers.map((w) => new Promise<void>((r) => (w.isDead() ? r() : w.once('exit', () => r()))));
  const kill = () => workers.forEach((w) => w.isDead() || w.process.kill('SIGKILL'));
  if (signal === 'SIGKILL') kill();
  const killer = setTimeout(kill, STOP_TIMEOUT_MS);
  await Promise.all(exits);
  clearTimeout(killer);
}
