import { pino, destination, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line. */
const REDACT = [
  'token',
  '*.token',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
];

/** A pino JSON logger on stderr, so stdout stays free for a command's own output. */
export function createLogger(name: string, options: { level?: string } = {}): Logger {
  const opts: LoggerOptions = {
    name,
    level: options.level ?? process.env.LOADFLEET_LOG_LEVEL ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  return pino(opts, destination({ fd: 2, sync: false }));
}
