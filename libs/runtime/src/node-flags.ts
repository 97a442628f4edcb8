/**
 * The V8 flags a generator process should run with (GENERATOR_NODE_FLAGS in
 * libs/config) must be on its command line: V8 sizes its heap when the process
 * starts, and v8.setFlagsFromString() later does not resize it. So whoever starts
 * a generator process passes them, and a process started without them starts its
 * work in a child that has them (services/worker's supervisor, the CLI's `run`).
 */

/** The option a flag sets: `--max-semi-space-size=2` → `max-semi-space-size` (V8 reads `_` as `-`). */
export function flagName(flag: string): string {
  const eq = flag.indexOf('=');
  return (eq < 0 ? flag : flag.slice(0, eq)).replace(/^--/, '').replace(/_/g, '-');
}

/**
 * The flags of `wanted` whose option this process does not already set, on its
 * command line (`execArgv`) or in NODE_OPTIONS. An option set to another value is
 * left as it is: whoever started the process chose it.
 */
export function missingNodeFlags(
  wanted: readonly string[],
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): string[] {
  const set = new Set([...execArgv, ...nodeOptions.split(/\s+/)].filter((f) => f.startsWith('--')).map(flagName));
  return wanted.filter((f) => !set.has(flagName(f)));
}

/** The execArgv of a child process: this process's own, and the wanted flags it lacks. */
export function childExecArgv(
  wanted: readonly string[],
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): string[] {
  return [...execArgv, ...missingNodeFlags(wanted, execArgv, nodeOptions)];
}
