// bench:scale --floor: the farm's CPU per 100,000 held users set beside the bare pair's.
import type { ScaleOutput, ScaleResult } from './figures.js';
import type { FloorMemory, FloorResult } from './floor.js';
import { profileMarkdown } from './profile.js';

/** The floor's figures as bench/scale.ts prints them: with the options it ran at and the ratios to the farm. */
export type FloorOutput = FloorResult & {
  options: { users: number; rate: number; holdMs: number };
  ratios?: FloorRatios | null;
};
/** The farm's CPU per 100,000 held users beside the floor's, and their ratio. */
export interface FloorRatios {
  farmPer100k: { generator: number | null; server: number | null };
  floorPer100k: { generator: number | null; server: number | null };
  generator: number | null;
  server: number | null;
}

const n = (x: number | null | undefined, d = 0) =>
  x === null || x === undefined || Number.isNaN(x)
    ? '–'
    : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const per100k = (cores: number | null | undefined, held: number) =>
  cores !== null && cores !== undefined && held > 0 ? (cores / held) * 100_000 : null;

/** The farm's figures at the floor's user count: its --steps level of that count, or its final hold. */
export function farmAt(farm: ScaleResult, users: number) {
  // The curve always ends with the final hold.
  const l = (farm.curve.find((x) => x.users === users) ?? farm.curve.at(-1))!;
  const mem = (k: 'generator' | 'server') => ({ idleMiB: farm.idleRssMiB[k], heldMiB: l.rssMiB?.[k] ?? NaN });
  return {
    users: l.users,
    held: l.held,
    cpu: { generator: l.cpu?.generator ?? null, server: l.cpu?.server ?? null },
    memory: { generator: mem('generator'), server: mem('server') },
  };
}

export function floorRatios(farmResult: ScaleResult, floor: FloorOutput): FloorRatios {
  const farm = farmAt(farmResult, floor.options.users);
  const f = {
    generator: per100k(farm.cpu.generator, farm.held),
    server: per100k(farm.cpu.server, farm.held),
  };
  const b = {
    generator: per100k(floor.cpu.hold.generator, floor.held),
    server: per100k(floor.cpu.hold.server, floor.held),
  };
  const ratio = (k: 'generator' | 'server') => {
    const x = f[k];
    const y = b[k];
    return x !== null && y ? x / y : null;
  };
  return { farmPer100k: f, floorPer100k: b, generator: ratio('generator'), server: ratio('server') };
}

export function floorMarkdown(r: ScaleOutput & { floor: FloorOutput }): string {
  const fl = r.floor;
  const farmRun = 'curve' in r ? r : null;
  const farm = farmRun ? farmAt(farmRun, fl.options.users) : null;
  const la = (x: number[] | undefined) => (x ?? []).map((v) => v.toFixed(2)).join(' ');
  const kib = (m: Pick<FloorMemory, 'idleMiB' | 'heldMiB'>, held: number) =>
    held > 0 ? ((m.heldMiB - m.idleMiB) * 1024) / held : null;
  const row = (
    who: string,
    held: number,
    procs: number,
    cores: number | null,
    mem: Pick<FloorMemory, 'idleMiB' | 'heldMiB'>,
  ) =>
    `| ${who} | ${n(held)} | ${procs} | ${n(cores, 3)} | ${n(per100k(cores, held), 3)} | ${n(mem.idleMiB, 0)} → ${n(mem.heldMiB, 0)} | ${n(kib(mem, held), 2)} |`;
  const rows: string[] = [];
  if (farm && farmRun) {
    const p = farmRun.memory.generator.processes;
    rows.push(row('loadfleet generator (worker processes)', farm.held, p, farm.cpu.generator, farm.memory.generator));
  }
  rows.push(row('bare Node client', fl.held, fl.processes.generator, fl.cpu.hold.generator, fl.memory.generator));
  if (farm && farmRun) {
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
  const c = fl.counters as Record<string, number | undefined>;
  const fp = farmRun?.profiles?.find((p) => p.users === fl.options.users);
  return `#### The floor: a bare pair at the same rates${farm ? ', right after the farm run' : ''}

Bare clients (bench/worker/bare-client.ts with \`rooms\`) against the bare server (bench/scale/floor-server.ts), ${n(fl.options.users)} users at ${n(fl.options.rate)}/s, hold ${n(fl.options.holdMs / 1000)} s, with the farm run's process counts${farm ? `; the farm's figures are those of its hold at ${n(farm.users)} users` : ''}. Load average at the start ${la(r.load.start)}, at the end ${la(r.load.end)} (2 cores shared with other agents' work). CPU from /proc over the hold (from 10 s after the ramp to 5 s before its end), RSS idle → at the end of the hold.

| process group | users held | processes | CPU, cores (hold) | cores per 100,000 users | RSS MiB | KiB per user |
|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
${ratios}
Bare clients' counters over the run: ${n(c.loginAcks)} logins, ${n(c.heartbeatsSent)} heartbeats sent (${n(c.heartbeatAcks)} acked), ${n(c.chatsSent)} likes and chats sent (${n(c.chatAcks)} acked); connect errors ${n((c.attempted ?? 0) - (c.connected ?? 0))}. Counted during the floor's hold:

| time (UTC) | bare clients logged in | ss | bare server |
|---|---:|---:|---:|
${counts}
${profileMarkdown(`\nProfile at ${n(fl.options.users)} users, loadfleet worker process`, fp?.generator)}${profileMarkdown(`\nProfile at ${n(fl.options.users)} users, loadfleet chat server processes`, fp?.server)}${profileMarkdown('\nProfile, bare client process', fl.profile?.generator)}${profileMarkdown('\nProfile, bare server processes', fl.profile?.server)}`;
}
