// Shared NATS and Redis for the scale and farm benchmarks: a namespace of their own,
// deleted afterwards (never the servers themselves: other people use them); and the
// kernel settings a big run depends on, raised only when the run needs it.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { connect } from 'nats';

export const urls = {
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
};

export const newNamespace = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Deletes the namespace's Redis keys and JetStream streams / KV buckets; every step runs. */
export async function cleanupNamespace(ns: string): Promise<void> {
  const failures: Error[] = [];
  const redis = new Redis(urls.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${ns}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch (err) {
    failures.push(err as Error);
  } finally {
    redis.disconnect();
  }
  try {
    const nc = await connect({ servers: urls.natsUrl, timeout: 2000, reconnect: false });
    try {
      const jsm = await nc.jetstreamManager();
      const doomed: string[] = [];
      for await (const info of jsm.streams.list()) {
        const bare = info.config.name.replace(/^(KV|OBJ)_/, '');
        if (bare === ns || bare.startsWith(`${ns}-`)) doomed.push(info.config.name);
      }
      for (const name of doomed) await jsm.streams.delete(name);
    } finally {
      await nc.close();
    }
  } catch (err) {
    failures.push(err as Error);
  }
  if (failures.length > 0) console.error(`cleanup of namespace ${ns}:`, failures.map((e) => e.message).join('; '));
}

const readNumber = (path: string): number[] | null => {
  try {
    return readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);
  } catch {
    return null;
  }
};

const sysctl = (name: string, value: string | number, changes: string[], was: string | number): boolean => {
  try {
    execFileSync('sysctl', ['-w', `${name}=${value}`], { stdio: 'pipe' });
    changes.push(`${name} ${was} → ${value}`);
    return true;
  } catch (err) {
    changes.push(`could not raise ${name} (${was}): ${(err as Error).message.split('\n')[0]}`);
    return false;
  }
};

/** What checkKernel found (and changed, or kept). */
export interface KernelFacts {
  portRange: string | null;
  conntrackMax: number | null;
  conntrackCount: number | null;
  conntrackInUse: boolean;
  somaxconn: number | null;
  tcpMem: number[] | null;
  changes: string[];
  kept: string[];
}

/**
 * The kernel settings that limit how many connections this host holds, raised (root)
 * only when the run's connections would not fit; every decision is returned, to be
 * printed and reported:
 * - `net.netfilter.nf_conntrack_max`: both ends of a loopback connection are one entry
 *   (TIME_WAIT ones linger 2 minutes); 1.5 entries per connection are made room for;
 * - `net.ipv4.ip_local_port_range`: each source address gives one port per connection
 *   (docs/SCALE.md, "Source addresses and ports"); widened to 1024–65535 when a
 *   worker's share over its `addressesPerWorker` addresses needs more than 80 % of it;
 * - source addresses: 127.0.0.0/8 is local on `lo` (the kernel's local route), so
 *   every 127.x.y.z can be bound without adding an address; checked, never changed;
 * - `net.ipv4.tcp_mem` (pages): the TCP buffers of all sockets; raised so that its
 *   pressure threshold is above ~1 KiB queued per connection (both ends).
 */
