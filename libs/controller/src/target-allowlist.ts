import { isIPv4 } from 'node:net';
import { ControllerError } from './errors.js';

interface Cidr {
  base: number;
  mask: number;
}

/**
 * Which targets a scenario submitted over the API may put load on: IPv4
 * addresses and CIDR ranges, exact host names (case-insensitive), IPv6
 * literals, or `*` for anything. A farm is a weapon; by default it only points
 * at this machine.
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
        if (!isIPv4(m[1]!) || bits > 32)
          throw new ControllerError('LF_ERR_REQUEST', `"${item}" is not an IPv4 address or CIDR`);
        const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
        this.cidrs.push({ base: (ipv4(m[1]!) & mask) >>> 0, mask });
      } else this.names.add(item.toLowerCase());
    }
  }

  allows(host: string): boolean {
    if (this.any) return true;
    if (isIPv4(host)) {
      const ip = ipv4(host);
      return this.cidrs.some((c) => (ip & c.mask) >>> 0 === c.base);
    }
    return this.names.has(host.toLowerCase().replace(/^\[|\]$/g, ''));
  }
}

function ipv4(s: string): number {
  return s.split('.').reduce((acc, p) => acc * 256 + Number(p), 0) >>> 0;
}
