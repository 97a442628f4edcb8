import { onStopSignal } from '@loadfleet/lifecycle';
import type { AddressInfo } from 'node:net';
import { ChatCore, chatMetrics, processRegistry } from '@loadfleet/chatroom';
import type { Logger } from '@loadfleet/log';
import { metricsText, statsDocument, type ProcessStats } from './collect.js';
import { coreOptions, printReady, type ChatServerSettings } from './common.js';
import { startHttp, stopHttp } from './http.js';
import { serverListeners } from './serve.js';

/** --procs 1: everything in this process, no cluster and no relay. Resolves once stopped. */
export async function runSingle(s: ChatServerSettings, log: Logger): Promise<void> {
  const core = new ChatCore(coreOptions(s));
  const registry = processRegistry();
  const listeners = serverListeners(core, s, log, () => {});
  const own = (): ProcessStats => {
    const stats = core.stats();
    return { slot: 0, pid: process.pid, stats, view: stats.rooms, metrics: chatMetrics(stats) };
  };
  const accepting = () => (listeners.isAccepting ? 1 : 0);
  const http = await startHttp(
    s.host,
    s.httpPort,
    {
      stats: async (byProcess) => statsDocument(core.wire, 1, accepting(), [own()], byProcess),
      metrics: () => metricsText(core.wire, registry, [own()], accepting()),
      healthy: () => !core.isShuttingDown,
    },
    log,
  );
  try {
    await listeners.listen();
  } catch (err) {
    listeners.close();
    await stopHttp(http);
    throw err;
  }
  core.startTimers();
  const [tcp, ws] = listeners.list;
  const httpPort = (http.address() as AddressInfo).port;
  log.info({ port: tcp!.bound, procs: 1 }, 'chat server listening');
  printReady({
    port: tcp!.bound,
    ...(ws ? { wsPort: ws.bound } : {}),
    httpPort,
    procs: 1,
    wire: core.wire.name,
    pids: [process.pid],
  });
  const signal = await new Promise<string>((resolve) => onStopSignal(resolve));
  log.info({ signal }, 'stopping');
  listeners.close();
  await core.shutdown();
  await stopHttp(http);
  log.info('stopped');
}
