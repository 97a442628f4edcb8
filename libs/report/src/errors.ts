/** Stable codes for report errors. */
export type ReportErrorCode =
  /** report.json or report.html could not be written. */
  'LF_ERR_REPORT_WRITE';

export class ReportError extends Error {
  override readonly name = 'ReportError';
  constructor(
    readonly code: ReportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
