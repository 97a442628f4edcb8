import { onStopSignal } from '@loadfleet/lifecycle';
import { ChatCore, frameAt, RelayOutbox, type RelayBatch } from '@loadfleet/chatroom';
import type { Logger } from '@loadfleet/log';
import { coreOptions, type ChatServerSettings } from './common.js';
import { RELAY_DELAY_MS, type ToPrimary, type ToWorker } from './ipc.js';
import { createListener, listen } from './listener.js';

/**
 * A cluster worker: holds connections, serves its local room members, and
 * trades event frames and membership changes with the primary (the hub).
 * Resolves once stopped (shutdown from the primary, a signal, or the primary gone).
 */
export async function runWorker(s: ChatServerSettings, log: Logger): Promise<void> {
  const send = (msg: ToPrimary) => process.send!(msg);
  const outbox = new RelayOutbox(() => setTimeout(flushRelay, RELAY_DELAY_MS));
  const core = new ChatCore(coreOptions(s, outbox));
  function flushRelay(): void {
    const batch = outbox.take();
    if (batch === undefined || !process.connected) return;
    core.counters.relayBatchesOut++;
    core.counters.relayFramesOut += batch.rooms.length;
    send(batch);
  }
  function onBatch(b: RelayBatch): void {
    core.counters.relayBatchesIn++;
    const fanout = core.fanout;
    for (let i = 0; i < b.counts.length; i += 2) fanout.setRemote(b.counts[i] as string, b.counts[i + 1] as number);
    for (let i = 0; i < b.rooms.length; i++) fanout.deliverRemote(b.rooms[i]!, b.kinds[i]!, frameAt(b, i));
  }

  let stopRequested: (why: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => (stopRequested = resolve));
  process.on('message', (msg: ToWorker) => {
    if (msg.t === 'ev') onBatch(msg);
    else if (msg.t === 'stats?') send({ t: 'stats', id: msg.id, stats: core.stats(), pid: process.pid });
    else if (msg.t === 'shutdown') stopRequested('shutdown');
  });
  // Without its primary a worker would hold sockets nobody can account for: stop.
  process.on('disconnect', () => stopRequested('primary gone'));
  const disposeSignals = onStopSignal(stopRequested);

  core.startTimers();
  const server = createListener(core, s, log);
  // In a cluster the primary owns the listening socket and hands connections out round-robin.
  const port = await listen(server, s.port, s.host);
  log.debug({ port, pid: process.pid }, 'worker listening');

  const why = await stopped;
  disposeSignals();
  log.debug({ why, pid: process.pid }, 'worker stopping');
  server.close();
  await core.shutdown();
  flushRelay();
  if (process.connected) process.disconnect();
}
