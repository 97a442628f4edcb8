import { resolve } from 'node:path';
import { ConfigError, loadSettings, runSpec } from '@loadfleet/config';
import { EXIT_INVALID_INPUT, renderSummary, writeReport } from '@loadfleet/report';
import { EngineError, loadProtocol } from '@loadfleet/engine';
import { LocalRunner } from '@loadfleet/runner';
import { loadScenarioFile, ScenarioError, type Plan, type Target } from '@loadfleet/scenario';
import { missingNodeFlags } from '@loadfleet/runtime';
import { ProgressPrinter } from '../progress.js';
import { isRelaunched, relaunch } from '../relaunch.js';

/** `loadfleet run FILE`: the whole job in this process, ending in a report; exits by the verdict. */
export async function runCommand(args: string[]): Promise<number> {
  let plan: Plan;
  let settings;
  try {
    const parsed = loadSettings(runSpec, args);
    settings = parsed.settings;
    if (parsed.positional.length !== 1)
      throw new ConfigError('usage: loadfleet run FILE [--out DIR] [--target HOST:PORT] [--seed N] [--quiet]');
    plan = loadScenarioFile(parsed.positional[0]!);
    if (settings.target) plan = withTarget(plan, settings.target);
  } catch (err) {
    if (err instanceof ScenarioError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    throw err;
  }

  // The run's users live in this process: it needs the generator's V8 flags from its start.
  if (!isRelaunched() && missingNodeFlags(settings.nodeFlags).length > 0) {
    return relaunch([...process.execArgv, ...missingNodeFlags(settings.nodeFlags)]);
  }

  let protocol;
  try {
    protocol = await loadProtocol(plan.protocol);
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    process.stderr.write(`loadfleet: ${err.message}\n`);
    return EXIT_INVALID_INPUT;
  }
  const progress = settings.quiet ? null : new ProgressPrinter();
  const runner = new LocalRunner(plan, { seed: settings.seed, protocol, onSecond: (s) => progress?.update(s) });
  const onSignal = () => runner.stop('interrupted (SIGINT)');
  process.once('SIGINT', onSignal);
  const onLauncherGone = () => runner.stop('interrupted (the launching process is gone)');
  if (isRelaunched()) process.once('disconnect', onLauncherGone);
  process.stderr.write(
    `loadfleet: run ${runner.runId} of "${plan.name}" against ${plan.targets.map((t) => `${t.host}:${t.port}`).join(', ')}\n`,
  );
  const report = await runner.run();
  process.off('SIGINT', onSignal);
  process.off('disconnect', onLauncherGone);
  progress?.done();

  const dir = resolve(settings.out || `reports/${runner.runId}`);
  const { htmlPath, jsonPath } = await writeReport(dir, report);
  process.stdout.write(`${renderSummary(report, { color: process.stdout.isTTY })}\n`);
  process.stdout.write(`report: ${htmlPath}\n        ${jsonPath}\n`);
  return report.exitCode;
}

/** `--target [transport://]host:port[/path]`: the plan's targets replaced; the transport is the first target's unless given. */
function withTarget(plan: Plan, address: string): Plan {
  const m = /^(?:(tcp|tls|ws|wss):\/\/)?(.+):(\d{1,5})(\/\S*)?$/.exec(address);
  if (!m) throw new ConfigError(`--target: "${address}" is not [transport://]host:port`);
  const first = plan.targets[0];
  const transport = (m[1] ?? first?.transport ?? 'tcp') as Target['transport'];
  const ws = transport === 'ws' || transport === 'wss';
  const secure = transport === 'tls' || transport === 'wss';
  const target: Target = {
    host: m[2]!.replace(/^\[(.*)\]$/, '$1'),
    port: Number(m[3]),
    weight: 1,
    transport,
    path: ws ? (m[4] ?? (first?.path || '/')) : '',
    tls: secure ? (first?.tls ?? { rejectUnauthorized: true }) : null,
  };
  return { ...plan, targets: [target] };
}
