export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'LF_ERR_CONFIG';
}
