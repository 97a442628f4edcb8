// The markdown of a scale run, and writing it into its section of docs/BENCHMARKS.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CoresByGroup, ScaleResult } from './figures.js';

const n = (x: number | null | undefined, d = 0) =>
  x === null || x === undefined
    ? '–'
    : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const cores = (c: CoresByGroup | null) =>
  c
    ? `generator ${n(c.generator, 2)}, server ${n(c.server, 2)}, controller ${n(c.controller, 2)}, ` +
      `aggregator ${n(c.aggregator, 2)}, NATS ${n(c.nats, 2)}, Redis ${n(c.redis, 2)}`
    : '–';

/** The npm command line that reproduces a run (without --write-docs). */
export function commandLine(script: string, argv: string[]): string {
  const args = argv.filter((a) => a !== '--write-docs');
  return args.length ? `npm run ${script} -- ${args.join(' ')}` : `npm run ${script}`;
}

export function markdown(r: ScaleResult): string {
  const m = r.memory;
  const v = r.verdict;
  const agreement = r.agreement
    .map(
      (c) =>
        `| ${new Date(c.second * 1000).toISOString().slice(11, 19)} | ${n(c.report)} | ${n(c.ss)} | ${n(c.serverOpen)} | ${n(c.heartbeatUsers)} | ${n(c.connecting)} |`,
    )
    .join('\n');
  const failures = Object.entries(r.errors.connectFailures).filter(([, x]) => x > 0);
  return `### ${r.date.slice(0, 16).replace('T', ' ')} UTC — ${n(r.options.users)} users${v.allHeld ? ' held' : ': NOT all held'}

Command: \`${r.command}\` (${r.workers.length} worker processes, ${r.serverProcs} chat server processes, Node ${r.node})${r.note ? `. ${r.note}` : ''}

| figure | value |
|---|---|
| users held through the hold (report, lowest second) | ${n(r.held)} of ${n(r.options.users)} over ${r.holdSeconds} s |
| most users on one worker process | ${n(r.maxPerWorker)} (capacity ${r.workers
    .map((w) => `${n(w.capacity)} ${w.capacityLimit}`)
    .filter((x, i, a) => a.indexOf(x) === i)
    .join(', ')}) |
| arrivals | ${n(r.arrival.started)} started of ${n(r.arrival.scheduled)} scheduled, ${n(r.arrival.dropped)} dropped; ramp rate ${n(r.arrival.achieved, 1)} users/s achieved of ${n(r.arrival.target)} targeted; all ${n(r.options.users)} active ${n(r.arrival.allActiveAfterS)} s after the start (ramp ${n(r.arrival.rampS)} s); start lateness p99 ${n(r.arrival.startLatenessP99Ms, 1)} ms |
| generator RSS idle → held | ${n(m.generator.idleMiB, 1)} MiB → ${n(m.generator.heldMiB, 1)} MiB (${m.generator.processes} processes) = **${n(m.generator.kibPerUser, 2)} KiB per user** |
| chat server RSS idle → held | ${n(m.server.idleMiB, 1)} MiB → ${n(m.server.heldMiB, 1)} MiB (${m.server.processes} processes) = **${n(m.server.kibPerUser, 2)} KiB per user** |
| controller, aggregator, NATS, Redis RSS (held) | ${n(m.controllerMiB, 1)}, ${n(m.aggregatorMiB, 1)}, ${n(m.natsMiB, 1)}, ${n(m.redisMiB, 1)} MiB |
| CPU, cores during the ramp | ${cores(r.cpu.ramp)} |
| CPU, cores during the hold | ${cores(r.cpu.hold)} |
| heartbeat response time | p99 ${n(r.heartbeat.p99Ms, 3)} ms, p99.9 ${n(r.heartbeat.p999Ms, 3)} ms, max ${n(r.heartbeat.maxMs, 3)} ms over ${n(r.heartbeat.count)}; worst second's p99 in the hold ${n(r.heartbeat.worstSecondP99InHoldMs, 3)} ms |
| errors | ${n(r.errors.total)}${
    Object.keys(r.errors.byKind).length
      ? ` (${Object.entries(r.errors.byKind)
          .map(([k, x]) => `${k} ${n(x)}`)
          .join(', ')})`
      : ''
  }; users failed ${n(r.errors.usersFailed)}, dropped ${n(r.errors.usersDropped)}; connect failures ${failures.length ? failures.map(([k, x]) => `${k} ${n(x)}`).join(', ') : '0'} |
| generator health (worst) | loop delay p99 ${n(r.health.loopDelayP99MaxMs, 1)} ms, CPU ${n(r.health.cpuPctMax)} %, saturated seconds ${n(r.health.secondsSaturated)} |
| kernel | port range ${r.kernel.portRange}, conntrack max ${n(r.kernel.conntrackMax)} (${r.kernel.conntrackInUse ? `${n(r.kernel.conntrackCount)} tracked` : 'nothing tracked'})${r.kernel.changes.length ? `; changed: ${r.kernel.changes.join('; ')}` : '; nothing changed'} |
| run | ${v.state}${v.stopReason ? ` (${v.stopReason})` : ''} |

Users counted four ways at the same second during the hold (report \`users.active\`; \`ss -tn state established '( sport = :PORT )'\`; the chat server's /stats \`connections.open\`; the workers' heartbeats); still connecting = established by the kernel, not yet accepted by the chat server (ss − chat server)${v.serverCaughtUpAfterS !== null ? `; the server had accepted every connection ${n(v.serverCaughtUpAfterS)} s after the ramp` : ''}:

| time (UTC) | report | ss | chat server | heartbeats | still connecting |
|---|---:|---:|---:|---:|---:|
${agreement}
`;
}

/** Appends `entry` at the end of the section under `heading` (created at the end of the file if missing). */
export function appendToSection(path: string, heading: string, entry: string): void {
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  if (!doc.includes(`\n${heading}\n`)) doc = `${doc.trimEnd()}\n\n${heading}\n`;
  const start = doc.indexOf(`\n${heading}\n`) + 1;
  const next = doc.indexOf('\n## ', start + heading.length);
  const end = next < 0 ? doc.length : next + 1;
  const section = `${doc.slice(start, end).trimEnd()}\n\n${entry.trim()}\n`;
  writeFileSync(path, doc.slice(0, start) + section + (next < 0 ? '' : `\n${doc.slice(end)}`));
}
