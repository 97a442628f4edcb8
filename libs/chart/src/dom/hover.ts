import { clock, fullValue, wallClock } from '../format.js';
import type { ChartLayout } from '../layout.js';
import type { ChartSpec } from '../types.js';

const NS = 'http://www.w3.org/2000/svg';
const LINE_H = 15;
const CHAR_W = 6.6;

/** The cursor line and the values box of a chart, drawn in the SVG itself (no stylesheet needed). */
export class Hover {
  private readonly cursor: SVGLineElement;
  private readonly tip: SVGGElement;
  private index: number | null = null;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly layout: () => ChartLayout | null,
    private readonly spec: () => ChartSpec,
  ) {
    this.cursor = el('line', {
      stroke: '#374151',
      'stroke-width': '1',
      visibility: 'hidden',
      'pointer-events': 'none',
    });
    this.tip = el('g', { visibility: 'hidden', 'pointer-events': 'none', class: 'lf-tip' });
    svg.append(this.cursor, this.tip);
    svg.addEventListener('pointermove', (e) => this.move(e));
    svg.addEventListener('pointerleave', () => this.hide());
  }

  /** After an update: the box follows the same index (a live chart moves under a still pointer). */
  refresh(): void {
    const svg = this.svg;
    svg.append(this.cursor, this.tip); // stay on top of redrawn groups
    if (this.index !== null) this.show(this.index);
  }

  private move(e: PointerEvent): void {
    const l = this.layout();
    if (!l || l.xs.length === 0) return;
    const ctm = this.svg.getScreenCTM();
    if (!ctm) return;
    const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    if (pt.x < l.plot.x - 4 || pt.x > l.plot.x + l.plot.w + 4 || pt.y < l.plot.y || pt.y > l.plot.y + l.plot.h)
      return this.hide();
    this.show(nearest(l, pt.x));
  }

  private show(i: number): void {
    const l = this.layout();
    if (!l || i >= l.xs.length) return this.hide();
    this.index = i;
    const spec = this.spec();
    const x = l.px(i);
    set(this.cursor, { x1: x, x2: x, y1: l.plot.y, y2: l.plot.y + l.plot.h, visibility: 'visible' });
    const t = l.xs[i]!;
    const head = [`+${clock(t)}`];
    if (spec.startedAt != null) head.push(`${wallClock(spec.startedAt + t * 1000)} UTC`);
    const phase = l.data.phaseAt?.[i] ?? spec.phases?.find((p) => t >= p.from && t < p.to)?.name;
    if (phase) head.push(phase);
    const lines: { text: string; color: string | null }[] = [{ text: head.join(' · '), color: null }];
    l.series.forEach((s, k) => {
      lines.push({ text: `${s.name}: ${fullValue(s.values[i] ?? null, spec.format)}`, color: l.paths[k]!.color });
    });
    const w = Math.max(...lines.map((ln) => ln.text.length)) * CHAR_W + 26;
    const h = lines.length * LINE_H + 8;
    const left = x + 12 + w > l.plot.x + l.plot.w ? x - 12 - w : x + 12;
    const top = l.plot.y + 4;
    const parts = [
      `<rect x="${left}" y="${top}" width="${w}" height="${h}" rx="4" fill="#ffffff" fill-opacity=".94" stroke="#d1d5db"/>`,
    ];
    lines.forEach((ln, k) => {
      const y = top + 4 + (k + 1) * LINE_H - 4;
      if (ln.color) parts.push(`<rect x="${left + 8}" y="${y - 8}" width="9" height="9" fill="${ln.color}"/>`);
      parts.push(
        `<text x="${left + (ln.color ? 22 : 8)}" y="${y}" font-family="system-ui,sans-serif" font-size="11" fill="#111827"${ln.color ? '' : ' font-weight="600"'}></text>`,
      );
    });
    this.tip.innerHTML = parts.join('');
    // Text goes in as text, never as markup.
    const texts = this.tip.querySelectorAll('text');
    lines.forEach((ln, k) => (texts[k]!.textContent = ln.text));
    this.tip.setAttribute('visibility', 'visible');
  }

  private hide(): void {
    this.index = null;
    this.cursor.setAttribute('visibility', 'hidden');
    this.tip.setAttribute('visibility', 'hidden');
  }
}

function nearest(l: ChartLayout, x: number): number {
  let lo = 0;
  let hi = l.xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (l.px(mid) < x) lo = mid;
    else hi = mid;
  }
  return Math.abs(l.px(lo) - x) <= Math.abs(l.px(hi) - x) ? lo : hi;
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function set(e: Element, attrs: Record<string, string | number>): void {
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
}
