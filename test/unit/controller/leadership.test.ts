// Controller leadership without a network: the lease (a fake clock, a store in
// memory), fencing tokens, the run store refusing a replaced leader's writes, and
// the allocator of a new leader resuming a run's schedule where the old one stopped.
import { Fence } from '@loadfleet/bus';
import { LeaseKeeper, MemoryLeaseStore, MemoryRunStore, QuotaAllocator, newRunRecord } from '@loadfleet/controller';
import { describe, expect, it } from 'vitest';
import { SimWorker, T0, allGrants, openPlan, phase, simulate, sumCount } from './sim.js';

function clock(start = T0) {
  const c = { t: start, now: () => c.t };
  return c;
}

function keeper(store: MemoryLeaseStore, holder: string, c: { now: () => number }, ttlMs = 5000) {
  return new LeaseKeeper(store, { holder, ttlMs, renewEveryMs: 1000, marginMs: 1000, now: c.now });
}

describe('LeaseKeeper', () => {
  it('the first controller leads at once; a second follows while the lease is renewed', async () => {
    const store = new MemoryLeaseStore();
    const c = clock();
    const a = keeper(store, 'a', c);
    const b = keeper(store, 'b', c);
    expect(await a.step()).toMatchObject({ type: 'acquired', previous: null });
    expect(a.isLeader && a.token > 0).toBe(true);
    for (let i = 0; i < 100; i++) {
      c.t += 250;
      expect(await a.step()).toBeNull();
      expect(await b.step()).toBeNull();
    }
    expect(a.holds()).toBe(true);
    expect(b.isLeader).toBe(false);
    expect(b.token).toBe(0);
  });

  it('a leader that stops renewing stops holding before a follower can take over, and the new token is larger', async () => {
    const store = new MemoryLeaseStore();
    const c = clock();
    const a = keeper(store, 'a', c);
    const b = keeper(store, 'b', c);
    await a.step();
    const first = a.token;
    // a is paused (SIGSTOP): it does not step. b watches the entry.
    let aStoppedAt: number | null = null;
    let bTookAt: number | null = null;
    for (let i = 0; i < 60 && bTookAt === null; i++) {
      c.t += 250;
      if (aStoppedAt === null && !a.holds()) aStoppedAt = c.t;
      const e = await b.step();
      if (e?.type === 'acquired') {
        bTookAt = c.t;
        expect(e.previous).toMatchObject({ holder: 'a', token: first });
      }
    }
    expect(aStoppedAt).not.toBeNull();
    expect(bTookAt).not.toBeNull();
    expect(aStoppedAt!).toBeLessThan(bTookAt!);
    expect(b.token).toBeGreaterThan(first);
    // a wakes up: it grants nothing (holds is false), and its next round demotes it.
    expect(a.holds()).toBe(false);
    expect(await a.step()).toMatchObject({ type: 'lost' });
    expect(a.isLeader).toBe(false);
    expect(a.lastToken).toBe(first);
  });

  it('a leader whose renewal finds the lease taken steps down at once', async () => {
    const store = new MemoryLeaseStore();
    // a's clock runs slow (another host): b sees the lease lapse while a still thinks it holds it.
    const ca = clock();
    const cb = clock();
    const a = keeper(store, 'a', ca);
    const b = keeper(store, 'b', cb);
    await a.step();
    await b.step();
    cb.t += 5000;
    expect(await b.step()).toMatchObject({ type: 'acquired' });
    ca.t += 1000;
    expect(a.holds()).toBe(true);
    const e = await a.step();
    expect(e).toMatchObject({ type: 'lost' });
    expect((e as { reason: string }).reason).toMatch(/taken by b/);
  });

  it('of two followers racing for a lapsed lease, one wins', async () => {
    const store = new MemoryLeaseStore();
    const c = clock();
    const a = keeper(store, 'a', c);
    await a.step();
    const b = keeper(store, 'b', c);
    const d = keeper(store, 'd', c);
    await Promise.all([b.step(), d.step()]);
    c.t += 5000;
    const events = await Promise.all([b.step(), d.step()]);
    expect(events.filter((e) => e?.type === 'acquired')).toHaveLength(1);
    expect([b.isLeader, d.isLeader].filter(Boolean)).toHaveLength(1);
  });

  it('a released lease is taken at the next round, without waiting for the ttl', async () => {
    const store = new MemoryLeaseStore();
    const c = clock();
    const a = keeper(store, 'a', c);
    const b = keeper(store, 'b', c);
    await a.step();
    await b.step();
    await a.release();
    expect(a.isLeader).toBe(false);
    c.t += 250;
    expect(await b.step()).toMatchObject({ type: 'acquired' });
    expect(b.token).toBeGreaterThan(a.lastToken);
  });

  it('an unreachable store: the leader stops acting before the ttl, and acts again under the same token when nobody took it', async () => {
    const store = new MemoryLeaseStore();
    const c = clock();
    const a = keeper(store, 'a', c);
    await a.step();
    const token = a.token;
    store.down = true;
    let unsure: number | null = null;
    for (let i = 0; i < 40; i++) {
      c.t += 250;
      expect(await a.step()).toBeNull();
      if (unsure === null && !a.holds()) unsure = c.t - T0;
    }
    expect(unsure).not.toBeNull();
    expect(unsure!).toBeLessThan(5000);
    expect(a.isLeader).toBe(true);
    store.down = false;
    c.t += 250;
    expect(await a.step()).toBeNull();
    expect(a.holds()).toBe(true);
    expect(a.token).toBe(token);
  });

  it('a renewal that timed out but landed is recognised as its own: no false handover', async () => {
    const store = new MemoryLeaseStore();
    const c = clock();
    const a = keeper(store, 'a', c);
    await a.step();
    const token = a.token;
    // The update reaches the store, but its answer is lost (the link dropped).
    const update = store.update.bind(store);
    store.update = async (v, r) => {
      await update(v, r);
      throw new Error('timeout');
    };
    c.t += 1000;
    expect(await a.step()).toBeNull();
    store.update = update;
    c.t += 1000;
    expect(await a.step()).toBeNull();
    expect(a.isLeader && a.holds()).toBe(true);
    expect(a.token).toBe(token);
  });

  it('a follower that could not read the entry watches it a whole ttl again before taking over', async () => {
    const store = new MemoryLeaseStore();
    const c = clock();
    const a = keeper(store, 'a', c);
    const b = keeper(store, 'b', c);
    await a.step();
    await b.step();
    c.t += 3000;
    store.down = true;
    await b.step();
    store.down = false;
    // The outage is over; a (reconnected) renews within the ttl of b's new observation: no take-over.
    c.t += 2500;
    expect(await b.step()).toBeNull();
    await a.step();
    c.t += 2000;
    expect(await b.step()).toBeNull();
    expect(b.isLeader).toBe(false);
    expect(a.holds()).toBe(true);
  });
});

