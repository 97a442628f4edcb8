import { isIPv4, isIPv6 } from 'node:net';
import { ConfigError } from './errors.js';

interface Cidr {
  base: number;
  mask: number;
}

/** The default: this machine only. */
export const DEFAULT_ALLOWED_TARGETS = '127.0.0.0/8,localhost,::1';

/**
 * Which targets the farm may put load on: IPv4 addresses and CIDR ranges,
 * exact host names (case-insensitive), IPv6 literals, or `*` for anything. A
 * farm is a weapon; by default it only points at this machine. The controller
 * checks every submitted scenario against it, and every worker checks it again
 * before it opens a socket (same syntax, same class).
 *
 * Only the host as written is judged: a name is allowed by name, never by what
 * it resolves to, and an address spelled unusually (`127.1`, `2130706433`) is
 * not an IPv4 address here, so it is refused unless listed as a name.
 */
export class TargetAllowlist {
  private readonly any: boolean;
  private readonly cidrs: Cidr[] = [];
  private readonly names = new Set<string>();

  constructor(readonly spec: string) {
    const items = spec
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    this.any = items.includes('*');
    for (const item of items) {
      if (item === '*') continue;
      const m = /^(\d+\.\d+\.\d+\.\d+)(?:\/(\d{1,2}))?$/.exec(item);
      if (m) {
        const bits = m[2] === undefined ? 32 : Number(m[2]);
        if (!isIPv4(m[1]!) || bits > 32) throw new ConfigError(`"${item}" is not an IPv4 address or CIDR`);
        const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
        this.cidrs.push({ base: (ipv4(m[1]!) & mask) >>> 0, mask });
      } else if (/^[\w.:[\]-]+$/.test(item)) this.names.add(canonical(item));
      else throw new ConfigError(`"${item}" is not a host name, IPv4 address or CIDR, IPv6 address, or *`);
    }
  }

  allows(host: string): boolean {
    if (this.any) return true;
    if (isIPv4(host)) {
      const ip = ipv4(host);
      return this.cidrs.some((c) => (ip & c.mask) >>> 0 === c.base);
    }
    return this.names.has(canonical(host));
  }

  /** Why `host` is refused, for logs and API answers. */
  refusal(host: string, port?: number): string {
    const where = port === undefined ? host : `${host}:${port}`;
    return `${where} is not an allowed target (allowed: ${this.spec})`;
  }
}

/** Lower-case, brackets off, and IPv6 literals in their one canonical spelling (0:0:0:0:0:0:0:1 is ::1). */
function canonical(host: string): string {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (!isIPv6(bare)) return bare;
  try {
    return new URL(`http://[${bare}]/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return bare;
  }
}

function ipv4(s: string): number {
  return s.split('.').reduce((acc, p) => acc * 256 + Number(p), 0) >>> 0;
}
