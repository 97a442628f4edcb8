import type { ChartData, ChartSpec } from '../types.js';
import { ChartView } from './chart-view.js';

/**
 * report.html's script: each <figure data-lf-chart> carries its spec and data as
 * JSON; the static SVG beside it is adopted by the same ChartView the console
 * uses, which adds the values on hover. Without script the static SVG stays.
 */
function hydrate(): void {
  for (const fig of document.querySelectorAll<HTMLElement>('figure[data-lf-chart]')) {
    const json = fig.querySelector('script[type="application/json"]')?.textContent;
    if (!json) continue;
    try {
      const { spec, data } = JSON.parse(json) as { spec: ChartSpec; data: ChartData };
      new ChartView(fig, spec).update(data);
    } catch {
      // A chart that cannot be read keeps its static drawing.
    }
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', hydrate);
else hydrate();
