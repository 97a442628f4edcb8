import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { ConfigError } from './errors.js';

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
 * Addresses and ranges are matched by Node's net.BlockList (used as an allow
 * list), which also reads IPv6 in any spelling and IPv4-mapped IPv6 addresses.
 */
export class TargetAllowlist {
  private readonly any: boolean;
  private readonly addresses = new BlockList();
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
        this.addresses.addSubnet(m[1]!, bits, 'ipv4');
      } else if (isIPv6(bare(item))) this.addresses.addAddress(bare(item), 'ipv6');
      else if (/^[\w.:[\]-]+$/.test(item)) this.names.add(item.toLowerCase());
      else throw new ConfigError(`"${item}" is not a host name, IPv4 address or CIDR, IPv6 address, or *`);
    }
  }

  allows(host: string): boolean {
    if (this.any) return true;
    if (isIPv4(host)) return this.addresses.check(host, 'ipv4');
    const address = bare(host);
    if (isIPv6(address)) return this.addresses.check(address, 'ipv6');
    return this.names.has(host.toLowerCase());
  }

  /** Why `host` is refused, for logs and API answers. */
  refusal(host: string, port?: number): string {
    const where = port === undefined ? host : `${host}:${port}`;
    return `${where} is not an allowed target (allowed: ${this.spec})`;
  }
}

/** An IPv6 literal as URLs write it ([::1]) without its brackets. */
function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}
