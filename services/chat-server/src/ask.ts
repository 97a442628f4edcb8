import type { ProcessStats } from './collect.js';
import { STATS_TIMEOUT_MS, type ToPrimary, type ToWorker } from './ipc.js';

interface Request {
  waiting: Set<number>;
  got: ProcessStats[];
  done: () => void;
}

type StatsAnswer = Extract<ToPrimary, { t: 'stats' }>;

/**
 * Asks every live worker for its counters (and metrics) and gathers the
 * answers. Each worker answers after everything it handled before the
 * question, so a sum of the answers is exact. A worker that dies meanwhile
 * is not waited for; one that does not answer in time fails the request.
 */
export function collect(send: (slot: number, msg: ToWorker) => void) {
  const requests = new Map<number, Request>();
  let nextId = 1;
  return {
    async all(slots: number[], metrics: boolean): Promise<ProcessStats[]> {
      const id = nextId++;
      const req: Request = { waiting: new Set(slots), got: [], done: () => {} };
      const done = new Promise<void>((resolve) => (req.done = resolve));
      requests.set(id, req);
      for (const slot of slots) send(slot, { t: 'stats?', id, metrics });
      let timer: NodeJS.Timeout | undefined;
      if (req.waiting.size > 0)
        await Promise.race([done, new Promise((r) => (timer = setTimeout(r, STATS_TIMEOUT_MS)))]);
      clearTimeout(timer);
      requests.delete(id);
      if (req.waiting.size > 0) throw new Error(`no stats from server process(es) ${[...req.waiting].join(', ')}`);
      return req.got.sort((a, b) => a.slot - b.slot);
    },
    answer(slot: number, msg: StatsAnswer): void {
      const req = requests.get(msg.id);
      if (req === undefined || !req.waiting.delete(slot)) return;
      req.got.push({
        slot,
        pid: msg.pid,
        stats: msg.stats,
        view: msg.view,
        ...(msg.metrics ? { metrics: msg.metrics } : {}),
      });
      if (req.waiting.size === 0) req.done();
    },
    gone(slot: number): void {
      for (const req of requests.values()) if (req.waiting.delete(slot) && req.waiting.size === 0) req.done();
    },
  };
}
