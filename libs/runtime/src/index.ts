export { WindowPump, type WindowSink, type EngineGauges } from './window-pump.js';
export { SecondTicker } from './ticker.js';
export { liveStatus, type LiveStatus } from './live-status.js';
export { childExecArgv, flagName, missingNodeFlags } from './node-flags.js';
export { parsePrometheusText, type PromFamily } from './prom-text.js';
export {
  TargetMonitor,
  type MonitorCapture,
  type MonitorSeries,
  type MonitorEndpointStatus,
  type TargetMonitorOptions,
} from './target-monitor.js';
