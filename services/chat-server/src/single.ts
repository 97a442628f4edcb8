import { onStopSignal } from '@loadfleet/lifecycle';
import type { AddressInfo } from 'node:net';
import { ChatCore } from '@loadfleet/chatroom';
import type { Logger } from '@loadfleet/log';
import { coreOptions, printReady, type ChatServerSettings } from './common.js';
import { startHttp, stopHttp } from './http.js';
import { createListener, listen } from './listener.js';

/** --procs 1: everything in this process, no cluster and no relay. Resolves once stopped. */
export async function runSingle(s: ChatServerSettings, log: Logger): Promise<void> {
  const core = new ChatCore(coreOptions(s));
  core.startTimers();
  const server = createListener(core, s, log);
  const port = await listen(server, s.port, s.host);
  const http = await startHttp(
    s.host,
    s.httpPort,
    {
      stats: async (byProcess) => {
        const own = core.stats();
        return { ...own, procs: 1, ...(byProcess ? { processes: [{ ...own, slot: 0, pid: process.pid }] } : {}) };
      },
      healthy: () => !core.isShuttingDown,
    },
    log,
  );
  log.info({ port, procs: 1 }, 'chat server listening');
  printReady({ port, httpPort: (http.address() as AddressInfo).port, procs: 1, pids: [process.pid] });
  const signal = await new Promise<string>((resolve) => onStopSignal(resolve));
  log.info({ signal }, 'stopping');
  server.close();
  await core.shutdown();
  await stopHttp(http);
  log.info('stopped');
}
