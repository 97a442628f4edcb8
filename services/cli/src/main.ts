import { ConfigError } from '@loadfleet/config';
import { runAggregator } from '@loadfleet/aggregator-service';
import { runChatServer } from '@loadfleet/chat-server';
import { runController } from '@loadfleet/controller-service';
import { runWorker } from '@loadfleet/worker-service';
import { planCommand } from './commands/plan.js';
import { runCommand } from './commands/run.js';
import { submitCommand } from './commands/submit.js';
import { validateCommand } from './commands/validate.js';

const USAGE = `loadfleet — load tests for stateful chat-room services

usage:
  loadfleet run FILE [--out DIR] [--target HOST:PORT] [--seed N] [--quiet]
                                      run a scenario in this process, write a report
  loadfleet validate FILE             check a scenario without running it
  loadfleet chat-server [--port 7000] [--procs N] [--http-port 7001] [--extra-latency MS] [--drop-rate R] ...
                                      the reference chat server (the system under test);
                                      loadfleet chat-server --help lists every option
  loadfleet submit FILE --api URL [--token T] [--follow] [--out DIR]
                                      run a scenario on a farm; with --follow, live progress,
                                      the report, and the exit code of the verdict
  loadfleet plan --users N [--per-user-kb K] [--ips-per-host N] [--host-ram GB] [--json]
                                      hosts, worker processes, source IPs and RAM a load needs
  loadfleet controller [--port 8080] [--host 127.0.0.1] [--insecure] ...
                                      the farm's HTTP API, run queue and pacing (LOADFLEET_API_TOKEN)
  loadfleet worker [--capacity N] [--procs N] [--weight W]
                                      a farm worker (NATS_URL, REDIS_URL): pulls quota, runs users
  loadfleet aggregator                a farm aggregator (NATS_URL, REDIS_URL): merges stats, writes reports
  loadfleet help [COMMAND]

exit codes: 0 passed, 99 a threshold failed, 98 aborted by a threshold, 1 run failed, 2 invalid input
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  run: runCommand,
  validate: validateCommand,
  'chat-server': async (args) => {
    await runChatServer(args);
    return 0;
  },
  submit: submitCommand,
  plan: planCommand,
  controller: runController,
  worker: runWorker,
  aggregator: runAggregator,
};

/** The `loadfleet` command: returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    process.stderr.write(`loadfleet: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await handler(args);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`loadfleet ${command}: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`loadfleet ${command}: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}
