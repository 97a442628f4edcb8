import { parseArgs } from 'node:util';
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
 * Resolves settings: flag (`--name value`, `--name=value`; node:util parseArgs),
 * then environment, then default. Returns the values and the arguments that
 * were not flags (positional arguments, in order). Unknown flags are errors.
 */
export function loadSettings<S extends SettingsSpec>(
  spec: S,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): { settings: SettingsOf<S>; positional: string[] } {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const [key, setting] of Object.entries(spec))
    options[flagOf(key)] = { type: setting.switch ? 'boolean' : 'string' };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new ConfigError(argumentError(err as Error & { code?: string }), { cause: err });
  }
  const raw = new Map<string, string>();
  for (const key of Object.keys(spec)) {
    const v = parsed.values[flagOf(key)];
    if (v !== undefined) raw.set(key, String(v));
  }
  const positional = parsed.positionals;
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

/** node:util parseArgs's complaint, in this project's words (its own names a '--' workaround users do not need). */
function argumentError(err: Error & { code?: string }): string {
  const option = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(err.message)
        ? `option ${option} takes no value`
        : `option ${option} needs a value`;
    default:
      return err.message;
  }
}
