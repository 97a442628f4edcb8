// The farm across hosts: see the "Farm across hosts (network namespaces)" section of docs/BENCHMARKS.md.
// npm run bench:hosts -- [--users 20000] [--duration 40s] [--generators 4] [--server-procs 2]
//   [--beats 5] [--beat-every 1s] [--rooms 500] [--write-docs] [--note TEXT]
// Every host is a network namespace on this machine (bench/lib/netns.ts): NATS, Redis,
// the controller and an aggregator on "svc", the chat server on "target", a worker on
// gen1…gen(N-1) from the start and one on genN once the first users have arrived. An
// open-model run of --users users over --duration; per host: users, connections seen at
// the server from its addresses, CPU, memory, bytes over its link. Needs root.
import { loadavg } from 'node:os';
import { parseDuration } from '@loadfleet/config';
import type { Report } from '@loadfleet/report';
import { hostsScenario, hostsSupport, PORTS, startHostsFarm, type HostsFarm, type RunView } from './lib/hosts.js';
import { leftovers, processPrefix, sweepDeadRuns } from './lib/netns.js';
import { rootPath } from './lib/paths.js';
import { cpuSeconds, rssBytes } from './lib/proc.js';
import { appendToSection, commandLine } from './scale/report.js';
import { opt, log } from './lib/cli.js';

const argv = process.argv.slice(2);
const o = {
  users: Number(opt('users', 20_000)),
  durationMs: parseDuration(opt('duration', '40s')),
  generators: Number(opt('generators', 4)),
  serverProcs: Number(opt('server-procs', 2)),
  beats: Number(opt('beats', 5)),
  beatEvery: opt('beat-every', '1s'),
  rooms: Number(opt('rooms', 500)),
};
const note = opt('note', '');
const rate = Math.round(o.users / (o.durationMs / 1000));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KINDS = ['login', 'joinRoom', 'chat', 'heartbeat'];

let farm: HostsFarm | undefined;
let stopping: Promise<void> | undefined;
const stopAll = () => (stopping ??= farm ? farm.stop() : Promise.resolve());

