/** A port the server needs is taken (or not ours to take): what, where, and why, in one line. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
  readonly code = 'LF_ERR_LISTEN';
  constructor(
    readonly what: string,
    readonly where: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot listen on ${where} (${what}): ${reason}`, options);
  }

  static from(what: string, where: string, err: NodeJS.ErrnoException): ListenError {
    const reason =
      err.code === 'EADDRINUSE'
        ? 'address already in use'
        : err.code === 'EACCES'
          ? 'permission denied'
          : err.code === 'EADDRNOTAVAIL'
            ? 'address not available on this host'
            : err.message;
    return new ListenError(what, where, reason, { cause: err });
  }
}

/** The server could not start for another reason (a process died while starting). */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  readonly code = 'LF_ERR_STARTUP';
}
