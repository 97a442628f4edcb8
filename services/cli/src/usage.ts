import {
  aggregatorSpec,
  baselineSpec,
  chatServerSpec,
  compareSpec,
  controllerSpec,
  describeSettings,
  planSpec,
  runSpec,
  submitSpec,
  workerSpec,
  type SettingsSpec,
} from '@loadfleet/config';

interface CommandHelp {
  /** The command line, after "loadfleet". */
  synopsis: string;
  about: string;
  /** Its settings (each a --flag and a LOADFLEET_* variable). */
  spec?: SettingsSpec;
}

/** Every command's own usage: `loadfleet help COMMAND` and `loadfleet COMMAND --help` print it. */
export const COMMAND_HELP: Record<string, CommandHelp> = {
  run: {
    synopsis: 'run FILE [--out DIR] [--target HOST:PORT] [--baseline REPORT] [--export csv,jsonl] [--seed N] [--quiet]',
    about: 'run a scenario in this process, write a report',
    spec: runSpec,
  },
  validate: { synopsis: 'validate FILE', about: 'check a scenario without running it' },
  'chat-server': {
    synopsis: 'chat-server [--port 7000] [--procs N] [--http-port 7001] ...',
    about: 'the reference chat server (the system under test)',
    spec: chatServerSpec,
  },
  submit: {
    synopsis: 'submit FILE --api URL [--token T] [--follow] [--out DIR]',
    about: 'run a scenario on a farm; with --follow, live progress,\nthe report, and the exit code of the verdict',
    spec: submitSpec,
  },
  compare: {
    synopsis: 'compare BASE CURRENT [--api URL] [--out DIR] [--all]',
    about:
      "two runs (report.json files, or run ids on --api): what changed beyond\nthe runs' own noise; compare.json, compare.html; exit 99 on a regression",
    spec: compareSpec,
  },
  baseline: {
    synopsis: 'baseline RUN_ID --api URL | baseline --scenario NAME --api URL',
    about:
      "mark a farm run as its scenario's baseline (relative thresholds:\n'p99(response.chat) < baseline * 1.10'), or show it",
    spec: baselineSpec,
  },
  plan: {
    synopsis: 'plan --users N [--per-user-kb K] [--ips-per-host N] [--host-ram GB] [--json]',
    about: 'hosts, worker processes, source IPs and RAM a load needs',
    spec: planSpec,
  },
  controller: {
    synopsis: 'controller [--port 8080] [--host 127.0.0.1] [--insecure] ...',
    about: "the farm's HTTP API, run queue and pacing (LOADFLEET_API_TOKEN)",
    spec: controllerSpec,
  },
  worker: {
    synopsis: 'worker [--capacity N] [--procs N] [--weight W]',
    about: 'a farm worker (NATS_URL, REDIS_URL): pulls quota, runs users',
    spec: workerSpec,
  },
  aggregator: {
    synopsis: 'aggregator',
    about: 'a farm aggregator (NATS_URL, REDIS_URL): merges stats, writes reports',
    spec: aggregatorSpec,
  },
};

const EXIT_CODES =
  'exit codes: 0 passed, 99 a threshold failed (compare: a regression), 98 aborted by a threshold, 1 run failed, 2 invalid input';

/** The overview: one entry per command. */
export function overview(): string {
  const lines = ['loadfleet — load tests for stateful chat-room services', '', 'usage:'];
  for (const h of Object.values(COMMAND_HELP)) {
    const about = h.about.split('\n').map((l) => `${' '.repeat(38)}${l}`);
    const head = `  loadfleet ${h.synopsis}`;
    if (head.length < 37) lines.push(`${head.padEnd(38)}${about[0]!.trimStart()}`, ...about.slice(1));
    else lines.push(head, ...about);
  }
  lines.push("  loadfleet help [COMMAND]            this text, or one command's own usage", '', EXIT_CODES, '');
  return lines.join('\n');
}

/** One command's usage, with every setting it reads. */
export function commandUsage(name: string): string | null {
  const h = COMMAND_HELP[name];
  if (!h) return null;
  const parts = [`usage: loadfleet ${h.synopsis}`, '', h.about.replace(/\n/g, ' ')];
  if (h.spec && Object.keys(h.spec).length > 0)
    parts.push('', 'options (each also a LOADFLEET_* variable):', describeSettings(h.spec));
  return `${parts.join('\n')}\n`;
}
