import { ConfigError } from './errors.js';

/** One setting: a --flag, the matching LOADFLEET_* environment variable, and a default. */
export interface Setting<T> {
  help: string;
  default: T;
  parse(raw: string): T;
  /** A flag that takes no value (--insecure). */
  switch?: boolean;
}
export type SettingsSpec = Record<string, Setting<unknown>>;
export type SettingsOf<S extends SettingsSpec> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/** camelCase key -> kebab-case flag (--login-timeout) and env (LOADFLEET_LOGIN_TIMEOUT). */
const flagOf = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envOf = (key: string) => `LOADFLEET_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/**
 * Resolves settings: flag, then environment, then default. Returns the values
 * and the arguments that were not flags (positional arguments, in order).
 * Unknown flags are errors.
 */
export function loadSettings<S extends SettingsSpec>(
  spec: S,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): { settings: SettingsOf<S>; positional: string[] } {
  const byFlag = new Map(Object.keys(spec).map((k) => [flagOf(k), k]));
  const raw = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const key = byFlag.get(name);
    if (key === undefined) throw new ConfigError(`unknown option --${name}`);
    if (spec[key]!.switch && inline === undefined) {
      raw.set(key, 'true');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new ConfigError(`option --${name} needs a value`);
    raw.set(key, value);
  }
  const settings: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(spec)) {
    const value = raw.get(key) ?? env[envOf(key)];
    if (value === undefined) {
      settings[key] = setting.default;
      continue;
    }
    try {
      settings[key] = setting.parse(value);
    } catch (err) {
      const where = raw.has(key) ? `--${flagOf(key)}` : envOf(key);
      throw new ConfigError(`${where}: ${(err as Error).message}`, { cause: err });
    }
  }
  return { settings: settings as SettingsOf<S>, positional };
}

/** Help text for a spec: one line per setting. */
export function describeSettings(spec: SettingsSpec): string {
  return Object.entries(spec)
    .map(([k, s]) => `  --${flagOf(k).padEnd(22)} ${s.help} (env ${envOf(k)}, default ${JSON.stringify(s.default)})`)
    .join('\n');
}
