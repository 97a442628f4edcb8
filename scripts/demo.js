// `npm start`: the demo. Starts the bundled chat server (2 processes) on free
// ports, runs examples/chatroom.yaml against it for about a minute, prints the
// summary, the chat server's own counters, and where report.html is.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GENERATOR_NODE_FLAGS } from '@loadfleet/config';
import { missingNodeFlags } from '@loadfleet/runtime';
import { main } from '../services/cli/dist/main.js';

// The run below generates load in this process: start it with the generator's V8 flags
// (else `run` would start a child of its own, and this script would run twice).
const missing = missingNodeFlags(GENERATOR_NODE_FLAGS);
if (missing.length > 0) {
  const again = spawnSync(process.execPath, [...process.execArgv, ...missing, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(again.status ?? 1);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const scenario = process.argv[2] ?? 'examples/chatroom.yaml';

const server = spawn(
  process.execPath,
  [
    `${root}services/chat-server/dist/main.js`,
    '--port',
    '0',
    '--http-port',
    '0',
    '--procs',
    '2',
    '--log-level',
    'warn',
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const ready = await new Promise((resolve, reject) => {
  let out = '';
  server.once('exit', (code) => reject(new Error(`chat server exited with code ${code}`)));
  server.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
    const line = out.split('\n').find((l) => l.includes('"ready"'));
    if (line) resolve(JSON.parse(line));
  });
});
process.stderr.write(
  `demo: chat server on 127.0.0.1:${ready.port} (${ready.pids.length - 1} processes), stats on http://127.0.0.1:${ready.httpPort}/stats\n`,
);

let code = 1;
try {
  code = await main(['run', `${root}${scenario}`, '--target', `127.0.0.1:${ready.port}`]);
  const stats = await (await fetch(`http://127.0.0.1:${ready.httpPort}/stats`)).json();
  const received = Object.entries(stats.messagesIn)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  process.stdout.write(
    `\nchat server's own counters: ${stats.connections.accepted} connections, ${stats.logins} logins; received: ${received}; events delivered: ${Object.values(stats.eventsOut).reduce((a, b) => a + b, 0)}\n`,
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}
process.exitCode = code;
