import type { LiveFrame, WorkerDigest, WorkerRow } from '@loadfleet/console/wire';
import { fill, h } from '../dom.js';
import { count } from '../format.js';
import type { LivePanel } from './panel.js';

/**
 * The run's workers. The stream sends a page of rows a second (its size does
 * not grow with the fleet): rows are kept by id and each shows how fresh it is.
 */
export class WorkersPanel implements LivePanel {
  readonly element = h('section', { id: 'run-workers' });
  private readonly rows = new Map<string, { row: WorkerRow; second: number }>();
  private digest: WorkerDigest | null = null;
  private second = 0;

  meta(): void {}
  history(): void {}

  frame(f: LiveFrame): void {
    if (!f.workers) return;
    this.digest = f.workers;
    this.second = f.s;
    for (const row of f.workers.rows) this.rows.set(row.id, { row, second: f.s });
    this.draw();
  }

  private draw(): void {
    const d = this.digest!;
    const rows = [...this.rows.values()].sort((a, b) => (a.row.id < b.row.id ? -1 : 1));
    fill(
      this.element,
      h('h3', {}, 'Workers'),
      h(
        'p',
        { class: 'summary', id: 'workers-summary' },
        `${d.count} workers (${d.lost} lost, ${d.saturated} saturated) · ${count(d.users)} users on ${count(d.capacity)} capacity`,
      ),
      h(
        'table',
        { id: 'run-workers-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Worker', 'Host', 'Users', 'Capacity', 'Bound by', 'Saturation', 'CPU', 'Loop p99', 'Updated'].map((t) =>
              h('th', {}, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map(({ row, second }) =>
            h(
              'tr',
              { class: row.lost ? 'lost' : row.saturated ? 'saturated' : null },
              h('td', {}, row.id),
              h('td', {}, row.host),
              h('td', { class: 'num' }, count(row.users)),
              h('td', { class: 'num' }, count(row.capacity)),
              h('td', {}, row.limit || '—'),
              h(
                'td',
                {},
                h('meter', { min: 0, max: 1, high: 0.9, value: row.capacity ? row.users / row.capacity : 0 }),
                row.lost
                  ? ' lost'
                  : row.saturated
                    ? ' saturated'
                    : ` ${Math.round((row.capacity ? row.users / row.capacity : 0) * 100)} %`,
              ),
              h('td', { class: 'num' }, `${row.cpu} %`),
              h('td', { class: 'num' }, `${row.loopP99} ms`),
              h('td', { class: 'muted' }, this.second - second <= 1 ? 'now' : `${this.second - second}s ago`),
            ),
          ),
        ),
      ),
    );
  }
}
