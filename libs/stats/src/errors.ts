/** Stable codes for stats errors; the API and the logs show these. */
export type StatsErrorCode =
  /** Bytes that are not a stats window (truncated, corrupted, or another format). */
  | 'LF_ERR_STATS_DECODE'
  /** A window that cannot be encoded (e.g. a second outside 0..2^32-1). */
  | 'LF_ERR_STATS_ENCODE'
  /** A window labelled with something other than an integer second in 0..2^32-1. */
  | 'LF_ERR_STATS_SECOND'
  /** One name registered as two kinds (a counter and a histogram, say). */
  | 'LF_ERR_STATS_NAME';

export class StatsError extends Error {
  override readonly name = 'StatsError';
  constructor(
    readonly code: StatsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
