export interface RetryOptions {
  /** Give up once this long (ms) has passed since the first attempt; 0 = one attempt. */
  forMs: number;
  /** Wait between attempts (ms). */
  everyMs: number;
  /** A failure that will not mend: no more attempts. */
  permanent?: (err: unknown) => boolean;
  /** Stop retrying (the process is shutting down). */
  cancelled?: () => boolean;
  /** Told of each failure that will be tried again (attempt counts from 1). */
  onRetry?: (err: unknown, attempt: number) => void;
  now?: () => number;
}

/** Why retry() gave up: the last error as `cause`, and how many attempts were made. */
export class RetryGaveUp extends Error {
  readonly code = 'LF_ERR_RETRY_GAVE_UP';
  constructor(
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${(cause as Error)?.message ?? String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'RetryGaveUp';
  }
}

/**
 * Runs `attempt` until it resolves, waiting `everyMs` between failures, for at
 * most `forMs`: the one retry loop of the services (store writes at a run's end,
 * the report job, reads after an outage). Rejects with RetryGaveUp (the last
 * error as its cause) when the time is up, the failure is permanent, or retrying
 * is cancelled.
 */
export async function retry<T>(attempt: (n: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const now = o.now ?? Date.now;
  const until = now() + o.forMs;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (now() >= until || o.permanent?.(err) || o.cancelled?.()) throw new RetryGaveUp(n, err);
      o.onRetry?.(err, n);
      await new Promise((r) => setTimeout(r, o.everyMs));
    }
  }
}
