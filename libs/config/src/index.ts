export { ConfigError } from './errors.js';
export { parseDuration, parseInteger, parseBoolean, parseAddressList, ipv4ToInt, intToIpv4 } from './parse.js';
export { loadSettings, describeSettings, type Setting, type SettingsSpec, type SettingsOf } from './settings.js';
export * from './specs.js';