describe('Fence', () => {
  it('refuses a lower token than the highest seen, and lets token 0 (not a leader) through', () => {
    const f = new Fence();
    expect(f.admit(3)).toBe(true);
    expect(f.admit(5)).toBe(true);
    expect(f.admit(4)).toBe(false);
    expect(f.admit(0)).toBe(true);
    expect(f.admit(5)).toBe(true);
    expect(f.token).toBe(5);
    expect(f.refused).toBe(1);
  });
});

describe('MemoryRunStore fencing', () => {
  it("refuses a replaced leader's writes and tells it; writes with token 0 are not fenced", async () => {
    const plan = openPlan([phase(1000, 10)]);
    const base = new MemoryRunStore();
    await base.create(newRunRecord('r', plan), '{}');
    const fenced: [string, number][] = [];
    const old = base.withFencing({ fence: () => 3, onFenced: (id, newer) => fenced.push([id, newer]) });
    const next = base.withFencing({ fence: () => 4 });
    expect(await old.transition('r', 'running')).toBe(true);
    await next.update('r', { stopReason: 'new leader' });
    await old.update('r', { stopReason: 'old leader' });
    expect(await old.transition('r', 'stopping')).toBe(false);
    expect((await base.get('r'))!).toMatchObject({ state: 'running', stopReason: 'new leader' });
    expect(fenced).toEqual([
      ['r', 4],
      ['r', 4],
    ]);
    await base.update('r', { name: 'renamed' });
    expect((await base.get('r'))!.name).toBe('renamed');
  });
});

