export type CapacityErrorCode = 'LF_ERR_CAPACITY_NO_SOURCE' | 'LF_ERR_CAPACITY_INPUT';

/** A capacity decision that cannot be made: no usable source address, or impossible inputs to a plan. */
export class CapacityError extends Error {
  override readonly name = 'CapacityError';
  constructor(
    readonly code: CapacityErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
