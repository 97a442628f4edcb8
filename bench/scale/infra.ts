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

/**
 * The kernel settings that limit how many connections this host holds. Connection
 * tracking is the one a run may outgrow: it is raised (root) only when the
 * connections of the run would not fit, and every change is returned to be reported.
 */
/** What checkKernel found (and changed). */
export interface KernelFacts {
  portRange: string | null;
  conntrackMax: number | null;
  conntrackCount: number | null;
  conntrackInUse: boolean;
  somaxconn: number | null;
  changes: string[];
}

export function checkKernel(connections: number): KernelFacts {
  const changes: string[] = [];
  const portRange = readNumber('/proc/sys/net/ipv4/ip_local_port_range');
  const conntrackMax = readNumber('/proc/sys/net/netfilter/nf_conntrack_max')?.[0] ?? null;
  const conntrackCount = readNumber('/proc/sys/net/netfilter/nf_conntrack_count')?.[0] ?? null;
  // Both ends of a loopback connection are one conntrack entry; TIME_WAIT ones linger 2 minutes.
  // An empty table means nothing is tracked (no netfilter rule asks for it): then the limit does not apply.
  const need = Math.ceil((conntrackCount ?? 0) + connections * 1.5);
  if (conntrackMax !== null && (conntrackCount ?? 0) > 0 && need > conntrackMax) {
    try {
      execFileSync('sysctl', ['-w', `net.netfilter.nf_conntrack_max=${need}`], { stdio: 'pipe' });
      changes.push(`net.netfilter.nf_conntrack_max ${conntrackMax} → ${need}`);
    } catch (err) {
      changes.push(
        `could not raise net.netfilter.nf_conntrack_max (${conntrackMax}): ${(err as Error).message.split('\n')[0]}`,
      );
    }
  }
  return {
    portRange: portRange ? `${portRange[0]}-${portRange[1]}` : null,
    conntrackMax,
    conntrackCount,
    conntrackInUse: (conntrackCount ?? 0) > 0,
    somaxconn: readNumber('/proc/sys/net/core/somaxconn')?.[0] ?? null,
    changes,
  };
}

/** Established TCP connections whose local port is `port` (the server side), counted by `ss`. */
export function establishedOn(port: number): number {
  const out = execFileSync('sh', ['-c', `ss -Htn state established '( sport = :${port} )' | wc -l`], {
    encoding: 'utf8',
  });
  return Number(out.trim());
}
