// Arrival-rate benchmark: new users per second from ONE generator process against
// the multi-process chat server. See the "Arrivals (one generator process)"
// section of docs/BENCHMARKS.md.
// npm run bench:arrivals -- [--rates 5000,10000] [--step 10s] [--repeat 3] [--procs 4]
//   [--node-flags '--max-semi-space-size=2'] [--profile DIR] [--compare <tree>/bench/dist/worker/generator.js]
// Each step forks a fresh bench/worker/generator.ts running bench/worker/short.yaml
// (connect, log in, one heartbeat, close) at a fixed open-model rate for --step,
// and reads: users started and logged in (the generator's counters), the arrival
// error (users started against the schedule's arrivals, as report.json's
// arrivals.achieved / arrivals.target), the logins and accepts the chat server
// counted (/stats: the ground truth), start lateness, and the CPU each side spent
// per new user. With --profile, the generator's V8 CPU profile of each step is
// written to DIR and its heaviest functions (self time) are printed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseDuration } from '@loadfleet/config';
import { benchScript, serviceMain } from './lib/paths.js';
import { cpuSeconds, forkClient, sleep, startServer, sum, type Client, type StartedServer } from './lib/proc.js';
import type { MarkAnswer, StatusAnswer } from './worker/ipc.js';
import { SCENARIO_DIR, freshAddresses, scenarioText } from './worker/scenarios.js';
import { opt, log } from './lib/cli.js';

const argv = process.argv.slice(2);
const o = {
  rates: opt('rates', '5000,10000').split(',').map(Number),
  stepMs: parseDuration(opt('step', '10s')),
  repeat: Number(opt('repeat', 3)),
  procs: Number(opt('procs', 4)),
  nodeFlags: opt('node-flags', '--max-semi-space-size=2').split(' ').filter(Boolean),
  profile: opt('profile', ''),
  compare: opt('compare', ''),
};
const GENERATOR = benchScript('worker/generator.js');
const PER_ADDRESS = 5000;

const kids = new Set<Client>();
let server: StartedServer | undefined;
const budgetMs = 60_000 + o.repeat * o.rates.length * (o.stepMs + 30_000) * (o.compare ? 2 : 1);
const watchdog = setTimeout(() => {
  log(`benchmark exceeded its ${Math.round(budgetMs / 1000)} s budget: stopping everything`);
  cleanup().finally(() => process.exit(2));
}, budgetMs);
/** The chat server, once main() started it. */
const serverOf = (): StartedServer => {
  if (!server) throw new Error('no chat server');
  return server;
};
async function cleanup() {
  for (const k of kids) await k.kill();
  if (server) await server.stop();
}

