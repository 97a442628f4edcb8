import { pino, destination, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line. */
const REDACT = [
  'token',
  '*.token',
  'password',
  '*.password',
  'pass',
  '*.pass',
  'apiToken',
  'apiReadToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
];

const CENSOR = '[redacted]';

/** `scheme://user:password@` in any text: the password goes, whoever wrote the URL into a message. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^\s:@/"'\\]*):[^\s@/"'\\]+@/gi;

export interface LoggerSettings {
  level?: string;
  /**
   * Strings that must never appear in a line (API tokens, passwords), whatever
   * carries them: a field, an error message, a URL. Checked on every line; the
   * array is read again for each line, so secrets pushed to it later count too.
   */
  secrets?: readonly string[];
  /** Where lines go (default: stderr); tests read them. */
  destination?: DestinationStream;
}

/**
 * A pino JSON logger on stderr, so stdout stays free for a command's own output.
 * Every line is scrubbed of URL passwords and of the given secrets.
 */
export function createLogger(name: string, options: LoggerSettings = {}): Logger {
  const opts: LoggerOptions = {
    name,
    level: options.level ?? process.env.LOADFLEET_LOG_LEVEL ?? 'info',
    redact: { paths: REDACT, censor: CENSOR },
    hooks: {
      // A key a child logger already binds (workerId, runId) is not written a second time by a call that repeats it.
      logMethod(args, method) {
        const first: unknown = args[0];
        if (isFields(first)) args[0] = withoutBound(boundOf(this), first) as never;
        method.apply(this, args);
      },
    },
  };
  const dest = options.destination ?? destination({ fd: 2, sync: false });
  return uniqueChildKeys(pino(opts, scrubbing(dest, options.secrets ?? [])));
}

/** A logger's bindings, parsed once (pino keeps them as a JSON string). */
const bound = new WeakMap<object, Record<string, unknown>>();
function boundOf(logger: Logger): Record<string, unknown> {
  let b = bound.get(logger);
  if (!b) bound.set(logger, (b = logger.bindings()));
  return b;
}

function isFields(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !(v instanceof Error) && !Array.isArray(v);
}

/**
 * `fields` without the keys `bound` already has with the same value; a key bound
 * with another value is kept under `<key>_here`, so no line carries a key twice.
 */
export function withoutBound(bound: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const key of Object.keys(fields)) {
    if (!Object.prototype.hasOwnProperty.call(bound, key)) continue;
    out ??= { ...fields };
    const value = out[key];
    delete out[key];
    if (value !== bound[key]) out[`${key}_here`] = value;
  }
  return out ?? fields;
}

/** Children of children drop bindings their parent already has (pino would write both). */
function uniqueChildKeys(root: Logger): Logger {
  // pino's own child(); children inherit from their parent, so one override on the root serves them all.
  const pinoChild = root.child;
  root.child = function (this: Logger, bindings: Record<string, unknown>, options?: object) {
    return pinoChild.call(this, withoutBound(boundOf(this), bindings), options as never);
  } as unknown as Logger['child'];
  return root;
}
/** Text with URL passwords and every secret (as written, and as JSON escapes it) replaced. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text.includes('@') ? text.replace(URL_CREDENTIALS, `$1:${CENSOR}@`) : text;
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join(CENSOR);
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s && out.includes(escaped)) out = out.split(escaped).join(CENSOR);
  }
  return out;
}

/** `secrets` is read on every line: a service that learns a new secret (a token reloaded) pushes it there. */
function scrubbing(dest: DestinationStream, secrets: readonly string[]): DestinationStream {
  return {
    write: (line: string) =>
      dest.write(
        scrubSecrets(
          line,
          secrets.filter((s) => s.length > 0),
        ),
      ),
  };
}
