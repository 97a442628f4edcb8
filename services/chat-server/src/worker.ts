import { onStopSignal } from '@loadfleet/lifecycle';
import { balanceSlack, ChatCore, chatMetrics, MeshRelay, processMetrics, processRegistry } from '@loadfleet/chatroom';
import type { Logger } from '@loadfleet/log';
import { coreOptions, type ChatServerSettings } from './common.js';
import { ListenError } from './errors.js';
import { LOAD_REPORT_MS, RELAY_DELAY_MS, SLOT_ENV, type ToPrimary, type ToWorker } from './ipc.js';
import { serverListeners } from './serve.js';
import { MeshNode } from './mesh-link.js';

/**
 * A cluster worker: accepts connections on the shared ports by itself, holds
 * them, serves its local room members, and trades room events and member
 * counts with the other workers directly over the mesh. The primary only
 * starts it, tells it when to accept, and asks for its counters. Resolves with
 * an exit code once stopped (shutdown from the primary, a signal, or the
 * primary gone).
 */
export async function runWorker(s: ChatServerSettings, log: Logger): Promise<number> {
  const slot = Number(process.env[SLOT_ENV]);
  const send = (msg: ToPrimary) => process.connected && process.send!(msg);
  const mesh = new MeshNode(slot, s.procs, log);
  const relay = new MeshRelay(slot, s.procs, mesh, (flush) => setTimeout(flush, RELAY_DELAY_MS));
  mesh.attach(relay);
  const core = new ChatCore({ ...coreOptions(s, relay), dropSeed: slot + 1 });
  relay.attach(core);
  const registry = processRegistry();

  // The load the primary balances on: reported in steps, at once across the high mark, and on a timer.
  const slack = balanceSlack(core.capacity);
  const highMark = Math.max(1, core.capacity - slack);
  const step = Math.max(1, Math.floor(slack / 2));
  let reported = 0;
  const report = () => {
    const open = core.counters.open;
    if (open === reported) return;
    reported = open;
    send({ t: 'load', open });
  };
  const changed = () => {
    const open = core.counters.open;
    if (Math.abs(open - reported) >= step || open >= highMark !== reported >= highMark) report();
  };
  const reporter = setInterval(report, LOAD_REPORT_MS);

  let stopRequested: (why: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => (stopRequested = resolve));
  const listeners = serverListeners(core, s, log, changed);
  process.on('message', (msg: ToWorker) => {
    if (msg.t === 'stats?') {
      const stats = core.stats();
      const view = { count: relay.table.roomCount, members: relay.table.members };
      if (!msg.metrics) return send({ t: 'stats', id: msg.id, pid: process.pid, stats, view });
      processMetrics(registry).then((own) =>
        send({ t: 'stats', id: msg.id, pid: process.pid, stats, view, metrics: [...own, ...chatMetrics(stats)] }),
      );
    } else if (msg.t === 'accept') {
      if (msg.on) {
        listeners.resume().then(
          () => send({ t: 'accepting', on: true }),
          (err: Error) => log.error({ err: err.message }, 'could not accept again'),
        );
      } else {
        listeners.pause();
        send({ t: 'accepting', on: false });
      }
    } else if (msg.t === 'peers') mesh.connect(msg.peers);
    else if (msg.t === 'shutdown') stopRequested('shutdown');
  });
  mesh.onChange = () => {
    if (relay.linksUp === s.procs - 1) send({ t: 'mesh-up' });
  };
  // Without its primary a worker would hold sockets nobody can account for: stop.
  process.on('disconnect', () => stopRequested('primary gone'));
  const disposeSignals = onStopSignal(stopRequested);

  core.startTimers();
  try {
    const meshPath = await mesh.listen();
    await listeners.listen();
    const [tcp, ws] = listeners.list;
    send({ t: 'up', mesh: meshPath, port: tcp!.bound, wsPort: ws?.bound ?? -1 });
  } catch (err) {
    // The primary says it, once, for the whole server.
    send({ t: 'listen-failed', message: (err as Error).message });
    if (!(err instanceof ListenError)) log.error({ err }, 'worker could not start');
    return stop(2);
  }
  if (s.procs === 1) send({ t: 'mesh-up' });

  const why = await stopped;
  log.debug({ why, pid: process.pid }, 'worker stopping');
  return stop(0);

  async function stop(code: number): Promise<number> {
    disposeSignals();
    clearInterval(reporter);
    listeners.close();
    await core.shutdown();
    relay.flush();
    mesh.close();
    if (process.connected) process.disconnect();
    return code;
  }
}
