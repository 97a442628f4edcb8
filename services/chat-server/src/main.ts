#!/usr/bin/env node
import { runChatServer } from './index.js';

// The runnable entry (and what cluster workers execute): node services/chat-server/dist/main.js --port 7000 --procs 4
runChatServer(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
    // Whatever still holds the loop after a graceful stop must not keep the process alive.
    setTimeout(() => process.exit(0), 1000).unref();
  },
  (err: Error) => {
    process.stderr.write(`chat-server: ${err.message}\n`);
    process.exit(1);
  },
);
