export { ConfigError, StartupError, causeOf, whereOf } from './errors.js';
export { parseDuration, parseInteger, parseBoolean, parseAddressList, ipv4ToInt, intToIpv4 } from './parse.js';
export { loadSettings, describeSettings, type Setting, type SettingsSpec, type SettingsOf } from './settings.js';
export { TargetAllowlist, DEFAULT_ALLOWED_TARGETS } from './allowlist.js';
export { natsConnectOptions, redisConnectOptions, connectionSecrets, NATS_RECONNECT } from './connections.js';
export { connectOrWait } from './nats-connect.js';
export * from './specs.js';
