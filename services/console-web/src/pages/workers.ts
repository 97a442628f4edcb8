import { call } from '../api.js';
import { fill, h } from '../dom.js';
import { ago, bytes, count } from '../format.js';
import type { Unmount } from '../main.js';
import { showError } from './runs.js';

interface Worker {
  id: string;
  host: string;
  pid: number;
  capacity: number;
  capacityLimit: string;
  activeUsers: number;
  version?: string;
  health: { cpuPct: number; rssBytes: number; loopDelayP99Ms: number; openSockets: number };
  runs: { runId: string; activeUsers: number }[];
  lastSeen: string;
  lost: boolean;
  left?: boolean;
}

/** The fleet as its heartbeats tell it, every 2 s. */
export function workersPage(main: HTMLElement): Unmount {
  const body = h('section', { id: 'workers' });
  fill(main, h('h2', {}, 'Workers'), body);
  const load = async () => {
    const { workers } = await call<{ workers: Worker[] }>('/v1/workers');
    const live = workers.filter((w) => !w.lost && !w.left);
    const users = live.reduce((n, w) => n + w.activeUsers, 0);
    const capacity = live.reduce((n, w) => n + w.capacity, 0);
    fill(
      body,
      h(
        'p',
        { class: 'summary' },
        `${live.length} live of ${workers.length} · ${count(users)} users held of ${count(capacity)} capacity`,
      ),
      workers.length === 0
        ? h('p', { class: 'muted' }, 'No worker has sent a heartbeat. Start one: loadfleet worker --procs 2')
        : h(
            'table',
            { class: 'workers', id: 'workers-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [
                  'Worker',
                  'Host',
                  'Capacity',
                  'Bound by',
                  'Users',
                  'Load',
                  'CPU',
                  'Loop p99',
                  'RSS',
                  'Version',
                  'Last seen',
                  'Status',
                ].map((t) => h('th', {}, t)),
              ),
            ),
            h(
              'tbody',
              {},
              workers.map((w) => {
                const load = w.capacity > 0 ? w.activeUsers / w.capacity : 0;
                const status = w.left ? 'left' : w.lost ? 'lost' : 'live';
                return h(
                  'tr',
                  { class: status },
                  h('td', {}, w.id),
                  h('td', {}, `${w.host} (pid ${w.pid})`),
                  h('td', { class: 'num' }, count(w.capacity)),
                  h('td', {}, w.capacityLimit || '—'),
                  h('td', { class: 'num' }, count(w.activeUsers)),
                  h(
                    'td',
                    {},
                    h('meter', { min: 0, max: 1, high: 0.9, value: load, title: `${Math.round(load * 100)} %` }),
                    ` ${Math.round(load * 100)} %`,
                  ),
                  h('td', { class: 'num' }, `${Math.round(w.health.cpuPct)} %`),
                  h('td', { class: 'num' }, `${w.health.loopDelayP99Ms.toFixed(1)} ms`),
                  h('td', { class: 'num' }, bytes(w.health.rssBytes)),
                  h('td', {}, w.version ?? '—'),
                  h('td', {}, ago(w.lastSeen)),
                  h('td', {}, h('span', { class: `badge state-${status}` }, status)),
                );
              }),
            ),
          ),
    );
  };
  void load().catch(showError(body));
  const timer = setInterval(() => void load().catch(() => {}), 2000);
  return () => clearInterval(timer);
}
