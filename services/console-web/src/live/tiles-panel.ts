import type { LiveFrame, LiveMeta } from '@loadfleet/console/wire';
import { h, setText } from '../dom.js';
import { count, duration, ms, rate } from '../format.js';
import { FrameLog, sumValues } from './frames.js';
import type { LivePanel } from './panel.js';

/** The figures at the top: this second against its target, and the run's totals so far. */
export class TilesPanel implements LivePanel {
  readonly element = h('section', { id: 'tiles', class: 'tiles' });
  private readonly log = new FrameLog();
  private readonly values = new Map<string, HTMLElement>();
  private readonly subs = new Map<string, HTMLElement>();
  private totalMs = 0;

  constructor() {
    for (const [id, label] of [
      ['phase', 'Phase'],
      ['users', 'Active users'],
      ['arrivals', 'Arrivals'],
      ['started', 'Users started (total)'],
      ['messages', 'Messages'],
      ['p99', 'Worst p99'],
      ['errors', 'Errors'],
    ] as const) {
      const value = h('div', { class: 'value', id: `tile-${id}` }, '—');
      const sub = h('div', { class: 'sub', id: `tile-${id}-sub` });
      this.values.set(id, value);
      this.subs.set(id, sub);
      this.element.append(h('div', { class: 'tile' }, h('div', { class: 'label' }, label), value, sub));
    }
  }

  meta(m: LiveMeta): void {
    this.totalMs = m.totalMs;
  }

  history(frames: readonly LiveFrame[]): void {
    for (const f of frames) this.log.add(f);
    this.draw();
  }

  frame(f: LiveFrame): void {
    this.log.add(f);
    this.draw();
  }

  private set(id: string, value: string, sub = ''): void {
    setText(this.values.get(id)!, value);
    setText(this.subs.get(id)!, sub);
  }

  private draw(): void {
    const f = this.log.last;
    if (!f) return;
    const p99 = Math.max(0, ...Object.values(f.latency).map((l) => l[2]));
    const errorsNow = sumValues(f.errors);
    this.set('phase', f.phase, `${duration(f.t * 1000 + 1000)} of ${duration(this.totalMs)}`);
    this.set('users', count(f.users), f.usersTarget !== null ? `target ${count(f.usersTarget)}` : '');
    this.set('arrivals', rate(f.arrivals), f.arrivalsTarget !== null ? `target ${rate(f.arrivalsTarget)}` : '');
    this.set('started', count(this.log.sum((x) => x.arrivals)), `dropped ${count(this.log.sum((x) => x.dropped))}`);
    this.set(
      'messages',
      rate(sumValues(f.msgOut) + sumValues(f.msgIn)),
      `sent ${count(this.log.sum((x) => sumValues(x.msgOut)))} in total`,
    );
    this.set('p99', Object.keys(f.latency).length ? ms(p99) : '—', 'over the reply kinds, this second');
    this.set('errors', rate(errorsNow), `${count(this.log.sum((x) => sumValues(x.errors)))} in total`);
    this.values.get('errors')!.classList.toggle('bad', errorsNow > 0);
  }
}
