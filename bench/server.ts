// Chat server benchmark: see the "Chat server" section of docs/BENCHMARKS.md.
// node bench/dist/server.js [--phases hold,burst,ramp] [--no-doc]
//   hold:  [--conns 40000] [--procs 4] [--hold 60s] [--drivers D] [--rate 3000] [--hb-interval 20s]
//          [--room-members 2000] [--room-senders 10] [--room-rate 10] [--room-time 10s]
//   burst: [--burst 42000] [--burst-procs 3] [--burst-clients 3]
//   ramp:  [--ramp-procs 3] [--ramp-rates 2000,4000,...] [--ramp-clients 4] [--ramp-step 5s]
import { fork, type ChildProcess } from 'node:child_process';
import { parseDuration } from '@loadfleet/config';
import { benchScript, rootPath, serviceMain } from './lib/paths.js';
import { cpuSeconds, rssBytes, startServer, sum, type ServerStats, type StartedServer } from './lib/proc.js';
import { burstPhase } from './server/burst.js';
import { rampPhase } from './server/ramp.js';
import { appendRun, markdown, type HoldResult, type ServerBenchResult } from './server/report.js';
import { opt } from './lib/cli.js';

const argv = process.argv.slice(2);
const conns = Number(opt('conns', 40000));
const procs = Number(opt('procs', 4));
const holdMs = parseDuration(opt('hold', '60s'));
const drivers = Number(opt('drivers', Math.max(2, Math.ceil(conns / 15000))));
const rate = Number(opt('rate', 3000));
const hbMs = parseDuration(opt('hb-interval', '20s'));
const roomMembers = Math.min(conns, Number(opt('room-members', 2000)));
const roomSenders = Number(opt('room-senders', 10));
const roomRate = Number(opt('room-rate', 10));
const roomMs = parseDuration(opt('room-time', '10s'));
const writeDoc = !argv.includes('--no-doc');
const phases = opt('phases', 'hold,burst,ramp').split(',');
const burstCount = Number(opt('burst', 42000));
const burstProcs = Number(opt('burst-procs', 3));
const burstClients = Number(opt('burst-clients', Math.max(3, Math.ceil(burstCount / 15000))));
const rampProcs = Number(opt('ramp-procs', 3));
const rampRates = opt('ramp-rates', '2000,3000,4000,5000,6000,7000,8000,10000,12000').split(',').map(Number);
const rampClients = Number(opt('ramp-clients', 4));
const rampStepMs = parseDuration(opt('ramp-step', '5s'));
if (Math.ceil(conns / drivers) > 19000) throw new Error('more than 19,000 sockets per driver: add --drivers');
if (Math.ceil(burstCount / burstClients) > 19000)
  throw new Error('more than 19,000 sockets per client: add --burst-clients');

