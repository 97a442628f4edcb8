import { describe, expect, it } from 'vitest';
import {
  emptyStats,
  EVENT,
  frameAt,
  packBatch,
  RelayHub,
  RelayOutbox,
  renderPrometheus,
  sumStats,
} from '@loadfleet/chatroom';
import { makeCore, member } from './fakes.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('relay outbox (worker side)', () => {
  it('packs queued frames into one buffer and sums membership deltas; arms once per batch', () => {
    let armed = 0;
    const box = new RelayOutbox(() => armed++);
    box.memberDelta('a', 1);
    box.publish('a', 0, bytes(1, 2));
    box.publish('b', 4, bytes(3));
    box.memberDelta('a', 1);
    box.memberDelta('c', 1);
    box.memberDelta('c', -1);
    expect(armed).toBe(1);
    const batch = box.take()!;
    expect(batch.rooms).toEqual(['a', 'b']);
    expect([...batch.kinds]).toEqual([0, 4]);
    expect([...frameAt(batch, 0)]).toEqual([1, 2]);
    expect([...frameAt(batch, 1)]).toEqual([3]);
    expect(batch.deltas).toEqual(['a', 2]);
    expect(box.take()).toBeUndefined();
    box.publish('a', 0, bytes(9));
    expect(armed).toBe(2);
  });

  it('a core publishes its events and membership changes to its relay', () => {
    const box = new RelayOutbox(() => {});
    const env = makeCore({ relay: box });
    const m = member(env, 1);
    m.send({ seq: 3, chat: { room: 'r', text: 'x' } });
    const batch = box.take()!;
    expect(batch.deltas).toEqual(['r', 1]);
    expect(batch.rooms).toEqual(['r', 'r']);
  });

  it('announces a leave to the other processes even when no local member is left', () => {
    const box = new RelayOutbox(() => {});
    const env = makeCore({ relay: box });
    const m = member(env, 1);
    env.flush();
    env.core.fanout.setRemote('r', 3);
    box.take();
    env.core.closed(m.s);
    const batch = box.take()!;
    expect(batch.deltas).toEqual(['r', -1]);
    expect([...batch.kinds]).toEqual([EVENT.leave]);
    env.flush();
    expect(env.core.fanout.rooms.size).toBe(0);
  });
});

describe('relay hub (primary side)', () => {
  it('forwards events only to the other workers with members, and sends them the remote counts', () => {
    const hub = new RelayHub(3);
    hub.route(0, packBatch([], [], [], ['r', 2, 'q', 1], []));
    const joined = hub.route(1, packBatch([], [], [], ['r', 3], []));
    expect(joined.get(0)!.counts).toEqual(['r', 3]);
    expect(joined.get(1)!.counts).toEqual(['r', 2]);
    expect(joined.has(2)).toBe(false);
    const out = hub.route(0, packBatch(['r', 'q', 'r'], [0, 0, 2], [bytes(1), bytes(2, 2), bytes(3)], [], []));
    expect([...out.keys()]).toEqual([1]);
    const toB = out.get(1)!;
    expect(toB.rooms).toEqual(['r', 'r']);
    expect([...frameAt(toB, 1)]).toEqual([3]);
    expect([...toB.kinds]).toEqual([0, 2]);
    expect(hub.memberCount('r')).toBe(5);
    expect(hub.members).toBe(6);
  });

  it('forgets a dead worker and updates the others', () => {
    const hub = new RelayHub(2);
    hub.route(0, packBatch([], [], [], ['r', 2], []));
    hub.route(1, packBatch([], [], [], ['r', 1], []));
    const out = hub.removeSlot(1);
    expect(out.get(0)!.counts).toEqual(['r', 0]);
    expect(hub.members).toBe(2);
    hub.route(0, packBatch([], [], [], ['r', -2], []));
    expect(hub.roomCount).toBe(0);
  });

  it('a remote event reaches the local members of a worker core, and remote counts join the member count', () => {
    const env = makeCore();
    const m = member(env, 1);
    env.flush();
    env.core.fanout.setRemote('r', 10);
    env.core.fanout.deliverRemote('r', 0, bytes(2, 0x08, 0x01));
    env.core.fanout.deliverRemote('nowhere', 0, bytes(1));
    env.flush();
    expect(m.t.written.at(-1)).toEqual(bytes(2, 0x08, 0x01));
    const stats = env.core.stats();
    expect(stats.eventsOut.chat).toBe(1);
    expect(stats.relay.framesIn).toBe(2);
    m.send({ seq: 5, joinRoom: { room: 'r' } });
    expect(m.t.frames().at(-1)!.joined!.memberCount).toBe(11);
  });
});

describe('stats', () => {
  it('sums per-process snapshots and renders Prometheus text', () => {
    const a = emptyStats();
    a.messagesIn.chat = 2;
    a.connections.closed.peer = 1;
    const b = emptyStats();
    b.messagesIn.chat = 3;
    b.bytesIn = 10;
    const total = sumStats(emptyStats(), a);
    sumStats(total, b);
    expect(total.messagesIn.chat).toBe(5);
    expect(total.connections.closed.peer).toBe(1);
    expect(total.bytesIn).toBe(10);
    const text = renderPrometheus(total);
    expect(text).toContain('loadfleet_chat_messages_in_total{kind="chat"} 5\n');
    expect(text).toContain('# TYPE loadfleet_chat_bytes_in_total counter\nloadfleet_chat_bytes_in_total 10\n');
  });
});
