export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: 'LF_ERR_ENGINE_STATE' | 'LF_ERR_TEMPLATE' | 'LF_ERR_PLUGIN_NOT_LOADED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
