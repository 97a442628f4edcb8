export { LocalRunner, type LocalRunnerOptions, type RunState } from './local-runner.js';
export { WindowPump, type WindowSink } from './window-pump.js';
export { SecondTicker } from './ticker.js';
export { liveStatus, type LiveStatus } from './live.js';
