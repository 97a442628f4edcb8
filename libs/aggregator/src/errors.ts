export type AggregatorErrorCode = 'LF_ERR_AGG_NO_PLAN' | 'LF_ERR_AGG_BAD_PLAN';

/** An aggregator failure with a stable code (a run whose plan cannot be found or read). */
export class AggregatorError extends Error {
  override readonly name = 'AggregatorError';
  constructor(
    readonly code: AggregatorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
