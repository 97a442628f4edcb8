// Worker (generator) benchmark: see the "Worker (generator)" section of docs/BENCHMARKS.md.
// npm run bench:worker -- [--users 18000] [--hold 60s] [--cpu-users 15000] [--cpu-window 20s]
//   [--cpu-windows 3] [--cpu-mode together|apart] [--rate 2500] [--rates 1000,2000,3000,4000,5000,6000,8000] [--step 10s] [--procs 4]
//   [--only hold,cpu,rate] [--chat] [--profile DIR] [--node-flags '--max-semi-space-size=2'] [--compare <other tree>/bench/dist/worker/generator.js]
//   [--wire chat|im-lite|ws] [--write-docs]
// Each load client runs in a child process of its own (bench/worker/generator.ts,
// bench/worker/bare-client.ts, run compiled from bench/dist/), so that its RSS and CPU are its own; the chat
// server's /stats is the ground truth for what was held and received.
import { parseDuration } from '@loadfleet/config';
import { runCpu, runHold, runRates, type WorkerBenchOptions, type WorkerResult } from './worker/phases.js';
import { rootPath, serviceMain } from './lib/paths.js';
import { sleep, startServer, type Client, type StartedServer } from './lib/proc.js';
import { writeDocs, markdown } from './worker/report.js';
import { wireMarkdown, writeWireDocs } from './worker/report-wire.js';
import { wireOf } from './worker/wires.js';
import { opt, log } from './lib/cli.js';

const argv = process.argv.slice(2);
const o: WorkerBenchOptions = {
  users: Number(opt('users', 18000)),
  holdMs: parseDuration(opt('hold', '60s')),
  cpuUsers: Number(opt('cpu-users', 15000)),
  cpuWindowMs: parseDuration(opt('cpu-window', '20s')),
  cpuWindows: Number(opt('cpu-windows', 3)),
  /** together: both clients' users held at once and measured over one window; apart: one after the other. */
  cpuMode: opt('cpu-mode', 'together'),
  rampRate: Number(opt('rate', 2500)),
  rates: opt('rates', '1000,2000,3000,4000,5000,6000,8000').split(',').map(Number),
  stepMs: parseDuration(opt('step', '10s')),
  procs: Number(opt('procs', 4)),
  only: opt('only', 'hold,cpu,rate').split(','),
  /**
   * V8/Node flags for the load clients (all of them alike). By default V8's young
   * generation is kept at 2 × 2 MiB: left alone it grows to 2 × 16 MiB or not,
   * depending on when collections fall during the ramp, which moves the RSS per user
   * by ~1.8 KiB from run to run (docs/BENCHMARKS.md). `--node-flags ''` for Node's defaults.
   */
  nodeFlags: opt('node-flags', '--max-semi-space-size=2').split(' ').filter(Boolean),
  /** Hold phase: a V8 CPU profile of the generator over the hold, written to this folder. */
  profile: opt('profile', ''),
  /** CPU/latency phase: chat.yaml (a heartbeat and a chat message every 5 s) instead of heartbeats only. */
  chat: argv.includes('--chat'),
  /** Another tree's bench/dist/worker/generator.js, measured in the same CPU window (before/after comparisons). */
  compare: opt('compare', ''),
  /** The server's wire and the clients' (bench/worker/wires.ts): chat (bundled, TCP), im-lite (TCP), ws (bundled over WebSocket). */
  wire: opt('wire', 'chat'),
};
const wire = wireOf(o.wire);
if (o.chat && o.wire !== 'chat')
  throw new Error('--chat is for --wire chat (chat.yaml and bare-client.ts speak the bundled protocol over TCP)');
if (o.users > 19500 || o.cpuUsers > 19500)
  throw new Error('one process cannot hold more than ~19,500 sockets (20,000 open files)');

// Everything this starts stops by itself: a hard deadline for the whole run.
const budgetMs =
  60_000 +
  (o.only.includes('hold') ? (o.users / o.rampRate) * 1000 + o.holdMs + 40_000 : 0) +
  (o.only.includes('cpu') ? 3 * ((o.cpuUsers / o.rampRate) * 1000 + 40_000) + o.cpuWindows * o.cpuWindowMs : 0) +
  (o.only.includes('rate') ? o.rates.length * (o.stepMs + 25_000) : 0);
const kids = new Set<Client>();
let server: StartedServer | undefined;
async function cleanup() {
  for (const k of kids) await k.kill();
  if (server) await server.stop();
}
const watchdog = setTimeout(() => {
  log(`benchmark exceeded its ${Math.round(budgetMs / 1000)} s budget: stopping everything`);
  cleanup().finally(() => process.exit(2));
}, budgetMs);

async function main() {
  const started = new Date();
  const { loadavg } = await import('node:os');
  const loadavgStart = loadavg();
  const s = await startServer(serviceMain('chat-server'), [
    ...['--port', '0', '--http-port', '0', '--procs', String(o.procs)],
    ...['--heartbeat-timeout', '60s', '--login-timeout', '60s', '--log-level', 'warn'],
    ...wire.serverArgs,
  ]);
  server = s;
  log(
    `server up: ${o.procs} processes, port ${s.port}${s.wsPort ? `, WebSocket port ${s.wsPort}` : ''}, wire ${s.wire}`,
  );
  await sleep(1000);
  // Fresh source addresses for every run and phase: 127.<net>.<phase>.x (docs/SCALE.md).
  const net = 10 + Math.floor(Math.random() * 240);
  const ctx = { server: s, log, kids, net, o, wire };
  const result: WorkerResult = {
    date: started.toISOString(),
    node: process.version,
    command: `npm run bench:worker -- ${argv.join(' ')}`.trim(),
    options: o,
    loadavgStart,
    loadavg: [],
  };
  if (o.only.includes('hold')) result.hold = await runHold(ctx);
  if (o.only.includes('cpu')) result.cpu = await runCpu(ctx);
  if (o.only.includes('rate')) result.rate = await runRates(ctx);
  result.loadavg = loadavg();
  console.log(JSON.stringify(result, null, 2));
  const md = o.wire === 'chat' ? markdown(result) : '';
  console.error(md);
  if (result.hold || result.cpu) console.error(wireMarkdown(result));
  const docs = rootPath('docs/BENCHMARKS.md');
  if (argv.includes('--write-docs')) {
    if (o.wire === 'chat') writeDocs(docs, md);
    if (result.hold || result.cpu) writeWireDocs(docs, result);
  }
  await cleanup();
  clearTimeout(watchdog);
}

main().catch(async (err) => {
  console.error(err);
  await cleanup();
  process.exit(1);
});
