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
   * carries them: a field, an error message, a URL. Checked on every line.
   */
  secrets?: readonly string[];
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
  };
  return pino(opts, scrubbing(destination({ fd: 2, sync: false }), options.secrets ?? []));
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

function scrubbing(dest: DestinationStream, secrets: readonly string[]): DestinationStream {
  const list = [...new Set(secrets.filter((s) => s.length > 0))];
  return { write: (line: string) => dest.write(scrubSecrets(line, list)) };
}
