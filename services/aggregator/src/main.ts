#!/usr/bin/env node
import { ConfigError } from '@loadfleet/config';
import { runAggregator } from './index.js';

// The runnable entry: node services/aggregator/dist/main.js [--id NAME] [--namespace lf] ...
runAggregator(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (err: Error) => {
    process.stderr.write(`aggregator: ${err.message}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
