/** Stable codes the API returns in `{error: {code, message}}`, with the HTTP status each maps to. */
export const ERROR_STATUS = {
  LF_ERR_REQUEST: 400,
  LF_ERR_SCENARIO: 400,
  LF_ERR_TARGET_NOT_ALLOWED: 400,
  LF_ERR_UNAUTHORIZED: 401,
  LF_ERR_FORBIDDEN: 403,
  LF_ERR_RUN_NOT_FOUND: 404,
  LF_ERR_REPORT_NOT_READY: 404,
  LF_ERR_NOT_FOUND: 404,
  LF_ERR_RUN_ENDED: 409,
  LF_ERR_BODY_TOO_LARGE: 413,
  LF_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  LF_ERR_OVER_CAPACITY: 422,
  LF_ERR_UNAVAILABLE: 503,
  LF_ERR_INTERNAL: 500,
} as const;

export type ControllerErrorCode = keyof typeof ERROR_STATUS;

/** One problem in a request or a scenario, pointing at where it is. */
export interface ApiIssue {
  line: number;
  col: number;
  path: string;
  message: string;
  /** The file the problem is in, when it is not the scenario itself (an uploaded CSV feeder). */
  file?: string;
}

/** An error the API answers with its code and status; `issues` lists every problem found. */
export class ControllerError extends Error {
  override readonly name = 'ControllerError';
  readonly status: number;

  constructor(
    readonly code: ControllerErrorCode,
    message: string,
    readonly issues: readonly ApiIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = ERROR_STATUS[code];
  }

  /** The response body. */
  toBody(): { error: { code: string; message: string; issues?: readonly ApiIssue[] } } {
    return {
      error: { code: this.code, message: this.message, ...(this.issues.length > 0 ? { issues: this.issues } : {}) },
    };
  }
}

/** A run moved along a transition its state does not allow. */
export class RunStateError extends Error {
  override readonly name = 'RunStateError';
  readonly code = 'LF_ERR_RUN_STATE';
}
