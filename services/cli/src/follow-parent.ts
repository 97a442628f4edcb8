/**
 * `npx loadfleet …` (npm exec, npm run) runs this process below `sh -c`, and the
 * shell does not pass signals on: SIGTERM to npx's PID reaches the shell, the shell
 * dies, and this process would run on as an orphan holding its ports. So, when npm
 * started us, we follow the parent: once it is gone (we were re-parented), we take
 * the SIGTERM it could not pass on and shut down gracefully like any service does.
 * Started any other way (node, the bin directly, a container), nothing changes:
 * `nohup loadfleet controller &` keeps running after its shell exits.
 */
export function followParent(env: NodeJS.ProcessEnv = process.env, everyMs = 250): void {
  if (!startedByNpm(env)) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, everyMs);
  timer.unref();
}

/** npm sets npm_command (exec, run-script, …) and npm_execpath for what it runs. */
export function startedByNpm(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.npm_command || env.npm_execpath);
}
