import { layoutChart, type ChartLayout } from '../layout.js';
import { seriesSvg, svgParts, assemble, type SvgParts } from '../svg.js';
import type { ChartData, ChartSpec } from '../types.js';
import { Hover } from './hover.js';

type GroupName = 'shade' | 'grid' | 'phases' | 'yTicks' | 'xTicks' | 'thresholds' | 'legend' | 'empty';
const GROUPS: Record<GroupName, string> = {
  shade: 'lf-shade',
  grid: 'lf-grid',
  phases: 'lf-phases',
  yTicks: 'lf-yticks',
  xTicks: 'lf-xticks',
  thresholds: 'lf-thresholds',
  legend: 'lf-legend',
  empty: 'lf-empty',
};

/**
 * One chart, drawn once and then updated in place: each second only the `d` of
 * each series' path changes (and an axis group when its labels do), so a page
 * that runs for an hour keeps the same few DOM nodes. Hover shows every
 * series' value at the nearest second.
 */
export class ChartView {
  readonly svg: SVGSVGElement;
  private readonly groups = {} as Record<GroupName, SVGGElement>;
  private readonly seriesGroup: SVGGElement;
  private readonly axis: SVGPathElement;
  private readonly hover: Hover;
  private last: SvgParts | null = null;
  private seriesKey = '';
  private layout: ChartLayout | null = null;
  private data: ChartData = { xs: [], series: [] };

  /** Draws into `host`, or adopts the chart already in it (report.html's static SVG). */
  constructor(
    host: Element,
    private spec: ChartSpec,
  ) {
    let svg = host.querySelector<SVGSVGElement>('svg.lf-chart');
    if (!svg) {
      host.insertAdjacentHTML('beforeend', assemble(spec, layoutChart(spec, this.data)));
      svg = host.querySelector<SVGSVGElement>('svg.lf-chart')!;
    }
    this.svg = svg;
    for (const [name, cls] of Object.entries(GROUPS)) this.groups[name as GroupName] = svg.querySelector(`g.${cls}`)!;
    this.seriesGroup = svg.querySelector('g.lf-series')!;
    this.axis = svg.querySelector('path.lf-axis')!;
    this.hover = new Hover(
      svg,
      () => this.layout,
      () => this.spec,
    );
  }

  update(data: ChartData): void {
    this.data = data;
    const l = layoutChart(this.spec, data);
    this.layout = l;
    const parts = svgParts(l);
    const svg = this.svg;
    if (!this.last || this.last.viewBox !== parts.viewBox) {
      svg.setAttribute('viewBox', parts.viewBox);
      svg.setAttribute('width', String(l.width));
      svg.setAttribute('height', String(l.height));
    }
    for (const name of Object.keys(GROUPS) as GroupName[]) {
      if (this.last?.[name] !== parts[name]) this.groups[name].innerHTML = parts[name];
    }
    if (this.last?.axis !== parts.axis) this.axis.setAttribute('d', parts.axis);
    this.updateSeries(l, parts);
    this.last = parts;
    this.hover.refresh();
  }

  /** Changes what the chart shows besides the data (thresholds, phases, the start time). */
  setSpec(spec: Partial<ChartSpec>): void {
    this.spec = { ...this.spec, ...spec };
    this.update(this.data);
  }

  private updateSeries(l: ChartLayout, parts: SvgParts): void {
    const key = l.series.map((s, i) => `${s.name}|${l.paths[i]!.color}|${l.paths[i]!.dashed}`).join('\n');
    if (key !== this.seriesKey) {
      // A new kind appeared (or one went): the only time the lines are rebuilt.
      this.seriesGroup.innerHTML = parts.series.join('');
      this.seriesKey = key;
      return;
    }
    const groups = this.seriesGroup.children;
    l.paths.forEach((p, i) => {
      const g = groups[i] as SVGGElement | undefined;
      const path = g?.firstElementChild;
      if (!g || !path) return;
      if (path.getAttribute('d') !== p.d) path.setAttribute('d', p.d);
      // Lone points (a value between two gaps) are dots; they are rare, so replacing them is cheap.
      if (g.childElementCount - 1 !== p.dots.length || p.dots.length > 0) {
        const fresh = seriesSvg(p, i, l.series[i]!.name);
        if (g.outerHTML !== fresh) g.outerHTML = fresh;
      }
    });
  }
}
