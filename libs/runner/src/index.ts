export { LocalRunner, type LocalRunnerOptions, type LocalRunState } from './local-runner.js';
