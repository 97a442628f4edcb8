// Markdown for the "Worker (generator)" section of docs/BENCHMARKS.md.
import { readFileSync, writeFileSync } from 'node:fs';
import type { CpuFigures, WorkerResult } from './phases.js';

const START = '<!-- bench:worker:start -->';
const END = '<!-- bench:worker:end -->';
const n = (x: number | undefined | null, d = 0) =>
  (x ?? 0).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const kib = (b: number) => n(b / 1024, 2);
const mib = (b: number) => n(b / 2 ** 20, 1);

export function markdown(r: WorkerResult): string {
  const flags = r.options.nodeFlags.length ? ` Load clients run with \`${r.options.nodeFlags.join(' ')}\`.` : '';
  const out = [
    `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC with \`${r.command}\` on Node ${r.node}, linux/x64, 2 × AMD EPYC, shared with other work (load average ${r.loadavgStart.map((x: number) => x.toFixed(1)).join(' ')} at the start, ${r.loadavg.map((x: number) => x.toFixed(1)).join(' ')} at the end). Chat server: ${r.options.procs} processes on the same 2 cores.${flags}`,
    '',
  ];
  if (r.hold) out.push(...holdSection(r));
  if (r.cpu) out.push(...cpuSection(r));
  if (r.rate) out.push(...rateSection(r));
  return out.join('\n');
}

function holdSection(r: WorkerResult) {
  const h = r.hold!;
  const young = h.youngLoaded - h.youngIdle;
  return [
    `**Users held by one process** (bench/worker/hold.yaml: login, join one of 1,000 rooms, likes and chats every ~60 s, heartbeat every 5 s; ramp at ${n(r.options.rampRate)}/s, then ${n(h.holdS, 1)} s held):`,
    '',
    '| figure | value |',
    '|---|---|',
    `| users held (server /stats: open connections, logins) | **${n(h.held)}** of ${n(h.users)} (open ${n(h.server.open)}, logins ${n(h.server.logins)}); lowest during the hold ${n(h.minHeld)} |`,
    `| generator's own count | ${n(h.generatorActive)} users active, ${n(h.generatorOpen)} sockets open, ${n(h.generatorLoggedIn)} logged in, ${n(h.failed)} failed |`,
    `| ramp | ${n(h.rampS, 1)} s |`,
    `| RSS idle (after warm-up, full GC) → held (full GC) | ${mib(h.idleRss)} MiB → ${mib(h.loadedRss)} MiB |`,
    `| **RSS per held user** | **${kib(h.bytesPerUser)} KiB** (${kib(h.bytesPerUserNoGc)} KiB without the final GC) |`,
    `| of which V8's young generation | ${mib(h.youngIdle)} → ${mib(h.youngLoaded)} MiB resident = ${kib(young / h.held)} KiB a user; without it ${kib((h.loadedRss - h.idleRss - young) / h.held)} KiB a user |`,
    `| JS heap per held user (after GC) | ${kib(h.heapUsedPerUser)} KiB |`,
    `| traffic while held | ${n(h.heartbeatsPerS)} heartbeats/s, ${n(h.eventsPerS)} room events/s in; generator CPU ${n(h.cpuPct, 1)} % of one core |`,
    '',
  ];
}

