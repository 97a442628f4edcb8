import { esc } from './escape.js';
import { layoutChart, type ChartLayout } from './layout.js';
import type { ChartData, ChartSpec } from './types.js';

/**
 * The chart's SVG, split in the groups a browser updates in place: the same
 * strings make report.html's static charts and the live page's first draw.
 * Presentation attributes only (no style attributes), so a strict
 * Content-Security-Policy needs no exception for it.
 */
export interface SvgParts {
  viewBox: string;
  shade: string;
  grid: string;
  phases: string;
  yTicks: string;
  xTicks: string;
  axis: string;
  thresholds: string;
  series: string[];
  legend: string;
  empty: string;
}

const MUTED = '#6b7280';
const GRID = '#eef0f3';
const FONT = 'font-family="system-ui,sans-serif" font-size="11"';

export function svgParts(l: ChartLayout): SvgParts {
  const p = l.plot;
  const bottom = p.y + p.h;
  return {
    viewBox: `0 0 ${l.width} ${l.height}`,
    shade: l.shades
      .map((s) => `<rect x="${s.x}" y="${p.y}" width="${s.w}" height="${p.h}" fill="#fecaca" opacity=".55"/>`)
      .join(''),
    grid: [
      ...l.yMinor.map(
        (y) => `<line x1="${p.x}" x2="${p.x + p.w}" y1="${y}" y2="${y}" stroke="${GRID}" stroke-dasharray="2 3"/>`,
      ),
      ...l.yTicks.map((t) => `<line x1="${p.x}" x2="${p.x + p.w}" y1="${t.pos}" y2="${t.pos}" stroke="${GRID}"/>`),
      ...l.xTicks.map((t) => `<line x1="${t.pos}" x2="${t.pos}" y1="${p.y}" y2="${bottom}" stroke="${GRID}"/>`),
    ].join(''),
    phases: l.phases
      .map(
        (ph, i) =>
          `${i > 0 || ph.x > p.x ? `<line x1="${ph.x}" x2="${ph.x}" y1="${p.y}" y2="${bottom}" stroke="#9ca3af" stroke-dasharray="4 3"/>` : ''}` +
          `<text x="${ph.x + 4}" y="${p.y + 11}" fill="${MUTED}" ${FONT} font-style="italic">${esc(clip(ph.label, ph.x2 - ph.x))}</text>`,
      )
      .join(''),
    yTicks: l.yTicks
      .map(
        (t) => `<text x="${p.x - 6}" y="${t.pos + 4}" text-anchor="end" fill="${MUTED}" ${FONT}>${esc(t.label)}</text>`,
      )
      .join(''),
    xTicks: l.xTicks
      .map((t) => {
        // A label at the right edge would be cut off: it ends at its tick instead.
        const anchor = t.pos > p.x + p.w - 28 ? 'end' : 'middle';
        return (
          `<text x="${t.pos}" y="${bottom + 14}" text-anchor="${anchor}" fill="${MUTED}" ${FONT}>${esc(t.label)}</text>` +
          (t.sub
            ? `<text x="${t.pos}" y="${bottom + 27}" text-anchor="${anchor}" fill="#9ca3af" ${FONT} font-size="10">${esc(t.sub)}</text>`
            : '')
        );
      })
      .join(''),
    axis: `M${p.x} ${p.y}V${bottom}H${p.x + p.w}`,
    thresholds: l.thresholds
      .map(
        (t) =>
          `<line x1="${p.x}" x2="${p.x + p.w}" y1="${t.y}" y2="${t.y}" stroke="#b91c1c" stroke-width="1.4" stroke-dasharray="7 4"/>` +
          `<text x="${p.x + p.w - 4}" y="${t.y - 4}" text-anchor="end" fill="#b91c1c" ${FONT}>${esc(t.label)}</text>`,
      )
      .join(''),
    series: l.paths.map((s, i) => seriesSvg(s, i, l.series[i]?.name ?? '')),
    legend: l.legend
      .map((item) => {
        const swatch = item.shade
          ? `<rect x="${item.x}" y="${item.y - 8}" width="16" height="10" fill="#fecaca"/>`
          : `<line x1="${item.x}" x2="${item.x + 16}" y1="${item.y - 3}" y2="${item.y - 3}" stroke="${item.color}" stroke-width="2.5"${item.dashed ? ' stroke-dasharray="4 3"' : ''}/>`;
        return `${swatch}<text x="${item.x + 22}" y="${item.y + 1}" fill="#1f2937" ${FONT}>${esc(item.name)}</text>`;
      })
      .join(''),
    empty: l.empty
      ? `<text x="${l.width / 2}" y="${p.y + p.h / 2}" text-anchor="middle" fill="${MUTED}" ${FONT} font-size="14">no data yet</text>`
      : '',
  };
}

export function seriesSvg(s: ChartLayout['paths'][number], i: number, name: string): string {
  const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
  const dots = s.dots.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="2.5" fill="${s.color}"/>`).join('');
  return `<g data-series="${i}"><path d="${s.d}" fill="none" stroke="${s.color}" stroke-width="1.6" stroke-linejoin="round"${dash}><title>${esc(name)}</title></path>${dots}</g>`;
}

/** The whole chart as one SVG element (report.html; the live page's first draw). */
export function renderChartSvg(spec: ChartSpec, data: ChartData): string {
  return assemble(spec, layoutChart(spec, data));
}

export function assemble(spec: ChartSpec, l: ChartLayout): string {
  const parts = svgParts(l);
  return (
    `<svg class="lf-chart" viewBox="${parts.viewBox}" width="${l.width}" height="${l.height}" role="img" aria-label="${esc(spec.title)}">` +
    `<title>${esc(spec.title)}</title>` +
    `<g class="lf-shade">${parts.shade}</g>` +
    `<g class="lf-grid">${parts.grid}</g>` +
    `<g class="lf-phases">${parts.phases}</g>` +
    `<g class="lf-yticks">${parts.yTicks}</g>` +
    `<g class="lf-xticks">${parts.xTicks}</g>` +
    `<path class="lf-axis" d="${parts.axis}" fill="none" stroke="#9ca3af"/>` +
    `<g class="lf-thresholds">${parts.thresholds}</g>` +
    `<g class="lf-series">${parts.series.join('')}</g>` +
    `<g class="lf-legend">${parts.legend}</g>` +
    `<g class="lf-empty">${parts.empty}</g>` +
    `</svg>`
  );
}

/** A label that fits its phase's width (about 6 px a character), or nothing. */
function clip(label: string, width: number): string {
  const fits = Math.floor((width - 8) / 6);
  if (fits >= label.length) return label;
  return fits >= 4 ? `${label.slice(0, fits - 1)}…` : '';
}
