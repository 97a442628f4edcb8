#!/usr/bin/env node
import { ConfigError } from '@loadfleet/config';
import { runFarmWorker } from './index.js';

// The runnable entry (and what `--procs N` forks): node services/worker/dist/main.js [--capacity N] [--procs N] ...
runFarmWorker(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Whatever still holds the loop after a graceful stop must not keep the process alive.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (err: Error) => {
    process.stderr.write(`worker: ${err.message}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