function cpuSection(r: WorkerResult) {
  const cpu = r.cpu!;
  const l = cpu.loadfleet!;
  const b = cpu.bare!;
  const chat = r.options.chat;
  const row = (name: string, x: CpuFigures) =>
    `| ${name} | ${n(x.users)} | ${n(x.roundTripsPerS)} | ${n(x.cpuPct, 1)} % | **${n(x.cpuPer1000, 4)}** (${n(x.cpuPer1000Min, 4)}–${n(x.cpuPer1000Max, 4)}; ${n(x.procCpuPer1000, 4)}) | ${n(x.p50Ms, 3)} | ${n(x.p99Ms, 3)} |${chat ? ` ${n(x.chatP50Ms, 3)} | ${n(x.chatP99Ms, 3)} |` : ''} ${kib(x.bytesPerUser)} (${kib(x.heapUsedPerUser)}) |`;
  const rows = [row('loadfleet (Engine)', l), row('bare Node `net` (bench/worker/bare-client.ts)', b)];
  if (cpu.compare)
    rows.push(
      row(
        `loadfleet from \`${(cpu.mode === 'together' ? (cpu.compareWith ?? '') : '').replace(/\/bench\/(dist\/)?worker\/generator\.js$/, '')}\``,
        cpu.compare,
      ),
    );
  const together = cpu.mode === 'together';
  return [
    `**CPU per message and generator-added latency** (${chat ? 'bench/worker/chat.yaml: log in, join a room of ones own, then a heartbeat and a chat message every 5 s' : 'bench/worker/heartbeat.yaml: log in, then a heartbeat every 5 s'}; ${l.windows} windows of ${n(l.windowS / l.windows)} s after the ramp and one heartbeat period${together ? `; the clients' users held at the same time and measured over the same windows, ${n(l.serverHeld)} connections on the server` : '; one client after the other'}). CPU = user + system of the client process (process.cpuUsage()) per 1,000 heartbeat round trips, with the per-window range and /proc/<pid>/stat's figure in brackets; latency = heartbeat sent → ack received, as each client measures it:`,
    '',
    `| client | users held | round trips/s | CPU | CPU-s per 1,000 round trips | heartbeat p50 ms | p99 ms |${chat ? ' chat p50 ms | p99 ms |' : ''} RSS (JS heap) per user KiB |`,
    `|---|---:|---:|---:|---:|---:|---:|${chat ? '---:|---:|' : ''}---:|`,
    ...rows,
    '',
    `loadfleet / bare: CPU per round trip **${n(l.cpuPer1000 / b.cpuPer1000, 2)}×**. The chat server counted ${n(l.serverHeartbeats)} heartbeats in the windows${together ? `; the clients, ${n(l.clientTrips)} acks` : ''}.`,
    '',
  ];
}

function rateSection(r: WorkerResult) {
  const rate = r.rate!;
  return [
    `**Arrival rate** (bench/worker/short.yaml: connect, login, heartbeat, close; ${n(r.options.stepMs / 1000)} s per step; a step passes when ≥ 99 % of its users logged in, the server counted the same logins, and start lateness p99 ≤ 100 ms): highest passing **${n(rate.highest)} users/s**${rate.breaksAt ? `, breaks at ${n(rate.breaksAt)}/s` : ''}.`,
    '',
    '| target /s | logged in | lateness p50 / p99 ms | login p99 ms | loop delay p99 ms | generator CPU | server CPU | failed, dropped | |',
    '|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...rate.steps.map(
      (s) =>
        `| ${n(s.rate)} | ${n(s.loggedIn)} of ${n(s.planned)} (${n(s.achievedPct, 2)} %) | ${n(s.latenessP50Ms, 1)} / ${n(s.latenessP99Ms, 1)} | ${n(s.loginP99Ms, 1)} | ${n(s.loopDelayP99Ms, 1)} | ${n(s.cpuPct)} % | ${n(s.serverCpuPct)} % | ${s.failed || s.dropped ? `${n(s.failed)}, ${n(s.dropped)} ${Object.keys(s.connectErrors).length ? JSON.stringify(s.connectErrors) : ''}` : '0'} | ${s.pass ? 'ok' : '**breaks**'} |`,
    ),
    '',
  ];
}

/** Replaces the text between the worker markers of BENCHMARKS.md (and nothing else). */
export function writeDocs(path: string, md: string): void {
  const doc = readFileSync(path, 'utf8');
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${path}: no ${START} … ${END} markers`);
  writeFileSync(path, `${doc.slice(0, a + START.length)}\n${md}\n${doc.slice(b)}`);
}
