import { parseDuration as durationMs } from '@loadfleet/schedule';
import { ConfigError } from './errors.js';

/** A setting's duration -> whole milliseconds, with the scenario's grammar ("250ms", "5s", "1m30s", or ms). */
export function parseDuration(raw: string): number {
  const ms = durationMs(raw);
  if (ms === undefined) throw new ConfigError(`"${raw}" is not a duration (e.g. 500ms, 5s, 1m30s)`);
  return Math.round(ms);
}

export function parseInteger(raw: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`"${raw}" is not a whole number from ${min} to ${max}`);
  }
  return n;
}

export function parseBoolean(raw: string): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`"${raw}" is not a boolean (true/false)`);
}

/** "a.b.c.d-a.b.c.e" ranges and comma-separated lists of IPv4 addresses -> every address. */
export function parseAddressList(raw: string): string[] {
  const out: string[] = [];
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [from, to] = item.split('-');
    if (to === undefined) {
      out.push(from!);
      continue;
    }
    const a = ipv4ToInt(from!);
    const b = ipv4ToInt(to);
    if (b < a) throw new ConfigError(`address range "${item}" runs backwards`);
    if (b - a > 65_535) throw new ConfigError(`address range "${item}" is larger than 65,536 addresses`);
    for (let i = a; i <= b; i++) out.push(intToIpv4(i));
  }
  return out;
}

export function ipv4ToInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new ConfigError(`"${ip}" is not an IPv4 address`);
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
