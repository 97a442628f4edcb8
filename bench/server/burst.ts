// The reconnect-storm phase of bench/server.ts: N connections opened at once (unpaced) by
// several client processes, each logging in; the server's accept rate from its /stats, and
// the time until every connection is held (answered its login).
import { benchScript } from '../lib/paths.js';
import { sleep, type ServerStats, type StartedServer } from '../lib/proc.js';
import { forkClient, freshAddresses } from './clients.js';

const STORM_CLIENT = benchScript('server/storm-client.js');

/** storm-client.ts's report. */
interface StormReport {
  held: number;
  lastHeldAt: number;
  closedBeforeHeld: number;
  errors: Record<string, number>;
}

export async function burstPhase({
  server,
  count,
  clients,
  log,
}: {
  server: StartedServer;
  count: number;
  clients: number;
  log: (...a: unknown[]) => void;
}) {
  const kids = [];
  for (let k = 0; k < clients; k++) kids.push(await forkClient(STORM_CLIENT));
  const stats = async () => (await (await fetch(`http://127.0.0.1:${server.httpPort}/stats`)).json()) as ServerStats;
  const per = Math.ceil(count / clients);
  const addresses = freshAddresses(clients * 2, 1);
  const t0 = Date.now();
  kids.forEach((k, i) =>
    k.child.send({
      cmd: 'storm',
      host: '127.0.0.1',
      ports: [server.port],
      count: Math.min(per, count - i * per),
      addresses: addresses.slice(i * 2, i * 2 + 2),
      login: true,
      userBase: i * per,
    }),
  );
  // The server's accepted count every 100 ms, until every connection is held or 60 s pass.
  const samples: [number, number][] = [];
  let reports: StormReport[] = [];
  const held = () => reports.reduce((a, r) => a + r.held, 0);
  while (Date.now() - t0 < 60_000) {
    await sleep(100);
    const s = await stats();
    samples.push([Date.now() - t0, s.connections.accepted]);
    if (samples.length % 5 === 0) {
      reports = await Promise.all(kids.map((k) => k.ask<StormReport>({ cmd: 'report' }, 'report')));
      if (held() === count) break;
    }
    if (samples.length % 20 === 0) log(`burst: ${s.connections.accepted} accepted, ${held()} held`);
  }
  reports = await Promise.all(kids.map((k) => k.ask<StormReport>({ cmd: 'report' }, 'report')));
  const final = await stats();
  const lastHeld = Math.max(...reports.map((r) => r.lastHeldAt));
  const allAccepted = samples.find(([, a]) => a >= count)?.[0];
  // The best accept rate over any 1 s, from the 100 ms samples.
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const [ti, ai] = samples[i]!;
    const j = samples.findIndex(([t]) => t >= ti + 1000);
    if (j < 0) break;
    const [tj, aj] = samples[j]!;
    peak = Math.max(peak, ((aj - ai) * 1000) / (tj - ti));
  }
  const errors: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  await Promise.all(kids.map((k) => k.close()));
  return {
    count,
    clients,
    held: held(),
    heldAfterS: (lastHeld - t0) / 1000,
    allAcceptedAfterS: allAccepted === undefined ? undefined : allAccepted / 1000,
    meanAcceptPerS: allAccepted === undefined ? undefined : count / (allAccepted / 1000),
    peakAcceptPerS: peak,
    accepted: final.connections.accepted,
    refused: final.connections.refused,
    closedBeforeHeld: reports.reduce((a, r) => a + r.closedBeforeHeld, 0),
    perProcess: (
      (await (await fetch(`http://127.0.0.1:${server.httpPort}/stats?by=process`)).json()) as ServerStats
    ).processes!.map((p) => p.connections.accepted),
    errors,
  };
}
