import { eventKindOf } from '@loadfleet/protocol';
import { describe, expect, it } from 'vitest';
import { makeCore, member } from './fakes.js';

describe('room fan-out', () => {
  it('encodes an event once and writes the same bytes to every member, sender included', () => {
    const env = makeCore();
    const members = [1, 2, 3].map((u) => {
      const m = member(env, u);
      env.flush();
      return m;
    });
    members.forEach((m) => m.t.written.splice(0));
    members[0]!.send({ seq: 3, sentAt: 77, chat: { room: 'r', text: 'hello' } });
    members[1]!.send({ seq: 3, sentAt: 78, gift: { room: 'r', giftId: 1, count: 2, value: 3 } });
    env.flush();
    // One buffer per member holding both events (coalesced), and it is the same object for all.
    const pushed = members.map((m) => m.t.written.at(-1)!);
    expect(pushed[1]).toBe(pushed[0]);
    expect(pushed[2]).toBe(pushed[0]);
    const events = members[2]!.t.frames().filter((f) => f.body === 'event');
    expect(events.map((f) => eventKindOf(f))).toEqual(['chat', 'gift']);
    expect(events[0]!.event).toMatchObject({ room: 'r', originUser: 1, originSentAt: 77 });
    const stats = env.core.stats();
    expect(stats.eventsOut).toMatchObject({ chat: 3, gift: 3, join: 1 + 2 + 3 });
    expect(stats.eventsCreated).toMatchObject({ chat: 1, gift: 1, join: 3 });
  });

  it('batches likes per room: one LikesEvent with the total, the senders and the earliest sentAt', () => {
    const env = makeCore({ likeBatch: 200 });
    const a = member(env, 1);
    const b = member(env, 2);
    a.send({ seq: 5, sentAt: 300, like: { room: 'r', count: 2 } });
    b.send({ seq: 5, sentAt: 100, like: { room: 'r' } });
    a.send({ seq: 6, sentAt: 200, like: { room: 'r', count: 1 } });
    env.flush();
    expect(a.t.frames().filter((f) => eventKindOf(f) === 'likes')).toHaveLength(0);
    env.core.fanout.flushLikes();
    env.flush();
    const likes = b.t.frames().filter((f) => eventKindOf(f) === 'likes');
    expect(likes).toHaveLength(1);
    expect(likes[0]!.event).toMatchObject({ originSentAt: 100, likes: { count: 4, senders: 3 } });
    expect(env.core.stats().repliesOut.ack).toBe(3);
    env.core.fanout.flushLikes();
    env.flush();
    expect(b.t.frames().filter((f) => eventKindOf(f) === 'likes')).toHaveLength(1);
  });

  it('with --like-batch 0 broadcasts every like alone', () => {
    const env = makeCore({ likeBatch: 0 });
    const a = member(env, 1);
    a.send({ seq: 5, sentAt: 300, like: { room: 'r', count: 2 } });
    a.send({ seq: 6, sentAt: 301, like: { room: 'r' } });
    env.flush();
    const likes = a.t.frames().filter((f) => eventKindOf(f) === 'likes');
    expect(likes.map((f) => f.event!.likes!.count)).toEqual([2, 1]);
  });

  it('tells the remaining members when someone leaves or disconnects, with the member count', () => {
    const env = makeCore();
    const [a, b, c] = [1, 2, 3].map((u) => member(env, u));
    b!.send({ seq: 9, sentAt: 50, leave: { room: 'r' } });
    env.core.closed(c!.s);
    env.flush();
    const leaves = a!.t.frames().filter((f) => eventKindOf(f) === 'leave');
    expect(leaves.map((f) => [f.event!.originUser, f.event!.leave!.memberCount])).toEqual([
      [2, 2],
      [3, 1],
    ]);
    expect(leaves[0]!.event!.originSentAt).toBe(50);
    expect(b!.t.frames().filter((f) => eventKindOf(f) === 'leave')).toHaveLength(0);
    expect(env.core.stats().rooms).toEqual({ count: 1, members: 1 });
    env.core.closed(a!.s);
    env.flush();
    expect(env.core.stats().rooms).toEqual({ count: 0, members: 0 });
  });

  it('drops a slow consumer once its queue passes --max-outbound, and counts only members reached', () => {
    const env = makeCore({ maxOutbound: 1000 });
    const fast = member(env, 1);
    const slow = member(env, 2);
    env.flush();
    slow.t.stuck = true;
    for (let i = 0; i < 20; i++) fast.send({ seq: 10 + i, chat: { room: 'r', text: 'y'.repeat(100) } });
    env.flush();
    expect(slow.t.destroyed).toBe(true);
    expect(fast.t.destroyed).toBe(false);
    fast.send({ seq: 99, chat: { room: 'r', text: 'z' } });
    env.flush();
    env.core.closed(slow.s);
    const stats = env.core.stats();
    expect(stats.slowConsumerDrops).toBe(1);
    expect(stats.connections.closed.slowConsumer).toBe(1);
    // 21 chats to the fast member; the slow one was dropped on the write of the 20-chat batch.
    expect(stats.eventsOut.chat).toBe(21);
  });
});
