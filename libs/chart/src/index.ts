export type { ChartSeries, ChartPhase, ChartThreshold, ChartSpec, ChartData, ValueFormat } from './types.js';
export { layoutChart, colorOf, PALETTE, MAX_POINTS, type ChartLayout, type Tick, type LegendItem } from './layout.js';
export { niceTicks, linearScale, logScale, timeTicks, type YScale } from './scale.js';
export { renderChartSvg, svgParts, assemble, seriesSvg, type SvgParts } from './svg.js';
export { shortValue, fullValue, clock, wallClock } from './format.js';
export { esc } from './escape.js';