async function main() {
  const support = hostsSupport();
  if (!support.ok) {
    console.error(`bench:hosts cannot run here: ${support.reason}`);
    return 2;
  }
  const swept = sweepDeadRuns();
  if (swept.length) log(`removed what killed earlier runs left: ${swept.join(', ')}`);
  const started = new Date();
  const t0 = Date.now();
  const f = await startHostsFarm({
    generators: o.generators,
    addressesPerGenerator: 2,
    startWorkers: o.generators - 1,
    serverProcs: o.serverProcs,
  });
  farm = f;
  const setupMs = Date.now() - t0;
  const gens = Array.from({ length: o.generators }, (_, i) => `gen${i + 1}`);
  const hosts = ['svc', 'target', ...gens];
  log(
    `hosts up in ${setupMs} ms on ${f.lab.subnet}.0/24: ${hosts.map((h) => `${h} ${f.lab.addressesOf(h).join(',')}`).join('; ')}`,
  );

  const sample = () => {
    const at = Date.now();
    const per: Record<string, { cpu: Record<string, number>; rss: number; link: { rx: number; tx: number } }> = {};
    for (const h of hosts) {
      const pids = f.lab.pidsOf(h);
      per[h] = {
        cpu: Object.fromEntries(pids.map((p) => [p, cpuSeconds(p)])),
        rss: pids.reduce((a, p) => a + rssBytes(p), 0),
        link: f.lab.linkBytes(h),
      };
    }
    return { at, per };
  };
  const peakRss = Object.fromEntries(hosts.map((h) => [h, 0]));
  const chatPeers = f.watchPeers('target', PORTS.chat, 500);
  const s0 = sample();
  const load0 = loadavg()[0];
  const id = await f.submit(
    hostsScenario({
      target: f.target,
      rate,
      seconds: o.durationMs / 1000,
      beats: o.beats,
      beatEvery: o.beatEvery,
      rooms: o.rooms,
      name: 'bench-hosts',
    }),
  );
  log(
    `run ${id}: ${rate} users/s for ${o.durationMs / 1000} s (${o.users} users) from ${o.generators} generator hosts`,
  );
  const first = await f.waitForRun(id, (r) => (r.live?.arrivals ?? 0) > 0, 60_000, 'first arrivals');
  const lastGen = gens.at(-1)!;
  f.startWorker(lastGen);
  const joinedAtS = first.startedAt ? (Date.now() - Date.parse(first.startedAt)) / 1000 : null;
  log(`${lastGen} started its worker (run second ~${joinedAtS})`);
  let run: RunView;
  let last: ReturnType<typeof sample>;
  for (;;) {
    await sleep(2000);
    last = sample();
    for (const h of hosts) peakRss[h] = Math.max(peakRss[h]!, last.per[h]!.rss);
    run = await f.runView(id);
    if (['done', 'stopped', 'aborted', 'failed', 'cancelled'].includes(run.state)) break;
    log(`${run.state}/${run.phase}: ${run.live?.arrivals ?? '-'} arrivals/s, ${run.live?.usersActive ?? '-'} active`);
  }
  const report = await f.finished(id);
  const stats = await f.serverStats();
  const seen = await chatPeers.stop();
  const s1 = sample();
  const load1 = loadavg()[0];
  const wallS = (last.at - s0.at) / 1000;

  const perHost = hosts.map((h) => {
    const a = s0.per[h]!;
    const b = last.per[h]!;
    const cpu = Object.entries(b.cpu).reduce((sum, [pid, c]) => sum + c - (a.cpu[pid] ?? 0), 0);
    const addrs = f.lab.addressesOf(h);
    const workers = report.run.workers.filter((w) => w.host === h);
    return {
      host: h,
      role:
        h === 'svc'
          ? 'NATS, Redis, controller, aggregator'
          : h === 'target'
            ? `chat server (${o.serverProcs} processes)`
            : h === lastGen
              ? 'worker (joined mid-run)'
              : 'worker',
      addresses: addrs,
      users: workers.length ? workers.reduce((x, w) => x + w.users, 0) : null,
      peakConnsAtServer: gens.includes(h) ? addrs.reduce((x, ad) => x + (seen[ad] ?? 0), 0) : null,
      addressesSeenAtServer: gens.includes(h) ? addrs.filter((ad) => (seen[ad] ?? 0) > 0).length : null,
      cores: cpu / wallS,
      peakRssMiB: peakRss[h]! / 2 ** 20,
      linkMiB: {
        rx: (s1.per[h]!.link.rx - a.link.rx) / 2 ** 20,
        tx: (s1.per[h]!.link.tx - a.link.tx) / 2 ** 20,
      },
    };
  });
  const exact = KINDS.map((k) => ({
    kind: k,
    report: report.totals.messages.out[k] ?? 0,
    server: stats.messagesIn[k],
  }));
  const strangers = Object.keys(seen).filter((a) => !gens.some((g) => f.lab.addressesOf(g).includes(a)));

  const t1 = Date.now();
  const lab = f.lab;
  await stopAll();
  const teardownMs = Date.now() - t1;
  const left = { lab: lab.leftovers(), process: leftovers(processPrefix()) };

  const result: HostsResult = {
    date: started.toISOString(),
    command: commandLine('bench:hosts', argv),
    note,
    options: o,
    rate,
    subnet: `${lab.subnet}.0/24`,
    state: report.run.state,
    stopReason: report.run.stopReason,
    arrivals: { target: report.arrivals.target, achieved: report.arrivals.achieved, dropped: report.arrivals.dropped },
    users: report.totals.users,
    connections: {
      established: report.totals.connections.established,
      serverAccepted: stats.connections.accepted,
      peakOpen: report.totals.connections.peakOpen,
      failedByReason: report.totals.connections.failedByReason,
    },
    exact,
    exactAll:
      exact.every((e) => e.report === e.server) && stats.connections.accepted === report.totals.connections.established,
    strangers,
    errors: report.totals.errors,
    eventsOut: Object.values(stats.eventsOut).reduce((a, b) => a + b, 0),
    startLatenessP99Ms: report.health.startLatenessP99Ms,
    secondsSaturated: report.health.secondsSaturated,
    joinedAtS,
    perHost,
    loadAverage: { start: load0, end: load1 },
    setupMs,
    teardownMs,
    leftovers: left,
  };
  console.log(JSON.stringify(result, null, 2));
  const md = markdown(result);
  console.error(md);
  if (argv.includes('--write-docs')) {
    appendToSection(rootPath('docs/BENCHMARKS.md'), '## Farm across hosts (network namespaces)', md);
  }
  const clean =
    [...left.lab.namespaces, ...left.lab.links, ...left.process.namespaces, ...left.process.links].length === 0;
  return result.state === 'done' && result.exactAll && strangers.length === 0 && clean ? 0 : 1;
}

const n = (x: number | null | undefined, d = 0) =>
  x === null || x === undefined
    ? '–'
    : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const errorKinds = (byKind: Record<string, number> | undefined) => {
  const e = Object.entries(byKind ?? {}).filter(([, x]) => x > 0);
  return e.length ? ` (${e.map(([k, x]) => `${k} ${n(x)}`).join(', ')})` : '';
};

