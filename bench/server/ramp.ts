// The ramp phase of bench/server.ts: new users at a fixed rate (connect + login, paced), one
// rate after another, to find the largest rate the server keeps up with. A rate is sustained
// when every user is held, the held rate is within 5 % of the offered one, and the p99 time
// from connect to login answer stays under 1 s (no queue building up). The connections of a
// step are closed before the next.
import { benchScript } from '../lib/paths.js';
import { cpuSeconds, sleep, sum, type ServerStats, type StartedServer } from '../lib/proc.js';
import { forkClient, freshAddresses } from './clients.js';

const RAMP_CLIENT = benchScript('server/ramp-client.js');

/** ramp-client.ts's report. */
interface RampReport {
  held: number;
  firstAt: number;
  lastHeldAt: number;
  p50: number;
  p99: number;
  errors: Record<string, number>;
}

export interface RampStep {
  rate: number;
  count: number;
  held: number;
  heldPerS: number;
  p50Ms: number;
  p99Ms: number;
  serverCores: number;
  errors: Record<string, number>;
  sustained: boolean;
}

export async function rampPhase({
  server,
  rates,
  clients,
  stepMs,
  maxConns,
  log,
}: {
  server: StartedServer;
  rates: number[];
  clients: number;
  stepMs: number;
  maxConns: number;
  log: (...a: unknown[]) => void;
}) {
  const kids = [];
  for (let k = 0; k < clients; k++) kids.push(await forkClient(RAMP_CLIENT));
  const stats = async () => (await (await fetch(`http://127.0.0.1:${server.httpPort}/stats`)).json()) as ServerStats;
  const steps: RampStep[] = [];
  for (const [n, rate] of rates.entries()) {
    const count = Math.min(maxConns, Math.round((rate * stepMs) / 1000));
    const per = Math.ceil(count / clients);
    // Each client its own source addresses, 5,000 sockets on each at most.
    const perClient = Math.max(1, Math.ceil(per / 5000));
    const addresses = freshAddresses(clients * perClient, 2 + n);
    const cpu0 = sum(server.pids, cpuSeconds);
    const t0 = Date.now();
    await Promise.all(
      kids.map((k, i) =>
        k.ask(
          {
            cmd: 'ramp',
            host: '127.0.0.1',
            port: server.port,
            rate: rate / clients,
            count: Math.min(per, count - i * per),
            addresses: addresses.slice(i * perClient, (i + 1) * perClient),
            userBase: n * 1_000_000 + i * per,
          },
          'started',
        ),
      ),
    );
    let reports: RampReport[] = [];
    const until = t0 + (count / rate) * 1000 + 10_000;
    while (Date.now() < until) {
      await sleep(250);
      reports = await Promise.all(kids.map((k) => k.ask<RampReport>({ cmd: 'report' }, 'report')));
      if (reports.reduce((a, r) => a + r.held, 0) >= count) break;
    }
    const cpuS = sum(server.pids, cpuSeconds) - cpu0;
    const held = reports.reduce((a, r) => a + r.held, 0);
    const first = Math.min(...reports.map((r) => r.firstAt));
    const last = Math.max(...reports.map((r) => r.lastHeldAt));
    const step: RampStep = {
      rate,
      count,
      held,
      heldPerS: (held * 1000) / (last - first),
      p50Ms: Math.max(...reports.map((r) => r.p50)),
      p99Ms: Math.max(...reports.map((r) => r.p99)),
      serverCores: cpuS / ((last - first) / 1000),
      errors: reports.reduce((e, r) => ({ ...e, ...r.errors }), {}),
      sustained: false,
    };
    step.sustained = held === count && step.heldPerS >= rate * 0.95 && step.p99Ms <= 1000;
    steps.push(step);
    log(
      `ramp ${rate}/s: ${held}/${count} held at ${Math.round(step.heldPerS)}/s, p99 ${Math.round(step.p99Ms)} ms` +
        ` (${step.sustained ? 'sustained' : 'NOT sustained'})`,
    );
    await Promise.all(kids.map((k) => k.ask({ cmd: 'drop' }, 'dropped')));
    for (let i = 0; i < 100 && (await stats()).connections.open > 0; i++) await sleep(100);
    if (!step.sustained) break;
  }
  await Promise.all(kids.map((k) => k.close()));
  const best = steps.filter((s) => s.sustained).at(-1);
  return { steps, sustainedRate: best?.rate ?? 0, clients, stepMs };
}
