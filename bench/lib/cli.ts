/** The value after `--name` on the benchmark's command line, or `def`. */
export function opt(name: string, def: string | number): string {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? String(def) : (argv[i + 1] ?? '');
}

/** A progress line on stderr, with the time of day (stdout is kept for the figures). */
export const log = (...a: unknown[]): void => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
