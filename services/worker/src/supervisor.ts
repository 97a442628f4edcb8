import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@loadfleet/log';
import { onStopSignal } from '@loadfleet/lifecycle';

/** Set in the environment of the processes a supervisor starts: they run a worker, never fork again. */
export const CHILD_ENV = 'LF_WORKER_CHILD';

/**
 * `--procs N`: N worker processes under one command, so one container uses
 * several cores (each with its own event loop and open-files limit). Children get
 * distinct ids (<id>-<i>; with one process, <id>); none is restarted; SIGTERM/SIGINT
 * is forwarded. Each runs with `execArgv` (the V8 flags of `--node-flags`): a worker
 * started without them runs as one child that has them. Resolves when every child
 * has exited: 0 when all exited 0.
 */
export async function superviseWorkers(
  argv: string[],
  procs: number,
  baseId: string,
  log: Logger,
  execArgv: string[],
): Promise<number> {
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  const children: ChildProcess[] = [];
  const exits: Promise<number>[] = [];
  let stopping = false;
  for (let i = 1; i <= procs; i++) {
    const id = procs === 1 ? baseId : `${baseId}-${i}`;
    const child = fork(main, [...argv, '--id', id], {
      env: { ...process.env, [CHILD_ENV]: '1' },
      execArgv,
      stdio: 'inherit',
    });
    children.push(child);
    exits.push(
      new Promise((resolve) =>
        child.once('exit', (code, signal) => {
          if (!stopping) log.error({ id, pid: child.pid, code, signal }, 'worker process exited; not restarted');
          resolve(code ?? 1);
        }),
      ),
    );
  }
  log.info({ procs, pids: children.map((c) => c.pid), execArgv }, 'worker processes started');
  const dispose = onStopSignal((signal) => {
    stopping = true;
    for (const c of children)
      if (c.exitCode === null && c.signalCode === null) c.kill(signal === 'SIGINT' ? 'SIGTERM' : signal);
  });
  const codes = await Promise.all(exits);
  dispose();
  return codes.every((c) => c === 0) ? 0 : 1;
}