const log = (...a: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Everything this starts stops by itself: a hard deadline for the whole run.
const budgetMs =
  (phases.includes('hold') ? (conns / rate) * 3000 + holdMs + roomMs + 120_000 : 0) +
  (phases.includes('burst') ? 120_000 : 0) +
  (phases.includes('ramp') ? rampRates.length * (rampStepMs + 30_000) + 60_000 : 0);
const watchdog = setTimeout(() => {
  console.error(`benchmark exceeded its ${Math.round(budgetMs / 1000)} s budget: stopping everything`);
  cleanup().finally(() => process.exit(2));
}, budgetMs);

let server: StartedServer | undefined;
/** Sets the server cleanup() and stats() use (from holdPhase, whose own `server` shadows it). */
const setServer = (s: StartedServer | undefined) => (server = s);
const kids: ChildProcess[] = [];
async function cleanup() {
  for (const k of kids) if (k.connected) k.send({ cmd: 'close' });
  await sleep(500);
  for (const k of kids) if (k.exitCode === null) k.kill('SIGKILL');
  if (server) await server.stop();
}

/** driver.ts's report (its counters) or another answer. */
type DriverReport = { type: string; connectErrors: Record<string, number> } & Record<string, unknown>;
const ask = (k: ChildProcess, cmd: object, type: string) =>
  new Promise<DriverReport>((resolve) => {
    const on = (message: unknown) => {
      const m = message as DriverReport;
      if (m.type !== type) return;
      k.off('message', on);
      resolve(m);
    };
    k.on('message', on);
    k.send(cmd);
  });
const reports = async () => Promise.all(kids.map((k) => ask(k, { cmd: 'report' }, 'report')));
const total = (rs: DriverReport[], key: string) => rs.reduce((a, r) => a + (r[key] as number), 0);
const stats = async () => (await (await fetch(`http://127.0.0.1:${server!.httpPort}/stats`)).json()) as ServerStats;

async function main() {
  const started = new Date();
  const result: ServerBenchResult = {
    date: started.toISOString(),
    command: `node bench/dist/server.js ${argv.join(' ')}`.trim(),
  };
  if (phases.includes('hold')) result.hold = await holdPhase();
  if (phases.includes('burst')) {
    const s = await startServer(serviceMain('chat-server'), [
      ...['--port', '0', '--http-port', '0', '--procs', String(burstProcs), '--login-timeout', '120s'],
      ...['--log-level', 'warn'],
    ]);
    server = s;
    log(`burst: ${burstCount} connections at once from ${burstClients} clients, ${burstProcs} server processes`);
    result.burst = {
      procs: burstProcs,
      ...(await burstPhase({ server: s, count: burstCount, clients: burstClients, log })),
    };
    await s.stop();
    server = undefined;
    log(`burst: ${result.burst.held} held after ${result.burst.heldAfterS.toFixed(1)} s`);
  }
  if (phases.includes('ramp')) {
    const s = await startServer(serviceMain('chat-server'), [
      ...['--port', '0', '--http-port', '0', '--procs', String(rampProcs), '--log-level', 'warn'],
    ]);
    server = s;
    const ramp = await rampPhase({
      server: s,
      rates: rampRates,
      clients: rampClients,
      stepMs: rampStepMs,
      maxConns: 45_000,
      log,
    });
    result.ramp = { procs: rampProcs, ...ramp };
    await s.stop();
    server = undefined;
  }
  console.log(JSON.stringify(result, null, 2));
  if (writeDoc) appendRun(rootPath('docs/BENCHMARKS.md'), markdown(result));
  clearTimeout(watchdog);
  const holdOk = !result.hold || (result.hold.agree && result.hold.held >= conns);
  const burstOk = !result.burst || result.burst.held === burstCount;
  if (!holdOk || !burstOk) process.exitCode = 1;
}

async function holdPhase(): Promise<HoldResult> {
  const server = await startServer(serviceMain('chat-server'), [
    ...['--port', '0', '--http-port', '0', '--procs', String(procs)],
    ...['--heartbeat-timeout', String(hbMs * 3), '--login-timeout', '120s', '--log-level', 'warn'],
  ]);
  setServer(server);
  log(`server up: ${procs} processes, port ${server.port}, pids ${server.pids.join(' ')}`);
  await sleep(1500);
  const idleRss = sum(server.pids, rssBytes);

  // Fresh source addresses every run (the last run's ports sit in TIME_WAIT for ~60 s).
  const net2 = 10 + Math.floor(Math.random() * 240);
  const perDriver = Math.ceil(conns / drivers);
  for (let d = 0; d < drivers; d++) {
    const k = fork(benchScript('server/driver.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    kids.push(k);
    const count = Math.min(perDriver, conns - d * perDriver);
    const addresses = Array.from(
      { length: Math.max(1, Math.ceil(count / 5000)) },
      (_, a) => `127.${net2}.${d}.${a + 2}`,
    );
    k.send({
      cmd: 'connect',
      port: server.port,
      host: '127.0.0.1',
      count,
      rate: rate / drivers,
      addresses,
      userBase: d * perDriver,
    });
    k.send({ cmd: 'heartbeat', intervalMs: hbMs });
  }
  const rampStart = Date.now();
  let held = 0;
  for (let last = -1, stuck = 0; held < conns && stuck < 30;) {
    await sleep(1000);
    const rs = await reports();
    held = total(rs, 'held');
    stuck = held === last ? stuck + 1 : 0;
    last = held;
    if ((Date.now() - rampStart) % 5000 < 1000) log(`ramp: ${held} held, ${total(rs, 'attempted')} attempted`);
  }
  const rampS = (Date.now() - rampStart) / 1000;
  log(`${held} connections held after ${rampS.toFixed(1)} s; holding ${holdMs / 1000} s`);

  const cpu0 = sum(server.pids, cpuSeconds);
  const hb0 = total(await reports(), 'heartbeatsSent');
  const t0 = Date.now();
  let minHeld = held;
  while (Date.now() - t0 < holdMs) {
    await sleep(Math.min(10_000, holdMs - (Date.now() - t0)));
    const s = await stats();
    minHeld = Math.min(minHeld, s.connections.open);
    log(`hold: server open ${s.connections.open}, logins ${s.logins}, heartbeats ${s.messagesIn.heartbeat}`);
  }
  const holdS = (Date.now() - t0) / 1000;
  const cpuHold = (sum(server.pids, cpuSeconds) - cpu0) / holdS;
  const hbRate = (total(await reports(), 'heartbeatsSent') - hb0) / holdS;
  const loadRss = sum(server.pids, rssBytes);

  for (const k of kids) k.send({ cmd: 'stopHeartbeats' });
  await sleep(2000);
  const rs = await reports();
  const s1 = await stats();
  const checks: HoldResult['checks'] = {
    logins: [s1.logins, total(rs, 'loginAcks')],
    heartbeats: [s1.messagesIn.heartbeat, total(rs, 'heartbeatsSent')],
    heartbeatAcks: [s1.repliesOut.heartbeatAck, total(rs, 'heartbeatAcks')],
    open: [s1.connections.open, total(rs, 'held')],
  };

  // Room broadcast: M members (spread over the drivers and so over every server process), K senders.
  const roomOut = await roomBench();
  const rs2 = await reports();
  const s2 = await stats();
  checks.chatEvents = [s2.eventsOut.chat, total(rs2, 'chatEvents')];
  const agree = Object.values(checks).every(([a, b]) => a === b);
  const result = {
    conns,
    held,
    minHeldDuringHold: minHeld,
    procs,
    drivers,
    rampS,
    holdS,
    idleRssMiB: idleRss / 2 ** 20,
    loadRssMiB: loadRss / 2 ** 20,
    rssPerConnKiB: (loadRss - idleRss) / held / 1024,
    heartbeatsPerS: hbRate,
    serverCpuPct: cpuHold * 100,
    connectErrors: rs2.reduce((a, r) => ({ ...a, ...r.connectErrors }), {}),
    ...roomOut,
    checks,
    agree,
  };
  await cleanup();
  kids.splice(0);
  setServer(undefined);
  return result;
}

async function roomBench() {
  // Split M members and K senders over the drivers (the first ones take the remainders).
  const share = (total: number, d: number) => Math.floor(total / kids.length) + (d < total % kids.length ? 1 : 0);
  const text = 'x'.repeat(40);
  await Promise.all(
    kids.map((k, d) => {
      const cmd = { cmd: 'room', name: 'bench', members: share(roomMembers, d), senders: share(roomSenders, d) };
      return ask(k, { ...cmd, rate: roomRate, durationMs: roomMs, text }, 'joined');
    }),
  );
  await sleep(1000);
  const before = await stats();
  const pids = server!.pids;
  const cpu0 = sum(pids, cpuSeconds);
  const t0 = Date.now();
  await Promise.all(kids.map((k) => new Promise((r) => (k.once('message', r), k.send({ go: true })))));
  const wallS = (Date.now() - t0) / 1000;
  const cpuS = sum(pids, cpuSeconds) - cpu0;
  const after = await stats();
  await sleep(2000);
  const events = after.eventsOut.chat! - before.eventsOut.chat!;
  return {
    room: { members: before.rooms.members, senders: roomSenders, ratePerSender: roomRate, seconds: wallS },
    roomEventsPerS: events / wallS,
    roomServerCores: cpuS / wallS,
    roomEventsPerSPerCore: events / cpuS,
  };
}

main().catch(async (err) => {
  console.error(err);
  await cleanup();
  process.exit(1);
});
