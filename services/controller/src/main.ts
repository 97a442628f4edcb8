#!/usr/bin/env node
import { ConfigError, StartupError } from '@loadfleet/config';
import { runController } from './index.js';

// The runnable entry: node services/controller/dist/main.js --port 8080 (the CLI wires it as `loadfleet controller`).
runController(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Whatever still holds the loop after a graceful stop must not keep the process alive.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (err: Error) => {
    process.stderr.write(`controller: ${err.message}\n`);
    process.exit(err instanceof ConfigError || err instanceof StartupError ? 2 : 1);
  },
);
