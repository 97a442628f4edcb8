export { WindowPump, type WindowSink, type EngineGauges } from './window-pump.js';
export { SecondTicker } from './ticker.js';
export { liveStatus, type LiveStatus } from './live-status.js';
export { childExecArgv, flagName, missingNodeFlags } from './node-flags.js';
