export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'LF_ERR_CONFIG';
}

/**
 * A service could not start because something it needs is unreachable or unusable
 * (Redis, NATS, a port): one line saying what and where, and exit 2 — never a stack trace.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  readonly code = 'LF_ERR_STARTUP';
}

/** "host:port" of a URL without its credentials, for a message. */
export function whereOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(an unparsable URL)';
  }
}

/** The socket error's code and message under a client's error (ECONNREFUSED, ENOTFOUND, …). */
export function causeOf(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 5 && e instanceof Error && !(e as NodeJS.ErrnoException).code && e.cause !== undefined; i++)
    e = e.cause;
  if (e instanceof AggregateError && e.errors.length > 0) e = e.errors[0];
  const { code, message } = (e ?? {}) as NodeJS.ErrnoException;
  if (typeof code === 'string' && message && !message.includes(code)) return `${code}: ${message}`;
  return message || code || String(e);
}
