/** Stable codes for protocol errors; reports and the API show these. */
export type ProtocolErrorCode =
  | 'LF_ERR_FRAME_TOO_LARGE'
  | 'LF_ERR_BAD_LENGTH'
  | 'LF_ERR_BAD_HEADER'
  | 'LF_ERR_UNKNOWN_TYPE'
  | 'LF_ERR_UNDECODABLE'
  | 'LF_ERR_EMPTY_BODY';

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

/** Where a .proto file or a binding went wrong: file and line, for `file:line:col` messages. */
export interface SchemaIssue {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** The .proto files of a protocol cannot be used (syntax, unknown types, missing imports). */
export class ProtoSchemaError extends Error {
  override readonly name = 'ProtoSchemaError';
  readonly code = 'LF_ERR_PROTO_SCHEMA';
  constructor(
    readonly issues: SchemaIssue[],
    options?: { cause?: unknown },
  ) {
    super(issues.map((i) => `${i.file}:${i.line}:${i.col} ${i.message}`).join('\n'), options);
  }
}
