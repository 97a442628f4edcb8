import { renderChartSvg, type ChartSeries, type ChartSpec } from '@loadfleet/chart';

/** One line of a chart (kept for callers of the first report; @loadfleet/chart is the component). */
export type Series = ChartSeries;

export interface LineChartOptions extends Omit<ChartSpec, 'title'> {
  title: string;
  /** Seconds since the start, ascending. */
  xs: readonly number[];
  series: readonly Series[];
  shade?: readonly boolean[];
}

/** A self-contained SVG line chart, drawn by the shared chart component (@loadfleet/chart). */
export function lineChart(o: LineChartOptions): string {
  const { xs, series, shade, ...spec } = o;
  return renderChartSvg(spec, { xs, series, ...(shade ? { shade } : {}) });
}
