export { ChartView } from './chart-view.js';
