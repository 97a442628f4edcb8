/** Stable codes for protocol errors; reports and the API show these. */
export type ProtocolErrorCode =
  'LF_ERR_FRAME_TOO_LARGE' | 'LF_ERR_BAD_LENGTH' | 'LF_ERR_UNDECODABLE' | 'LF_ERR_EMPTY_BODY';

/**
 * Bad bytes from a peer. It concerns one connection only: the owner counts it
 * and closes that connection. It is returned, never thrown across the decoder.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
