// bench:scale --floor: the farm's CPU per 100,000 held users set beside the bare pair's.
import { profileMarkdown } from './profile.js';

const n = (x, d = 0) =>
  x === null || x === undefined || Number.isNaN(x)
    ? '–'
    : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const per100k = (cores, held) => (cores !== null && cores !== undefined && held > 0 ? (cores / held) * 100_000 : null);

/** The farm's figures at the floor's user count: its --steps level of that count, or its final hold. */
export function farmAt(farm, users) {
  const l = farm.curve.find((x) => x.users === users) ?? farm.curve.at(-1);
  const mem = (k) => ({ idleMiB: farm.idleRssMiB[k], heldMiB: l.rssMiB?.[k] ?? NaN });
  return {
    users: l.users,
    held: l.held,
    cpu: l.cpu ?? {},
    memory: { generator: mem('generator'), server: mem('server') },
  };
}

export function floorRatios(farmResult, floor) {
  const farm = farmAt(farmResult, floor.options.users);
  const f = {
    generator: per100k(farm.cpu.generator, farm.held),
    server: per100k(farm.cpu.server, farm.held),
  };
  const b = {
    generator: per100k(floor.cpu.hold.generator, floor.held),
    server: per100k(floor.cpu.hold.server, floor.held),
  };
  const ratio = (k) => (f[k] !== null && b[k] ? f[k] / b[k] : null);
  return { farmPer100k: f, floorPer100k: b, generator: ratio('generator'), server: ratio('server') };
}

export function floorMarkdown(r) {
  const fl = r.floor;
  const farmRun = r.curve ? r : null;
  const farm = farmRun ? farmAt(farmRun, fl.options.users) : null;
  const la = (x) => x.map((v) => v.toFixed(2)).join(' ');
  const kib = (m, held) => (held > 0 ? ((m.heldMiB - m.idleMiB) * 1024) / held : null);
  const row = (who, held, procs, cores, mem) =>
    `| ${who} | ${n(held)} | ${procs} | ${n(cores, 3)} | ${n(per100k(cores, held), 3)} | ${n(mem.idleMiB, 0)} → ${n(mem.heldMiB, 0)} | ${n(kib(mem, held), 2)} |`;
  const rows = [];
  if (farm) {
    const p = farmRun.memory.generator.processes;
    rows.push(row('loadfleet generator (worker processes)', farm.held, p, farm.cpu.generator, farm.memory.generator));
  }
  rows.push(row('bare Node client', fl.held, fl.processes.generator, fl.cpu.hold.generator, fl.memory.generator));
  if (farm) {
    const p = farmRun.memory.server.processes;
    rows.push(row('loadfleet chat server', farm.held, p, farm.cpu.server, farm.memory.server));
  }
  rows.push(row('bare Node server', fl.held, fl.processes.server, fl.cpu.hold.server, fl.memory.server));
  const ratios = fl.ratios
    ? `\n**Ratio to the floor, CPU per 100,000 held users: generator ${n(fl.ratios.generator, 2)}×, chat server ${n(fl.ratios.server, 2)}×** (goal ≤ 1.5× and ≤ 2×).\n`
    : '';
  const counts = fl.counts
    .map(
      (c) =>
        `| ${new Date(c.second * 1000).toISOString().slice(11, 19)} | ${n(c.clients)} | ${n(c.ss)} | ${n(c.serverOpen)} |`,
    )
    .join('\n');
  const c = fl.counters;
  const fp = farmRun?.profiles?.find((p) => p.users === fl.options.users);
  return `#### The floor: a bare pair at the same rates${farm ? ', right after the farm run' : ''}

Bare clients (bench/worker/bare-client.js with \`rooms\`) against the bare server (bench/scale/floor-server.js), ${n(fl.options.users)} users at ${n(fl.options.rate)}/s, hold ${n(fl.options.holdMs / 1000)} s, with the farm run's process counts${farm ? `; the farm's figures are those of its hold at ${n(farm.users)} users` : ''}. Load average at the start ${la(r.load.start)}, at the end ${la(r.load.end)} (2 cores shared with other agents' work). CPU from /proc over the hold (from 10 s after the ramp to 5 s before its end), RSS idle → at the end of the hold.

| process group | users held | processes | CPU, cores (hold) | cores per 100,000 users | RSS MiB | KiB per user |
|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
${ratios}
Bare clients' counters over the run: ${n(c.loginAcks)} logins, ${n(c.heartbeatsSent)} heartbeats sent (${n(c.heartbeatAcks)} acked), ${n(c.chatsSent)} likes and chats sent (${n(c.chatAcks)} acked); connect errors ${n(c.attempted - c.connected)}. Counted during the floor's hold:

| time (UTC) | bare clients logged in | ss | bare server |
|---|---:|---:|---:|
${counts}
${profileMarkdown(`\nProfile at ${n(fl.options.users)} users, loadfleet worker process`, fp?.generator)}${profileMarkdown(`\nProfile at ${n(fl.options.users)} users, loadfleet chat server processes`, fp?.server)}${profileMarkdown('\nProfile, bare client process', fl.profile?.generator)}${profileMarkdown('\nProfile, bare server processes', fl.profile?.server)}`;
}
