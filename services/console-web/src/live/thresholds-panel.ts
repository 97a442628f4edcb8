import type { LiveFrame, LiveMeta, ThresholdState } from '@loadfleet/console/wire';
import { fill, h } from '../dom.js';
import type { LivePanel } from './panel.js';

/** The scenario's thresholds and how each stands on the run's totals so far. */
export class ThresholdsPanel implements LivePanel {
  readonly element = h('section', { id: 'thresholds' });
  private meta_: LiveMeta | null = null;

  meta(m: LiveMeta): void {
    this.meta_ = m;
    this.draw([]);
  }

  history(): void {}

  frame(f: LiveFrame): void {
    if (f.thresholds) this.draw(f.thresholds);
  }

  /** A finished run: the report's verdicts. */
  final(states: ThresholdState[]): void {
    this.draw(states, true);
  }

  private draw(states: ThresholdState[], final = false): void {
    const m = this.meta_;
    if (!m) return;
    if (m.thresholds.length === 0) {
      fill(this.element, h('h3', {}, 'Thresholds'), h('p', { class: 'muted' }, 'The scenario sets none.'));
      return;
    }
    const byExpr = new Map(states.map((s) => [s.expr, s]));
    fill(
      this.element,
      h('h3', {}, final ? 'Thresholds (final)' : 'Thresholds (live, on the totals so far)'),
      h(
        'table',
        { id: 'thresholds-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Threshold', 'Observed', 'State'].map((t) => h('th', {}, t)),
          ),
        ),
        h(
          'tbody',
          {},
          m.thresholds.map((t) => {
            const s = byExpr.get(t.expr);
            const state = !s ? 'waiting' : s.observed === null ? 'no data' : s.pass ? 'pass' : 'fail';
            const observed =
              s?.observed == null
                ? '—'
                : t.unit === 'ms'
                  ? `${s.observed.toFixed(3)} ms`
                  : t.unit === 'ratio'
                    ? `${(s.observed * 100).toFixed(2)} %`
                    : String(s.observed);
            return h(
              'tr',
              {},
              h('td', {}, h('code', {}, t.expr), t.abort ? h('span', { class: 'muted' }, ' (aborts the run)') : null),
              h('td', { class: 'num' }, observed),
              h(
                'td',
                {},
                h(
                  'span',
                  { class: `badge ${state === 'pass' ? 'pass' : state === 'fail' ? 'fail' : 'state-queued'}` },
                  state,
                ),
              ),
            );
          }),
        ),
      ),
    );
  }
}
