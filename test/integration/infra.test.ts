// The test infrastructure itself: both servers answer, namespaces keep tests apart,
// and cleanup removes exactly one namespace's keys and streams.
import { Redis } from 'ioredis';
import { AckPolicy, connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsAvailable, redisAvailable, streamInNamespace, useInfra, type Infra } from '../helpers/infra.js';

let infra: Infra;
let redis: Redis;
let nc: NatsConnection;

beforeAll(async () => {
  infra = await useInfra();
  redis = new Redis(infra.redisUrl);
  nc = await connect({ servers: infra.natsUrl });
});

afterAll(async () => {
  // Every step runs even if one fails; the cleanup is last so that a failed test leaves nothing behind.
  await Promise.allSettled([redis?.quit(), nc?.close()]);
  await infra?.cleanup();
});

describe('test infrastructure', () => {
  it('hands out a fresh, well-formed namespace per call', async () => {
    const other = await useInfra();
    expect(infra.namespace).toMatch(/^t-[0-9a-f]{12}$/);
    expect(other.namespace).not.toBe(infra.namespace);
    expect([other.redisUrl, other.natsUrl, other.source]).toEqual([infra.redisUrl, infra.natsUrl, infra.source]);
    await other.cleanup();
  });

  it('probes report the servers in use, and a closed port as unavailable', async () => {
    expect(await redisAvailable(infra.redisUrl)).toBe(true);
    expect(await natsAvailable(infra.natsUrl)).toBe(true);
    expect(await redisAvailable('redis://127.0.0.1:1')).toBe(false);
    expect(await natsAvailable('nats://127.0.0.1:1')).toBe(false);
  });

  it('talks to Redis under the namespace', async () => {
    expect(await redis.ping()).toBe('PONG');
    const key = `${infra.namespace}:greeting`;
    await redis.set(key, 'hello');
    expect(await redis.get(key)).toBe('hello');
  });

  it('publishes to and consumes from a JetStream stream under the namespace', async () => {
    const ns = infra.namespace;
    const jsm = await nc.jetstreamManager();
    const stream = `${ns}-events`;
    await jsm.streams.add({ name: stream, subjects: [`${ns}.events.>`] });
    const js = nc.jetstream();
    for (let i = 0; i < 3; i++) await js.publish(`${ns}.events.e${i}`, new TextEncoder().encode(`m${i}`));

    await jsm.consumers.add(stream, { durable_name: 'reader', ack_policy: AckPolicy.Explicit });
    const consumer = await js.consumers.get(stream, 'reader');
    const got: string[] = [];
    for await (const m of await consumer.fetch({ max_messages: 3, expires: 5_000 })) {
      got.push(`${m.subject}=${m.string()}`);
      m.ack();
    }
    expect(got).toEqual([0, 1, 2].map((i) => `${ns}.events.e${i}=m${i}`));

    const kv = await js.views.kv(`${ns}-kv`);
    await kv.put('k', 'v');
    expect((await kv.get('k'))?.string()).toBe('v');
  });

  it("cleanup removes the namespace's keys, streams and buckets, and nothing of another namespace", async () => {
    const a = await useInfra();
    const b = await useInfra();
    const jsm = await nc.jetstreamManager();
    for (const ns of [a.namespace, b.namespace]) {
      await redis.set(`${ns}:one`, '1');
      await redis.hset(`${ns}:two`, 'f', 'v');
      await jsm.streams.add({ name: `${ns}-s`, subjects: [`${ns}.s.>`] });
      // Named outside the convention, but capturing only namespace subjects: still the test's.
      await jsm.streams.add({ name: `other_${ns.slice(2)}`, subjects: [`${ns}.o`] });
      await (await nc.jetstream().views.kv(`${ns}-kv`)).put('k', 'v');
    }
    const streamsOf = async (ns: string) => {
      const names: string[] = [];
      for await (const s of jsm.streams.list())
        if (streamInNamespace(ns, s.config.name, s.config.subjects)) names.push(s.config.name);
      return names.sort();
    };
    expect(await streamsOf(a.namespace)).toHaveLength(3);

    await a.cleanup();
    await a.cleanup(); // idempotent

    expect(await redis.exists(`${a.namespace}:one`, `${a.namespace}:two`)).toBe(0);
    expect(await streamsOf(a.namespace)).toEqual([]);
    expect(await redis.exists(`${b.namespace}:one`, `${b.namespace}:two`)).toBe(2);
    expect(await streamsOf(b.namespace)).toEqual(
      [`KV_${b.namespace}-kv`, `${b.namespace}-s`, `other_${b.namespace.slice(2)}`].sort(),
    );

    await b.cleanup();
    expect(await redis.exists(`${b.namespace}:one`)).toBe(0);
    expect(await streamsOf(b.namespace)).toEqual([]);
  });

  it('recognises the streams of a namespace', () => {
    const ns = 't-0123456789ab';
    expect(streamInNamespace(ns, ns)).toBe(true);
    expect(streamInNamespace(ns, `${ns}-orders`)).toBe(true);
    expect(streamInNamespace(ns, `KV_${ns}-cfg`)).toBe(true);
    expect(streamInNamespace(ns, `OBJ_${ns}_blobs`)).toBe(true);
    expect(streamInNamespace(ns, 'orders', [`${ns}.orders.>`, `${ns}.x`])).toBe(true);
    expect(streamInNamespace(ns, 'orders', [`${ns}.orders.>`, 'global.>'])).toBe(false);
    expect(streamInNamespace(ns, 't-0123456789abc')).toBe(false);
    expect(streamInNamespace(ns, 'KV_cfg')).toBe(false);
    expect(streamInNamespace(ns, 'orders')).toBe(false);
  });
});
