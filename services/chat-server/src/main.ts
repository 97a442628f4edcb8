#!/usr/bin/env node
import { runChatServer } from './index.js';

// The runnable entry (and what cluster workers execute): node services/chat-server/dist/main.js --port 7000 --procs 4
runChatServer(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Whatever still holds the loop after a stop must not keep the process alive.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (err: Error) => {
    process.stderr.write(`chat-server: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
