// Markdown for the "Per wire" subsection of docs/BENCHMARKS.md ("Worker (generator)"):
// the hold and cpu figures of bench/worker.ts for each --wire, loadfleet beside the
// wire's bare client. Each run measures one wire, so the block keeps the last runs
// of every wire as JSON in a comment inside its markers, and --write-docs replaces
// that wire's oldest run and renders the whole block again.
import { readFileSync, writeFileSync } from 'node:fs';
import type { CpuFigures, HoldFigures, WorkerResult } from './phases.js';
import { WIRES } from './wires.js';

const START = '<!-- bench:worker-wire:start -->';
const END = '<!-- bench:worker-wire:end -->';
const DATA = '<!-- bench:worker-wire:data ';
/** Runs kept per wire. */
const KEEP = 2;

const n = (x: number | undefined | null, d = 0) =>
  x === undefined || x === null || Number.isNaN(x)
    ? '—'
    : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const kib = (b: number) => n(b / 1024, 2);
const loads = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');

/** The figures of one run that the block shows. */
type CpuPick = Pick<
  CpuFigures,
  | 'users'
  | 'windows'
  | 'windowS'
  | 'roundTripsPerS'
  | 'cpuPct'
  | 'cpuPer1000'
  | 'cpuPer1000Min'
  | 'cpuPer1000Max'
  | 'procCpuPer1000'
  | 'p50Ms'
  | 'p99Ms'
  | 'bytesPerUser'
  | 'heapUsedPerUser'
>;

/** One run's figures as the block keeps them. */
export interface WireRun {
  wire: string;
  date: string;
  command: string;
  node: string;
  procs: number;
  loadavgStart: number[];
  loadavg: number[];
  hold?: Pick<
    HoldFigures,
    | 'users'
    | 'held'
    | 'minHeld'
    | 'generatorLoggedIn'
    | 'failed'
    | 'connectErrors'
    | 'errors'
    | 'rampS'
    | 'holdS'
    | 'server'
    | 'serverCheck'
    | 'bytesPerUser'
    | 'bytesPerUserNoGc'
    | 'heapUsedPerUser'
    | 'heartbeatsPerS'
    | 'eventsPerS'
    | 'cpuPct'
  >;
  cpu?: {
    mode: string;
    loadfleet: CpuPick;
    bare: CpuPick;
    serverHeartbeats: number | undefined;
    clientTrips: number | undefined;
    serverHeld: number | undefined;
    serverCheck: NonNullable<CpuFigures['serverCheck']>;
  };
}

export function summary(r: WorkerResult): WireRun {
  const out: WireRun = {
    wire: r.options.wire ?? 'chat',
    date: r.date,
    command: r.command,
    node: r.node,
    procs: r.options.procs,
    loadavgStart: r.loadavgStart,
    loadavg: r.loadavg,
  };
  if (r.hold) {
    const h = r.hold;
    out.hold = {
      users: h.users,
      held: h.held,
      minHeld: h.minHeld,
      generatorLoggedIn: h.generatorLoggedIn,
      failed: h.failed,
      connectErrors: h.connectErrors,
      errors: h.errors,
      rampS: h.rampS,
      holdS: h.holdS,
      server: h.server,
      serverCheck: h.serverCheck,
      bytesPerUser: h.bytesPerUser,
      bytesPerUserNoGc: h.bytesPerUserNoGc,
      heapUsedPerUser: h.heapUsedPerUser,
      heartbeatsPerS: h.heartbeatsPerS,
      eventsPerS: h.eventsPerS,
      cpuPct: h.cpuPct,
    };
  }
  if (r.cpu) {
    const pick = (x: CpuFigures): CpuPick => ({
      users: x.users,
      windows: x.windows,
      windowS: x.windowS,
      roundTripsPerS: x.roundTripsPerS,
      cpuPct: x.cpuPct,
      cpuPer1000: x.cpuPer1000,
      cpuPer1000Min: x.cpuPer1000Min,
      cpuPer1000Max: x.cpuPer1000Max,
      procCpuPer1000: x.procCpuPer1000,
      p50Ms: x.p50Ms,
      p99Ms: x.p99Ms,
      bytesPerUser: x.bytesPerUser,
      heapUsedPerUser: x.heapUsedPerUser,
    });
    const l = r.cpu.loadfleet!;
    out.cpu = {
      mode: r.cpu.mode,
      loadfleet: pick(l),
      bare: pick(r.cpu.bare!),
      serverHeartbeats: l.serverHeartbeats,
      clientTrips: l.clientTrips,
      serverHeld: l.serverHeld,
      serverCheck: l.serverCheck!,
    };
  }
  return out;
}

