export type WorkerErrorCode = 'LF_ERR_WORKER_PLAN' | 'LF_ERR_WORKER_STATE' | 'LF_ERR_WORKER_CONFIG';

/** A worker-side failure with a stable code (a bad RunSpec, a misuse of a run's lifecycle). */
export class WorkerError extends Error {
  override readonly name = 'WorkerError';
  constructor(
    readonly code: WorkerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
