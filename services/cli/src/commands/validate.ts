import { loadScenarioFile, ScenarioError } from '@loadfleet/scenario';
import { EXIT_INVALID_INPUT } from '@loadfleet/report';

export async function validateCommand(args: string[]): Promise<number> {
  const file = args[0];
  if (!file || args.length > 1) {
    process.stderr.write('usage: loadfleet validate FILE\n');
    return EXIT_INVALID_INPUT;
  }
  try {
    const plan = loadScenarioFile(file);
    const users =
      plan.load.model === 'closed'
        ? `${plan.load.users} users (closed model)`
        : `${plan.load.phases.length} phase(s) (open model)`;
    process.stdout.write(
      `${file}: valid — "${plan.name}", ${plan.sessions.length} session(s), ${users}, ${plan.thresholds.length} threshold(s)\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof ScenarioError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    throw err;
  }
}
