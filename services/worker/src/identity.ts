import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** host-pid-random, reduced to a token that fits subjects and keys ([A-Za-z0-9_-], ≤ 64). */
export function defaultId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .slice(0, 40) || 'host';
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