export function checkKernel(
  connections: number,
  { perWorker = connections, addressesPerWorker = 8 }: { perWorker?: number; addressesPerWorker?: number } = {},
): KernelFacts {
  const changes: string[] = [];
  const kept: string[] = [];
  const portRange = readNumber('/proc/sys/net/ipv4/ip_local_port_range');
  const conntrackMax = readNumber('/proc/sys/net/netfilter/nf_conntrack_max')?.[0] ?? null;
  const conntrackCount = readNumber('/proc/sys/net/netfilter/nf_conntrack_count')?.[0] ?? null;
  const need = Math.ceil((conntrackCount ?? 0) + connections * 1.5);
  // Raised even when nothing is tracked yet: a netfilter rule added meanwhile (another
  // user's namespace, a firewall) would start tracking, and a full table drops new connections.
  if (conntrackMax !== null && need > conntrackMax) {
    sysctl('net.netfilter.nf_conntrack_max', need, changes, conntrackMax);
  } else if (conntrackMax !== null) {
    kept.push(`nf_conntrack_max ${conntrackMax} ≥ ${need} needed (${conntrackCount ?? 0} tracked now)`);
  }
  const [lo, hi] = portRange ?? [];
  let range: [number, number] | null = lo !== undefined && hi !== undefined ? [lo, hi] : null;
  const perAddress = Math.ceil(perWorker / addressesPerWorker);
  if (range && perAddress > 0.8 * (range[1] - range[0] + 1)) {
    if (sysctl('net.ipv4.ip_local_port_range', '1024 65535', changes, `${range[0]}-${range[1]}`)) range = [1024, 65535];
  } else if (range) {
    kept.push(`ip_local_port_range ${range[0]}-${range[1]}: ${perAddress} ports per source address needed`);
  }
  let loopback = false;
  try {
    loopback = /local 127\.0\.0\.0\/8 dev lo/.test(
      execFileSync('ip', ['route', 'show', 'table', 'local'], { encoding: 'utf8' }),
    );
  } catch {
    /* no iproute2: assumed, as on any Linux */
    loopback = true;
  }
  kept.push(
    loopback
      ? 'source addresses: 127.0.0.0/8 is local on lo, nothing to add'
      : 'source addresses: NO local route for 127.0.0.0/8',
  );
  const tcpMem = readNumber('/proc/sys/net/ipv4/tcp_mem');
  // ~1 KiB queued per socket at pressure, both ends of every connection (4 KiB pages).
  const pressureNeed = Math.ceil((connections * 2 * 1024) / 4096);
  const [memLow, memPressure, memHigh] = tcpMem ?? [];
  if (tcpMem && memLow !== undefined && memPressure !== undefined && memHigh !== undefined) {
    if (memPressure < pressureNeed) {
      const v = [Math.max(memLow, pressureNeed >> 1), pressureNeed, Math.max(memHigh, pressureNeed * 2)];
      sysctl('net.ipv4.tcp_mem', v.join(' '), changes, tcpMem.join(' '));
    } else {
      kept.push(`tcp_mem ${tcpMem.join(' ')} pages (pressure ≥ ${pressureNeed} needed)`);
    }
  }
  return {
    portRange: range ? `${range[0]}-${range[1]}` : null,
    conntrackMax,
    conntrackCount,
    conntrackInUse: (conntrackCount ?? 0) > 0,
    somaxconn: readNumber('/proc/sys/net/core/somaxconn')?.[0] ?? null,
    tcpMem: readNumber('/proc/sys/net/ipv4/tcp_mem'),
    changes,
    kept,
  };
}

/** TCP sockets in use and in TIME_WAIT, and pages of TCP buffer memory (/proc/net/sockstat). */
export interface TcpSockstat {
  inuse: number | undefined;
  tw: number | undefined;
  memPages: number | undefined;
}

/** TCP sockets and pages of TCP buffer memory in use on the host (/proc/net/sockstat). */
export function tcpSockstat(): TcpSockstat | null {
  try {
    const line = readFileSync('/proc/net/sockstat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('TCP:'));
    if (line === undefined) return null;
    const f: Record<string, number> = Object.fromEntries(
      [...line.matchAll(/(\w+) (\d+)/g)].map((m) => [m[1], Number(m[2])]),
    );
    return { inuse: f.inuse, tw: f.tw, memPages: f.mem };
  } catch {
    return null;
  }
}

/** Established TCP connections whose local port is `port` (the server side), counted by `ss`. */
export function establishedOn(port: number): number {
  const out = execFileSync('sh', ['-c', `ss -Htn state established '( sport = :${port} )' | wc -l`], {
    encoding: 'utf8',
  });
  return Number(out.trim());
}