/** Self time per function from a .cpuprofile, heaviest first. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

function topFunctions(profile: CpuProfile, n = 25) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  const dt = profile.timeDeltas;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!)!;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt[i]!);
    total += dt[i]!;
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => ({ fn: k, ms: us / 1000, pct: (us / total) * 100 }));
}

async function step(file: string, label: string, rate: number, subnet: number, net: number) {
  const server = serverOf();
  const planned = Math.round((rate * o.stepMs) / 1000);
  const addresses = freshAddresses(net, subnet, Math.ceil(planned / PER_ADDRESS) + 1);
  const scenario = scenarioText('short', {
    TARGET: `127.0.0.1:${server.port}`,
    SOURCES: `${addresses[0]}-${addresses.at(-1)}`,
    DURATION: `${o.stepMs}ms`,
    RATE: rate,
  });
  const k = forkClient(file, o.nodeFlags);
  kids.add(k);
  try {
    await k.ask({ cmd: 'prepare', scenario, baseDir: SCENARIO_DIR });
    await k.ask({ cmd: 'warmup', users: 500, overMs: 500, dwellMs: 500 }, 60_000);
    await k.ask({ cmd: 'mark' });
    const s0 = await server.stats();
    const c0 = sum(server.pids, cpuSeconds);
    const g0 = cpuSeconds(k.pid!);
    if (o.profile) await k.ask({ cmd: 'profileStart' });
    await k.ask({ cmd: 'start', firstUserId: 1 });
    const t0 = Date.now();
    for (;;) {
      await sleep(250);
      const st = await k.ask<StatusAnswer>({ cmd: 'status' });
      if ((st.sourceDone && st.active === 0) || Date.now() - t0 > o.stepMs + 15_000) break;
    }
    const m = await k.ask<MarkAnswer>({ cmd: 'mark' });
    const g1 = cpuSeconds(k.pid!);
    const c1 = sum(server.pids, cpuSeconds);
    const s1 = await server.stats();
    let top: ReturnType<typeof topFunctions> | null = null;
    if (o.profile) {
      mkdirSync(o.profile, { recursive: true });
      const path = join(o.profile, `arrivals-${label}-${rate}-${Date.now()}.cpuprofile`);
      await k.ask({ cmd: 'profileStop', path });
      const { readFileSync } = await import('node:fs');
      top = topFunctions(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile);
      log(`profile: ${path}`);
      for (const t of top) log(`  ${t.pct.toFixed(1).padStart(5)} %  ${t.ms.toFixed(0).padStart(6)} ms  ${t.fn}`);
    }
    const c = m.counters;
    const started = c['users.started'] ?? 0;
    const loggedIn = c['users.loggedIn'] ?? 0;
    const cpuS = m.cpuUserS + m.cpuSystemS;
    return {
      label,
      rate,
      planned,
      started,
      loggedIn,
      failed: c['users.failed'] ?? 0,
      dropped: c['users.dropped'] ?? 0,
      connectErrors: Object.fromEntries(Object.entries(c).filter(([n, v]) => n.startsWith('conn.failed.') && v > 0)),
      arrivalErrorPct: ((started - planned) / planned) * 100,
      loggedInPerS: loggedIn / (o.stepMs / 1000),
      serverLogins: s1.logins - s0.logins,
      serverAccepted: s1.connections.accepted - s0.connections.accepted,
      latenessP50Ms: m.latency['lateness.start']?.p50 ?? 0,
      latenessP99Ms: m.latency['lateness.start']?.p99 ?? 0,
      loginP99Ms: m.latency['response.login']?.p99 ?? 0,
      loopDelayP99Ms: m.health?.['health.loopDelayP99Ms'] ?? 0,
      wallS: m.wallMs / 1000,
      generatorCpuPct: (cpuS / (m.wallMs / 1000)) * 100,
      generatorCpuUsPerUser: (cpuS / Math.max(1, started)) * 1e6,
      generatorUserSysS: [m.cpuUserS, m.cpuSystemS],
      procCpuS: g1 - g0,
      serverCpuPct: ((c1 - c0) / (m.wallMs / 1000)) * 100,
      serverCpuUsPerUser: ((c1 - c0) / Math.max(1, started)) * 1e6,
      gc: m.gc,
      top,
      repeat: 0,
    };
  } finally {
    try {
      await k.ask({ cmd: 'stop' }, 20_000);
    } catch {
      /* killed below */
    }
    await k.kill();
    kids.delete(k);
  }
}

async function main() {
  const date = new Date().toISOString();
  const loadStart = loadavg();
  server = await startServer(serviceMain('chat-server'), [
    ...['--port', '0', '--http-port', '0', '--procs', String(o.procs)],
    ...['--heartbeat-timeout', '60s', '--login-timeout', '60s', '--log-level', 'warn'],
  ]);
  log(`server up: ${o.procs} processes, port ${server.port}`);
  await sleep(1000);
  const net = 10 + Math.floor(Math.random() * 240);
  const clients: [string, string][] = [
    ['loadfleet', GENERATOR],
    ...(o.compare ? [['compare', o.compare] as [string, string]] : []),
  ];
  const steps: Awaited<ReturnType<typeof step>>[] = [];
  let subnet = 20;
  for (let r = 0; r < o.repeat; r++) {
    for (const rate of o.rates) {
      for (const [label, file] of clients) {
        const s = await step(file, label, rate, subnet++, net);
        s.repeat = r + 1;
        steps.push(s);
        log(
          `${label} ${rate}/s #${r + 1}: logged in ${s.loggedIn}/${s.planned} (${s.loggedInPerS.toFixed(0)}/s), arrival error ${s.arrivalErrorPct.toFixed(2)} %, ` +
            `server logins ${s.serverLogins}, accepted ${s.serverAccepted}; lateness p99 ${s.latenessP99Ms} ms; ` +
            `generator ${s.generatorCpuPct.toFixed(0)} % (${s.generatorCpuUsPerUser.toFixed(0)} µs/user), server ${s.serverCpuPct.toFixed(0)} % (${s.serverCpuUsPerUser.toFixed(0)} µs/user); ` +
            `failed ${s.failed}, dropped ${s.dropped} ${JSON.stringify(s.connectErrors)}`,
        );
      }
    }
  }
  const result = {
    date,
    node: process.version,
    command: `npm run bench:arrivals -- ${argv.join(' ')}`.trim(),
    options: o,
    loadavgStart: loadStart,
    loadavg: loadavg(),
    steps,
  };
  console.log(JSON.stringify(result, null, 2));
  if (o.profile) writeFileSync(join(o.profile, `arrivals-${Date.now()}.json`), JSON.stringify(result, null, 2));
  await cleanup();
  clearTimeout(watchdog);
}

main().catch(async (err) => {
  console.error(err);
  await cleanup();
  process.exit(1);
});
