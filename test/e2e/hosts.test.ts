// The farm across hosts: every host a Linux network namespace on this machine, joined by
// veth links to a bridge (bench/lib/netns.ts). NATS, Redis, the controller and an
// aggregator run on "svc", the chat server on "target", a worker on gen1 and gen2 and one
// more on gen3 once the run is going. Nothing talks over loopback: each process reaches
// the others at their hosts' addresses. Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN for
// `ip netns`), iproute2, util-linux's unshare, redis-server and nats-server; without them
// the test is skipped by name, with the reason printed.
import { afterAll, describe, expect, it } from 'vitest';
import { hostsScenario, hostsSupport, startHostsFarm, PORTS } from '../../bench/lib/hosts.js';
import { leftovers, processPrefix, sweepDeadRuns } from '../../bench/lib/netns.js';

const support = hostsSupport();
if (!support.ok)
  console.warn(`test/e2e/hosts.test.ts skipped: cannot deploy the farm across namespace hosts here: ${support.reason}`);

const RATE = 40;
const SECONDS = 15;

type Farm = Awaited<ReturnType<typeof startHostsFarm>>;
let farm: Farm | undefined;

afterAll(async () => {
  await farm?.stop();
});

describe('the farm across hosts (network namespaces)', () => {
  it('runs a scenario from workers on three hosts, one joining mid-run, with exact counts, every host seen at the server, nothing left behind', async (ctx) => {
    if (!support.ok) ctx.skip(`cannot deploy the farm across namespace hosts here: ${support.reason}`);

    const swept = sweepDeadRuns();
    if (swept.length) console.warn(`removed what killed earlier runs left: ${swept.join(', ')}`);
    farm = await startHostsFarm({ generators: 3, addressesPerGenerator: 2, startWorkers: 2 });
    const f = farm;
    const pids = () => [...f.procs.flatMap((p) => (p.pid === undefined ? [] : [p.pid])), ...f.serverPids];
    const gens = ['gen1', 'gen2', 'gen3'];

    const chatPeers = f.watchPeers('target', PORTS.chat);
    const natsPeers = f.watchPeers('svc', PORTS.nats, 500);
    const id = await f.submit(hostsScenario({ target: f.target, rate: RATE, seconds: SECONDS }));
    await f.waitForRun(id, (r) => (r.live?.arrivals ?? 0) > 0, 30_000, 'first arrivals');
    f.startWorker('gen3');
    const report = await f.finished(id);
    const stats = await f.serverStats();
    const seenAtServer = await chatPeers.stop();
    const seenAtNats = await natsPeers.stop();

    // The run completed, on all three generator hosts.
    expect(report.run.state).toBe('done');
    expect(report.run.workers.map((w) => w.host).sort()).toEqual(gens);
    for (const w of report.run.workers)
      expect({ host: w.host, started: w.users > 0 }).toEqual({ host: w.host, started: true });

    // Exact counts: what the fleet says it sent is what the server received.
    const t = report.totals;
    expect(t.users.started + t.users.dropped).toBe(RATE * SECONDS);
    expect(t.users.failed).toBe(0);
    expect(stats.connections.accepted).toBe(t.connections.established);
    expect(stats.logins).toBe(t.users.loggedIn);
    for (const kind of ['login', 'joinRoom', 'chat', 'heartbeat'] as const) {
      expect({ kind, sent: t.messages.out[kind] ?? 0 }).toEqual({ kind, sent: stats.messagesIn[kind] });
    }

    // Every address of every generator host connected to the chat server, and nothing else did.
    const genAddresses = gens.flatMap((g) => f.lab.addressesOf(g)).sort();
    expect(Object.keys(seenAtServer).sort()).toEqual(genAddresses);
    // The workers reached NATS on the services host over their links, from their own hosts.
    for (const g of gens) expect(Object.keys(seenAtNats)).toContain(f.lab.addressesOf(g)[0]);

    // Nothing left behind: no process, no namespace, no link of this run.
    const lab = f.lab;
    const started = pids();
    await f.stop();
    farm = undefined;
    expect(lab.leftovers()).toEqual({ namespaces: [], links: [] });
    expect(leftovers(processPrefix())).toEqual({ namespaces: [], links: [] });
    expect(started.filter((pid) => alive(pid))).toEqual([]);
  }, 120_000);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