/** The block's markdown for `runs` (summaries, any wires, any order). */
export function render(runs: WireRun[]): string {
  const order = Object.keys(WIRES);
  const sorted = [...runs].sort(
    (a, b) => order.indexOf(a.wire) - order.indexOf(b.wire) || a.date.localeCompare(b.date),
  );
  const rows: string[] = [];
  const notes: string[] = [];
  for (const s of sorted) {
    const w = WIRES[s.wire]!;
    const when = `${s.date.slice(0, 16).replace('T', ' ')}, load ${loads(s.loadavgStart)} → ${loads(s.loadavg)}`;
    const h = s.hold;
    const c = s.cpu;
    const cpuCells = (x: CpuPick | undefined) =>
      x
        ? `${n(x.users)} | ${n(x.roundTripsPerS)} | **${n(x.cpuPer1000, 4)}** (${n(x.cpuPer1000Min, 4)}–${n(x.cpuPer1000Max, 4)}) | ${n(x.p50Ms, 3)} / ${n(x.p99Ms, 3)} | ${kib(x.bytesPerUser)}`
        : '— | — | — | — | —';
    const ratio = c ? `${n(c.loadfleet.cpuPer1000 / c.bare.cpuPer1000, 2)}×` : '—';
    rows.push(
      `| ${w.label} | ${when} | loadfleet (Engine) | ${h ? `**${n(h.held)}** of ${n(h.users)}` : '—'} | ${h ? `**${kib(h.bytesPerUser)}**` : '—'} | ${cpuCells(c?.loadfleet)} | ${ratio} |`,
      `| | | ${w.bareLabel} | — | — | ${cpuCells(c?.bare)} | |`,
    );
    const parts: string[] = [];
    if (h) {
      const ck = h.serverCheck;
      parts.push(
        `hold: server /stats (wire \`${ck.wire}\`) open +${n(h.server.open)} (${n(ck.openOnTransport)} over ${w.transport}), logins +${n(h.server.logins)}, lowest held during the ${n(h.holdS)} s hold ${n(h.minHeld)}; generator ${n(h.generatorLoggedIn)} logged in, ${n(h.failed)} failed${Object.keys(h.connectErrors ?? {}).length ? ` ${JSON.stringify(h.connectErrors)}` : ''}; ramp ${n(h.rampS, 1)} s; ${n(h.heartbeatsPerS)} heartbeats/s, ${n(h.eventsPerS)} room events/s in, generator CPU ${n(h.cpuPct, 1)} %; RSS per held user ${kib(h.bytesPerUser)} KiB after a full GC (${kib(h.bytesPerUserNoGc)} KiB before it), of which JS heap ${kib(h.heapUsedPerUser)} KiB`,
      );
    }
    if (c) {
      parts.push(
        `cpu (${c.mode}, ${c.loadfleet.windows} × ${n(c.loadfleet.windowS / c.loadfleet.windows)} s): server /stats counted ${n(c.serverHeartbeats)} heartbeats (\`messagesIn.${w.serverHeartbeat}\`) in the windows, the clients ${n(c.clientTrips)} acks; ${n(c.serverHeld)} held on the server (${n(c.serverCheck.openOnTransport)} over ${w.transport})`,
      );
    }
    notes.push(`- ${w.label}, ${s.date.slice(0, 16).replace('T', ' ')} UTC, \`${s.command}\`: ${parts.join('; ')}.`);
  }
  return [
    '| wire | run (UTC), load average start → end | client | users held (hold) | RSS per held user KiB (hold) | users (cpu) | round trips/s | CPU-s per 1,000 round trips (window range) | heartbeat p50 / p99 ms | RSS per user KiB (cpu) | loadfleet / bare CPU |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Ground truth and details, per run:',
    '',
    ...notes,
    '',
  ].join('\n');
}

export const wireMarkdown = (r: WorkerResult): string => render([summary(r)]);

/** `--` may not appear inside an HTML comment. */
const toComment = (runs: WireRun[]) => `${DATA}${JSON.stringify(runs).replace(/--/g, '-\\u002d')} -->`;

/** Adds this run to the wire's runs in BENCHMARKS.md's per-wire block (the last KEEP kept) and renders the block. */
export function writeWireDocs(path: string, r: WorkerResult): void {
  const doc = readFileSync(path, 'utf8');
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${path}: no ${START} … ${END} markers`);
  const block = doc.slice(a + START.length, b);
  const d = block.indexOf(DATA);
  let runs: WireRun[] = [];
  if (d >= 0) runs = JSON.parse(block.slice(d + DATA.length, block.indexOf(' -->', d))) as WireRun[];
  const s = summary(r);
  const same = runs.filter((x) => x.wire === s.wire);
  runs = [...runs.filter((x) => x.wire !== s.wire), ...same.slice(Math.max(0, same.length - KEEP + 1)), s];
  writeFileSync(path, `${doc.slice(0, a + START.length)}\n${render(runs)}\n${toComment(runs)}\n${doc.slice(b)}`);
}