/** What one run measured (printed as JSON, rendered by markdown()). */
interface HostsResult {
  date: string;
  command: string;
  note: string;
  options: typeof o;
  rate: number;
  subnet: string;
  state: Report['run']['state'];
  stopReason: Report['run']['stopReason'];
  arrivals: Pick<Report['arrivals'], 'target' | 'achieved' | 'dropped'>;
  users: Report['totals']['users'];
  connections: {
    established: number;
    serverAccepted: number;
    peakOpen: number;
    failedByReason: Report['totals']['connections']['failedByReason'];
  };
  exact: { kind: string; report: number; server: number | undefined }[];
  exactAll: boolean;
  strangers: string[];
  errors: Report['totals']['errors'];
  eventsOut: number;
  startLatenessP99Ms: number | null;
  secondsSaturated: number;
  joinedAtS: number | null;
  perHost: {
    host: string;
    role: string;
    addresses: string[];
    users: number | null;
    peakConnsAtServer: number | null;
    addressesSeenAtServer: number | null;
    cores: number;
    peakRssMiB: number;
    linkMiB: { rx: number; tx: number };
  }[];
  loadAverage: { start: number | undefined; end: number | undefined };
  setupMs: number;
  teardownMs: number;
  leftovers: { lab: { namespaces: string[]; links: string[] }; process: { namespaces: string[]; links: string[] } };
}

function markdown(r: HostsResult) {
  const rows = r.perHost
    .map(
      (h) =>
        `| ${h.host} | ${h.role} | ${h.addresses.join(', ')} | ${n(h.users)} | ${h.peakConnsAtServer === null ? '–' : `${n(h.peakConnsAtServer)} (${h.addressesSeenAtServer} of ${h.addresses.length} addresses)`} | ${n(h.cores, 2)} | ${n(h.peakRssMiB, 0)} | ${n(h.linkMiB.rx, 1)} / ${n(h.linkMiB.tx, 1)} |`,
    )
    .join('\n');
  const exact = r.exact
    .map((e) => `${e.kind} ${n(e.report)}${e.report === e.server ? '' : ` (server ${n(e.server)})`}`)
    .join(', ');
  const left = [
    ...r.leftovers.lab.namespaces,
    ...r.leftovers.lab.links,
    ...r.leftovers.process.namespaces,
    ...r.leftovers.process.links,
  ];
  return `### ${r.date.slice(0, 16).replace('T', ' ')} UTC — ${n(r.options.users)} users from ${r.options.generators} generator hosts

Command: \`${r.command}\` (${n(r.rate)} users/s for ${n(r.options.durationMs / 1000)} s, sessions of ${r.options.beats} heartbeats every ${r.options.beatEvery}, ${n(r.options.rooms)} rooms; hosts on ${r.subnet})${r.note ? `. ${r.note}` : ''}

| host | role | addresses | users started | most connections at the server at once (ss) | CPU, cores | peak RSS, MiB | link MiB in / out |
|---|---|---|---|---|---|---|---|
${rows}

| figure | value |
|---|---|
| run | ${r.state}${r.stopReason ? ` (${r.stopReason})` : ''}; the last worker started ${n(r.joinedAtS, 1)} s into the run |
| arrivals achieved / scheduled | ${n(r.arrivals.achieved)} / ${n(r.arrivals.target)}, dropped ${n(r.arrivals.dropped)}; start lateness p99 ${n(r.startLatenessP99Ms, 1)} ms; saturated seconds ${n(r.secondsSaturated)} |
| sessions failed, errors | ${n(r.users.failed)}, ${n(r.errors.total)}${errorKinds(r.errors.byKind)} |
| connects failed, by reason | ${Object.keys(r.connections.failedByReason ?? {}).length ? errorKinds(r.connections.failedByReason).slice(2, -1) : 'none'} |
| room pushes written by the chat server | ${n(r.eventsOut)} |
| report = chat server /stats | **${r.exactAll ? 'exact' : 'NOT exact'}**: connections ${n(r.connections.established)}${r.connections.established === r.connections.serverAccepted ? '' : ` (server ${n(r.connections.serverAccepted)})`}; ${exact} |
| machine load average (1 min; 2 cores, shared) | ${n(r.loadAverage.start, 1)} at the start, ${n(r.loadAverage.end, 1)} at the end |
| peers at the server from no generator host | ${r.strangers.length ? r.strangers.join(', ') : 'none'} |
| hosts built / removed | ${n(r.setupMs / 1000, 1)} s (namespaces, links, NATS, Redis, controller, aggregator, chat server, first workers live) / ${n(r.teardownMs / 1000, 1)} s; left behind: ${left.length ? left.join(', ') : 'nothing'} |
`;
}

const watchdog = setTimeout(
  () => {
    log('benchmark exceeded its budget: stopping everything');
    stopAll().finally(() => process.exit(2));
  },
  (o.durationMs / 1000 + 300) * 1000,
);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log(`${sig}: stopping every process and removing the hosts`);
    stopAll().finally(() => process.exit(130));
  });
}

main()
  .then(async (code) => {
    await stopAll();
    clearTimeout(watchdog);
    process.exitCode = code;
  })
  .catch(async (err) => {
    console.error(err);
    if (farm) console.error(farm.logs());
    await stopAll().catch(() => {});
    clearTimeout(watchdog);
    process.exitCode = 1;
  });
