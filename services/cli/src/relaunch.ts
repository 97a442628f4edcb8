import { fork } from 'node:child_process';

/** Set in the environment of a relaunched command: it never relaunches again. */
export const RELAUNCHED_ENV = 'LF_RELAUNCHED';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs this very command again in a child process with `execArgv` (V8 flags this
 * process was not started with: V8 sizes its heap at start) and resolves with the
 * child's exit code. The child has a process group of its own, so a Ctrl-C reaches
 * it once, through here; it inherits stdio, so its output and progress are the
 * command's. A child whose launcher dies stops (process 'disconnect').
 */
export function relaunch(execArgv: string[]): Promise<number> {
  const child = fork(process.argv[1]!, process.argv.slice(2), {
    execArgv,
    env: { ...process.env, [RELAUNCHED_ENV]: '1' },
    stdio: 'inherit',
    detached: true,
  });
  const forward = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const s of FORWARDED) process.on(s, forward);
  return new Promise((resolve) => {
    child.once('error', (err) => {
      process.stderr.write(`loadfleet: could not relaunch with ${execArgv.join(' ')}: ${err.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}

/** True in a relaunched child: stop when the launcher is gone (killed, even with SIGKILL). */
export function isRelaunched(): boolean {
  return process.env[RELAUNCHED_ENV] === '1';
}