describe('QuotaAllocator taking over a run', () => {
  it('resumes after the grants the workers hold: no user id twice, the gap not granted late, counted', () => {
    // 20 arrivals/s for 20 s = 400. The first leader paces 0–8 s and dies; the second takes over at 12 s.
    const plan = openPlan([phase(20_000, 20)]);
    const START = T0 + 1000;
    const fleet = [new SimWorker('a', 10_000, 1, 2000, 0), new SimWorker('b', 10_000, 1, 2000, 125)];
    const first = new QuotaAllocator(plan, { startAt: START });
    let saved = first.position(T0, 1, 'ctl-a');
    simulate(first, fleet, T0, START + 8600, (t) => {
      if ((t - T0) % 1000 === 0) saved = first.position(t, 1, 'ctl-a');
    });
    // The old leader granted up to 1 s ahead, some of it after its last save.
    const before = allGrants(fleet);
    const heldThrough = Math.max(...before.map((g) => g.windowEnd));
    const lastId = Math.max(...before.map((g) => g.firstUserId + g.count - 1));
    expect(heldThrough).toBeGreaterThan(saved.grantedThrough);

    const resumeAt = START + 12_000;
    const second = new QuotaAllocator(plan, { startAt: START, resume: { at: resumeAt, saved } });
    const seen = fleet.map((w) => w.grants.length);
    simulate(second, fleet, resumeAt, START + 22_000);
    const after = fleet.flatMap((w, i) => w.grants.slice(seen[i])).filter((g) => g.count > 0);
    const h = second.handover!;
    expect(h).not.toBeNull();
    expect(h.grantedThrough).toBe(heldThrough);
    expect(h.resumedAt - h.lastGrantAt).toBeGreaterThanOrEqual(4000);
    // No id granted twice; no arrival of the gap granted late.
    expect(Math.min(...after.map((g) => g.firstUserId))).toBeGreaterThan(lastId);
    expect(Math.min(...after.map((g) => g.windowStart))).toBeGreaterThanOrEqual(h.resumedAt);
    // Every arrival of the schedule is granted once or counted dropped: the gap's.
    expect(h.missed).toBeGreaterThan(60);
    expect(sumCount(before) + sumCount(after) + h.missed).toBe(400);
    expect(second.stats.droppedByHandover).toBe(h.missed);
    // The drops reach a worker's stats (carried on a grant).
    expect(after.reduce((n, g) => n + g.dropped, 0) + second.unreportedDropped).toBe(h.missed);
  });

  it('without a word from the workers it resumes from the last saved position', () => {
    const plan = openPlan([phase(10_000, 10)]);
    const START = T0;
    const saved = {
      savedAt: START + 3000,
      fence: 1,
      controllerId: 'ctl-a',
      nextUserId: 31,
      grantedThrough: START + 3000,
      lastGrantAt: START + 2900,
      usersGranted: 30,
      dropped: 0,
    };
    const second = new QuotaAllocator(plan, { startAt: START, resume: { at: START + 5000, saved } });
    const w = new SimWorker('late', 1000);
    simulate(second, [w], START + 5000, START + 11_000);
    const grants = allGrants([w]);
    expect(grants[0]!.firstUserId).toBeGreaterThanOrEqual(31);
    expect(second.handover).toMatchObject({ lastGrantAt: START + 2900, grantedThrough: START + 3000 });
    expect(sumCount(grants) + second.handover!.missed).toBe(70);
    expect(second.stats.usersGranted).toBe(30 + sumCount(grants));
  });

  it('drops that died with the old leader, before it told any worker, are carried by the new one: every arrival accounted', () => {
    // 20 arrivals/s for 20 s = 400. Both workers go quiet for 2.8 s: the leader drops the stale arrivals
    // and dies before anyone asks again, so no grant carried those drops.
    const plan = openPlan([phase(20_000, 20)]);
    const START = T0 + 1000;
    const fleet = [new SimWorker('a', 10_000, 1, 2000, 0), new SimWorker('b', 10_000, 1, 2000, 125)];
    const first = new QuotaAllocator(plan, { startAt: START });
    let saved = first.position(T0, 1, 'ctl-a');
    const save = (t: number) => {
      if ((t - T0) % 1000 === 0) saved = first.position(t, 1, 'ctl-a');
    };
    simulate(first, fleet, T0, START + 5000, save);
    for (const w of fleet) w.silent = true;
    simulate(first, fleet, START + 5005, START + 7800, save);
    // Its last save came after the drops: the new leader resumes after them.
    saved = first.position(START + 7800, 1, 'ctl-a');
    const diedWith = first.unreportedDropped;
    expect(diedWith).toBeGreaterThan(0);

    for (const w of fleet) w.silent = false;
    const second = new QuotaAllocator(plan, { startAt: START, resume: { at: START + 9000, saved } });
    simulate(second, fleet, START + 9000, START + 22_000);
    const grants = allGrants(fleet);
    const carried = fleet.flatMap((w) => w.grants).reduce((n, g) => n + g.dropped, 0);
    expect(second.handover!.recovered).toBe(diedWith);
    expect(second.handover!.missed).toBeGreaterThan(0);
    expect(sumCount(grants) + carried + second.unreportedDropped).toBe(400);
    expect(second.stats.usersGranted + second.stats.dropped).toBe(400);
  });
});

describe('QuotaAllocator and replies that never arrive', () => {
  it('users of a lost grant are counted dropped and carried; lost drops are carried again', () => {
    const plan = openPlan([phase(10_000, 40)]);
    const w = new SimWorker('a', 10_000, 1, 500);
    const alloc = new QuotaAllocator(plan, { startAt: T0 + 500 });
    simulate(alloc, [w], T0, T0 + 3000);
    w.loseReplies = 3;
    simulate(alloc, [w], T0 + 3005, T0 + 12_000);
    const lostUsers = sumCount(w.lost);
    expect(lostUsers).toBeGreaterThan(0);
    expect(alloc.stats.droppedInTransit).toBe(lostUsers);
    const received = w.grants.reduce((n, g) => n + g.count + g.dropped, 0);
    expect(received + alloc.unreportedDropped).toBe(400);
    expect(alloc.stats.usersGranted - lostUsers + alloc.stats.dropped - alloc.stats.droppedInTransit).toBe(
      400 - lostUsers,
    );
  });
});
