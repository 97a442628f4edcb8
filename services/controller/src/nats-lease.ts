import type { LeaseEntry, LeaseRecord, LeaseStore } from '@loadfleet/controller';
import type { KV } from 'nats';

/**
 * The controllers' lease in a JetStream KV bucket (`names.leaderBucket`, key
 * `names.leaseKey`): create and update are compare-and-set on the key's revision,
 * and revisions only grow, which makes the revision of the write that took the
 * lease a fencing token. NATS, not Redis: pacing needs only NATS, so a Redis
 * outage (which runs ride out) does not cost the leader its lease.
 */
export class NatsLeaseStore implements LeaseStore {
  constructor(
    private readonly kv: KV,
    private readonly key: string,
  ) {}

  async read(): Promise<LeaseEntry | null> {
    const e = await this.kv.get(this.key);
    if (e === null) return null;
    if (e.operation !== 'PUT') return { value: null, revision: e.revision };
    return { value: parse(e.value), revision: e.revision };
  }

  create(value: LeaseRecord): Promise<number> {
    return this.kv.create(this.key, encode(value));
  }

  update(value: LeaseRecord, revision: number): Promise<number> {
    return this.kv.update(this.key, encode(value), revision);
  }

  async release(revision: number): Promise<void> {
    await this.kv.delete(this.key, { previousSeq: revision });
  }
}

function encode(v: LeaseRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(v));
}

/** Whatever is in the entry: a value that is not a lease is a lease held by nobody known (it still blocks until it lapses). */
function parse(bytes: Uint8Array): LeaseRecord {
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes)) as Partial<LeaseRecord>;
    return { holder: String(v.holder ?? '?'), token: Number(v.token) || 0 };
  } catch {
    return { holder: '?', token: 0 };
  }
}
