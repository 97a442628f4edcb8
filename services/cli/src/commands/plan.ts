import { cpus } from 'node:os';
import {
  CapacityError,
  DEFAULT_CAPACITY_CEILING,
  MEASURED,
  parsePortRange,
  planFleet,
  readHostFacts,
  type FleetPlan,
  type FleetPlanInput,
} from '@loadfleet/capacity';
import { ConfigError, describeSettings, loadSettings, planSpec } from '@loadfleet/config';
import { EXIT_INVALID_INPUT } from '@loadfleet/report';

const USAGE = `usage: loadfleet plan --users N [--per-user-kb K] [--ips-per-host N] [--host-ram GB] [--cores C]
                      [--open-files F] [--port-range 1024-65535] [--json] ...
How many generator hosts, worker processes, source IPs and how much RAM holding N users takes.
Figures not given are loadfleet's measured ones (npm run bench:scale) and this host's limits.

${describeSettings(planSpec)}
`;

/** Where each input came from, for the reader to judge the answer. */
type Sources = Partial<Record<keyof FleetPlanInput, string>>;

/** `loadfleet plan`: the capacity arithmetic of libs/capacity for a number of users; exit 0, or 2 on bad input. */
export async function planCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { settings: s, positional } = loadSettings(planSpec, args);
  if (s.users <= 0 || positional.length > 0) {
    process.stderr.write(USAGE);
    return EXIT_INVALID_INPUT;
  }
  const host = readHostFacts();
  const portRange = s.portRange ? parsePortRange(s.portRange) : host.portRange;
  if (s.portRange && !portRange) throw new ConfigError(`--port-range: "${s.portRange}" is not a range like 1024-65535`);
  const measured = MEASURED.measuredAt ? `measured ${MEASURED.measuredAt.slice(0, 10)}` : 'design default';
  const src: Sources = {};
  const pick = <K extends keyof FleetPlanInput>(key: K, given: number, fallback: number, why: string): number => {
    src[key] = given > 0 ? 'given' : why;
    return given > 0 ? given : fallback;
  };
  const input: FleetPlanInput = {
    users: s.users,
    perUserKb: pick('perUserKb', s.perUserKb, MEASURED.generatorKbPerUser, measured),
    idleProcessMb: pick('idleProcessMb', s.idleMb, MEASURED.generatorIdleMb, measured),
    usersPerProcess: pick(
      'usersPerProcess',
      s.usersPerProcess,
      Math.min(DEFAULT_CAPACITY_CEILING, MEASURED.usersPerProcess),
      measured,
    ),
    usersPerCore: pick(
      'usersPerCore',
      s.usersPerCore,
      MEASURED.usersPerCore,
      `${measured}, heartbeat every ${MEASURED.heartbeatS} s`,
    ),
    openFiles: pick('openFiles', s.openFiles, host.openFiles ?? 1024, 'this process'),
    hostRamBytes: pick('hostRamBytes', s.hostRam * 2 ** 30, host.memTotalBytes, 'this host'),
    cores: pick('cores', s.cores, cpus().length, 'this host'),
    portRange: portRange ?? { low: 32768, high: 60999 },
    ipsPerHost: s.ipsPerHost,
    serverKbPerUser: pick('serverKbPerUser', s.serverKb, MEASURED.serverKbPerUser, measured),
  };
  src.portRange = s.portRange ? 'given' : portRange ? 'this host' : 'Linux default';
  let plan: FleetPlan;
  try {
    plan = planFleet(input);
  } catch (err) {
    if (!(err instanceof CapacityError)) throw err;
    process.stderr.write(`loadfleet plan: ${err.message}\n`);
    return EXIT_INVALID_INPUT;
  }
  if (s.json) {
    const from = { measuredAt: MEASURED.measuredAt || null, command: MEASURED.command };
    process.stdout.write(JSON.stringify({ input, sources: src, measured: from, plan }, null, 2) + '\n');
  } else process.stdout.write(renderPlan(plan, input, src));
  return 0;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const gb = (b: number) => `${(b / 2 ** 30).toFixed(1)} GB`;

function renderPlan(p: FleetPlan, i: FleetPlanInput, src: Sources): string {
  const rows: [string, string, string][] = [
    ['hosts', '', n(p.hosts)],
    ['users', n(p.usersPerHost), n(p.users)],
    ['worker processes', n(p.processesPerHost), n(p.processes)],
    ['source IPs', n(p.sourceIpsPerHost), n(p.sourceIps)],
    ['RAM', gb(p.ramPerHostBytes), gb(p.ramTotalBytes)],
    ['cores', n(p.coresPerHost), n(p.coresPerHost * p.hosts)],
  ];
  const w = [18, 14, 14];
  const line = (c: string[]) => `  ${c[0]!.padEnd(w[0]!)}${c[1]!.padStart(w[1]!)}${c[2]!.padStart(w[2]!)}\n`;
  let out = `loadfleet plan: ${n(p.users)} concurrent users\n\n` + line(['', 'per host', 'total']);
  for (const r of rows) out += line(r);
  out += `\n  a host is bound by ${p.hostLimit}; a worker process by ${p.processLimit} (${n(p.usersPerProcess)} users)\n`;
  if (p.targetRamBytes !== null) out += `  the target needs about ${gb(p.targetRamBytes)} for the connections\n`;
  out += '\nwhy:\n' + p.reasons.map((r) => `  - ${r}\n`).join('');
  const from = (k: keyof FleetPlanInput, v: string) => `  ${k} = ${v} (${src[k] ?? 'given'})\n`;
  out += '\nfrom:\n';
  out += from('perUserKb', `${i.perUserKb} KB`) + from('idleProcessMb', `${i.idleProcessMb} MB`);
  out += from('usersPerProcess', n(i.usersPerProcess)) + from('usersPerCore', n(i.usersPerCore));
  out += from('openFiles', n(i.openFiles)) + from('portRange', `${i.portRange.low}-${i.portRange.high}`);
  out += from('hostRamBytes', gb(i.hostRamBytes)) + from('cores', String(i.cores));
  if (MEASURED.measuredAt) out += `  measured figures: ${MEASURED.command} (${MEASURED.measuredAt})\n`;
  return out;
}
