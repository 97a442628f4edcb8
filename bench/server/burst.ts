// The reconnect-storm phase of bench/server.js: N connections opened at once (unpaced) by
// several client processes, each logging in; the server's accept rate from its /stats, and
// the time until every connection is held (answered its login).
import { fileURLToPath } from 'node:url';
import { sleep } from '../lib/proc.js';
import { forkClient, freshAddresses } from './clients.js';

const STORM_CLIENT = fileURLToPath(new URL('./storm-client.js', import.meta.url));

export async function burstPhase({ server, count, clients, log }) {
  const kids = [];
  for (let k = 0; k < clients; k++) kids.push(await forkClient(STORM_CLIENT));
  const stats = async () => (await fetch(`http://127.0.0.1:${server.httpPort}/stats`)).json();
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
  const samples = [];
  let reports = [];
  const held = () => reports.reduce((a, r) => a + r.held, 0);
  while (Date.now() - t0 < 60_000) {
    await sleep(100);
    const s = await stats();
    samples.push([Date.now() - t0, s.connections.accepted]);
    if (samples.length % 5 === 0) {
      reports = await Promise.all(kids.map((k) => k.ask({ cmd: 'report' }, 'report')));
      if (held() === count) break;
    }
    if (samples.length % 20 === 0) log(`burst: ${s.connections.accepted} accepted, ${held()} held`);
  }
  reports = await Promise.all(kids.map((k) => k.ask({ cmd: 'report' }, 'report')));
  const final = await stats();
  const lastHeld = Math.max(...reports.map((r) => r.lastHeldAt));
  const allAccepted = samples.find(([, a]) => a >= count)?.[0];
  // The best accept rate over any 1 s, from the 100 ms samples.
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const j = samples.findIndex(([t]) => t >= samples[i][0] + 1000);
    if (j < 0) break;
    peak = Math.max(peak, ((samples[j][1] - samples[i][1]) * 1000) / (samples[j][0] - samples[i][0]));
  }
  const errors = {};
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
    perProcess: (await (await fetch(`http://127.0.0.1:${server.httpPort}/stats?by=process`)).json()).processes.map(
      (p) => p.connections.accepted,
    ),
    errors,
  };
}
