export { main } from './main.js';
export { formatProgress, ProgressPrinter } from './progress.js';
export { submitCommand } from './commands/submit.js';
