import { ConfigError } from '@loadfleet/config';
import { runAggregator } from '@loadfleet/aggregator-service';
import { runChatServer } from '@loadfleet/chat-server';
import { runController } from '@loadfleet/controller-service';
import { runFarmWorker } from '@loadfleet/worker-service';
import { planCommand } from './commands/plan.js';
import { runCommand } from './commands/run.js';
import { submitCommand } from './commands/submit.js';
import { validateCommand } from './commands/validate.js';
import { isRelaunched } from './relaunch.js';
import { commandUsage, overview } from './usage.js';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  run: runCommand,
  validate: validateCommand,
  'chat-server': runChatServer,
  submit: submitCommand,
  plan: planCommand,
  controller: runController,
  worker: runFarmWorker,
  aggregator: runAggregator,
};

/** The `loadfleet` command: returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    const about = command === 'help' && args[0] !== undefined ? commandUsage(args[0]) : overview();
    if (about === null) {
      process.stderr.write(`loadfleet: unknown command "${args[0]}"\n\n${overview()}`);
      return 2;
    }
    process.stdout.write(about);
    return command ? 0 : 2;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    process.stderr.write(`loadfleet: unknown command "${command}"\n\n${overview()}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(commandUsage(command)!);
    return 0;
  }
  try {
    return await runHandler(command, handler, args);
  } finally {
    // A relaunched command (relaunch.ts) holds an IPC channel to its launcher: let go, so the process can end.
    if (isRelaunched() && process.connected) process.disconnect();
  }
}

async function runHandler(command: string, handler: (args: string[]) => Promise<number>, args: string[]) {
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
