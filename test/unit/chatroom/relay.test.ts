import { eventKindOf } from '@loadfleet/protocol';
import { describe, expect, it } from 'vitest';
import {
  EVENT,
  MeshDecoder,
  MeshRelay,
  encodeCount,
  encodeEventRecord,
  encodeHello,
  type MeshLinks,
} from '@loadfleet/chatroom';
import { makeCore, member } from './fakes.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

/** Three processes' cores and relays, linked in memory; `flush()` runs every scheduled relay flush. */
function cluster(n = 3) {
  const pending: (() => void)[] = [];
  const relays: MeshRelay[] = [];
  const sent: { from: number; to: number; bytes: number }[] = [];
  const envs = Array.from({ length: n }, (_, slot) => {
    const links: MeshLinks = {
      send: (to, data) => {
        sent.push({ from: slot, to, bytes: data.length });
        relays[to]!.receive(slot, data);
      },
    };
    const relay = new MeshRelay(slot, n, links, (f) => pending.push(f));
    relays.push(relay);
    const env = makeCore({ relay });
    relay.attach(env.core);
    return env;
  });
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) relays[a]!.linkUp(b);
  const flush = () => {
    while (pending.length > 0) pending.shift()!();
    for (const e of envs) e.flush();
  };
  return { envs, relays, sent, flush };
}

describe('mesh relay', () => {
  it('tells every process the member counts, so each knows who holds members of a room', () => {
    const { envs, relays, flush } = cluster();
    member(envs[0]!, 1, 'r');
    member(envs[0]!, 2, 'r');
    member(envs[1]!, 3, 'r');
    flush();
    for (const r of relays) {
      expect([...r.table.get('r')!]).toEqual([2, 1, 0]);
      expect(r.table.members).toBe(3);
    }
    expect(envs[0]!.core.fanout.rooms.get('r')!.memberCount).toBe(3);
    expect(envs[1]!.core.fanout.rooms.get('r')!.remote).toBe(2);
  });

  it('sends an event only to the processes with members, as the encoded frame, and they deliver it', () => {
    const { envs, sent, flush } = cluster();
    const a = member(envs[0]!, 1, 'r');
    const b = member(envs[1]!, 2, 'r');
    member(envs[2]!, 3, 'other');
    flush();
    sent.splice(0);
    a.send({ seq: 3, sentAt: 9, chat: { room: 'r', text: 'across' } });
    flush();
    expect(sent.map((x) => [x.from, x.to])).toEqual([[0, 1]]);
    const got = b.t.frames().filter((f) => f.event?.chat);
    expect(got.map((f) => [f.event!.chat!.text, f.event!.originUser, f.event!.originSentAt])).toEqual([
      ['across', 1, 9],
    ]);
    expect(envs[0]!.core.stats().relay).toMatchObject({ framesOut: 1 });
    expect(envs[1]!.core.stats().relay).toMatchObject({ framesIn: 1 });
    expect(envs[1]!.core.stats().eventsOut.chat).toBe(1);
    expect(envs[2]!.core.stats().relay.framesIn).toBe(0);
  });

  it('announces a leave to the other processes even when no local member is left', () => {
    const { envs, flush } = cluster(2);
    const a = member(envs[0]!, 1, 'r');
    const b = member(envs[1]!, 2, 'r');
    flush();
    envs[0]!.core.closed(a.s);
    flush();
    const leaves = b.t.frames().filter((f) => eventKindOf(f) === 'leave');
    expect(leaves).toHaveLength(1);
    expect(leaves[0]!.event!.leave!.memberCount).toBe(1);
    expect(envs[0]!.core.fanout.rooms.size).toBe(0);
    expect(envs[1]!.core.stats().eventsCreated.leave).toBe(0);
  });

  it('forgets the members of a process whose link went down, and learns them again when it comes back', () => {
    const { envs, relays, flush } = cluster(2);
    member(envs[0]!, 1, 'r');
    member(envs[1]!, 2, 'r');
    member(envs[1]!, 3, 'r');
    flush();
    relays[0]!.linkDown(1);
    expect(relays[0]!.table.total('r')).toBe(1);
    expect(envs[0]!.core.fanout.rooms.get('r')!.remote).toBe(0);
    relays[0]!.linkUp(1);
    relays[1]!.linkUp(0);
    expect(relays[0]!.table.total('r')).toBe(3);
    expect(envs[0]!.core.fanout.rooms.get('r')!.remote).toBe(2);
  });

  it('a remote event reaches the local members of a core, and remote counts join the member count', () => {
    const env = makeCore();
    const m = member(env, 1);
    env.flush();
    env.core.fanout.setRemote('r', 10);
    env.core.fanout.deliverRemote('r', EVENT.chat, bytes(2, 0x08, 0x01));
    env.core.fanout.deliverRemote('nowhere', EVENT.chat, bytes(1));
    env.flush();
    expect(m.t.written.at(-1)).toEqual(bytes(2, 0x08, 0x01));
    const stats = env.core.stats();
    expect(stats.eventsOut.chat).toBe(1);
    expect(stats.relay.framesIn).toBe(2);
    m.send({ seq: 5, joinRoom: { room: 'r' } });
    expect(m.t.frames().at(-1)!.joined!.memberCount).toBe(11);
  });
});

describe('mesh records', () => {
  it('decode the same whichever way the stream is cut', () => {
    const stream = Buffer.concat([
      encodeHello(3),
      encodeCount('ルーム', 12),
      encodeEventRecord('r', 4, bytes(1, 2, 3)),
      encodeCount('', 0),
    ]);
    const expected = [
      ['hello', 3],
      ['count', 'ルーム', 12],
      ['event', 'r', 4, [1, 2, 3]],
      ['count', '', 0],
    ];
    for (const cut of [1, 2, 5, 7, stream.length]) {
      const got: unknown[] = [];
      const dec = new MeshDecoder();
      const sink = {
        hello: (slot: number) => got.push(['hello', slot]),
        count: (room: string, n: number) => got.push(['count', room, n]),
        event: (room: string, kind: number, frame: Uint8Array) => got.push(['event', room, kind, [...frame]]),
      };
      for (let i = 0; i < stream.length; i += cut) dec.feed(stream.subarray(i, i + cut), sink);
      expect(got).toEqual(expected);
    }
  });
});
