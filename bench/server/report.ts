// Writes a benchmark run into the "Chat server" section of docs/BENCHMARKS.md,
// leaving every other section as it is.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { burstPhase } from './burst.js';
import type { rampPhase } from './ramp.js';

const HEADING = '## Chat server';
const HEADER = `# Benchmarks

Figures measured on the project's machine (2 cores, 24 GiB, 20,000 open files per
process). Each section belongs to one part of the system and says how to reproduce it.
`;
const INTRO = `${HEADING}

\`npm run bench:server\` (bench/server.ts): driver processes hold N logged-in,
heartbeating connections to the multi-process chat server from fresh 127.x.y.z
source addresses, paced; then M of them join one room and K send chat at a fixed rate.
Server RSS/connection = (RSS of all server processes at the end of the hold - idle RSS) / N.
Server CPU = CPU time of all server processes over the hold / hold time (100 % = one core).
Events/s per core = room events delivered/s (from the server's /stats) / server cores used.
Runs, newest last:
`;

/** Appends `entry` (markdown) at the end of the chat server section, creating the file or section if needed. */
export function appendRun(path: string, entry: string): void {
  mkdirSync(dirname(path), { recursive: true });
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : HEADER;
  if (!doc.includes(HEADING)) doc = doc.trimEnd() + '\n\n' + INTRO;
  const start = doc.indexOf(HEADING);
  const next = doc.indexOf('\n## ', start + HEADING.length);
  const end = next < 0 ? doc.length : next + 1;
  const section = doc.slice(start, end).trimEnd() + '\n\n' + entry.trim() + '\n';
  doc = doc.slice(0, start) + section + (next < 0 ? '' : '\n' + doc.slice(end));
  writeFileSync(path, doc);
}

const n = (x: number | undefined, d = 0) =>
  x === undefined ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** The hold phase's figures (bench/server.ts). */
export interface HoldResult {
  conns: number;
  held: number;
  minHeldDuringHold: number;
  procs: number;
  drivers: number;
  rampS: number;
  holdS: number;
  idleRssMiB: number;
  loadRssMiB: number;
  rssPerConnKiB: number;
  heartbeatsPerS: number;
  serverCpuPct: number;
  connectErrors: Record<string, number>;
  room: { members: number; senders: number; ratePerSender: number; seconds: number };
  roomEventsPerS: number;
  roomServerCores: number;
  roomEventsPerSPerCore: number;
  /** Server /stats figure and the drivers' own, by name. */
  checks: Record<string, [number | undefined, number]>;
  agree: boolean;
}

export interface ServerBenchResult {
  date: string;
  command: string;
  hold?: HoldResult;
  burst?: Awaited<ReturnType<typeof burstPhase>> & { procs: number };
  ramp?: Awaited<ReturnType<typeof rampPhase>> & { procs: number };
}

/** One run of bench/server.ts as markdown: a table per phase that ran. */
export function markdown(r: ServerBenchResult): string {
  const parts = [
    `### ${r.date.slice(0, 16).replace('T', ' ')} UTC\n\nCommand: \`${r.command}\` (Node ${process.version})\n`,
  ];
  if (r.hold) parts.push(holdTable(r.hold));
  if (r.burst) parts.push(burstTable(r.burst));
  if (r.ramp) parts.push(rampTable(r.ramp));
  return parts.join('\n');
}

function holdTable(r: HoldResult) {
  return `Hold: ${n(r.held)} connections, ${r.procs} server processes, ${r.drivers} driver processes, connect ramp ${n(r.rampS, 1)} s

| figure | value |
|---|---|
| connections held (logged in, heartbeating) | ${n(r.held)} of ${n(r.conns)}; lowest during the hold ${n(r.minHeldDuringHold)} |
| hold | ${n(r.holdS, 1)} s |
| server RSS idle → loaded (all processes) | ${n(r.idleRssMiB, 1)} MiB → ${n(r.loadRssMiB, 1)} MiB |
| server RSS per connection | ${n(r.rssPerConnKiB, 2)} KiB |
| heartbeat rate | ${n(r.heartbeatsPerS)} /s |
| server CPU during the hold | ${n(r.serverCpuPct, 1)} % of one core |
| room broadcast | ${n(r.room.members)} members, ${r.room.senders} senders × ${r.room.ratePerSender} chat/s, ${n(r.room.seconds, 1)} s |
| room events delivered | ${n(r.roomEventsPerS)} /s using ${n(r.roomServerCores, 2)} server cores = **${n(r.roomEventsPerSPerCore)} events/s per core** |
| /stats agrees with the drivers | ${r.agree ? 'yes' : '**NO**'}: ${Object.entries(r.checks)
    .map(([k, [a, b]]) => `${k} ${n(a)} / ${n(b)}`)
    .join(', ')} |
`;
}

function burstTable(b: NonNullable<ServerBenchResult['burst']>) {
  const errors = Object.entries(b.errors)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');
  return `Reconnect storm: ${n(b.count)} connections opened at once (unpaced) by ${b.clients} client processes, each logging in; ${b.procs} server processes

| figure | value |
|---|---|
| held (login answered) | **${n(b.held)} of ${n(b.count)}**, the last after **${n(b.heldAfterS, 1)} s** |
| all accepted after | ${n(b.allAcceptedAfterS, 1)} s |
| accept rate | mean ${n(b.meanAcceptPerS)} /s, best 1 s ${n(b.peakAcceptPerS)} /s |
| accepted per server process | ${b.perProcess.map((x) => n(x)).join(' / ')} |
| refused / closed before held | ${n(b.refused)} / ${n(b.closedBeforeHeld)} |
| client socket errors | ${errors || 'none'} |
`;
}

function rampTable(r: NonNullable<ServerBenchResult['ramp']>) {
  const rows = r.steps
    .map(
      (s) =>
        `| ${n(s.rate)} | ${n(s.held)} / ${n(s.count)} | ${n(s.heldPerS)} | ${n(s.p50Ms, 1)} | ${n(s.p99Ms, 1)} | ${n(s.serverCores, 2)} | ${s.sustained ? 'yes' : '**no**'} |`,
    )
    .join('\n');
  return `Ramp: new users (connect + login) at a fixed rate, paced by ${r.clients} client processes, ${n(r.stepMs / 1000)} s per rate, ${r.procs} server processes. Largest rate sustained: **${n(r.sustainedRate)} new logged-in users/s**

| offered /s | held | held /s | p50 connect→login ms | p99 ms | server cores | sustained |
|---|---|---|---|---|---|---|
${rows}
`;
}
