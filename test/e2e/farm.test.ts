// The farm end to end, every part a real process: a controller, an aggregator,
// worker processes and the multi-process chat server, over real NATS and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsDocument } from '../helpers/chat-server.js';
import { startFarm, type Farm } from '../helpers/farm.js';
import { useInfra, type Infra } from '../helpers/infra.js';

let infra: Infra;
let farm: Farm;

beforeAll(async () => {
  infra = await useInfra();
  farm = await startFarm({
    infra,
    logLevel: 'warn',
    workers: [{ capacity: 400 }, { capacity: 400 }, { capacity: 200 }],
  });
}, 60_000);

afterAll(async () => {
  await farm?.stop();
  await infra?.cleanup();
});

const scenario = (rate: number, seconds: number) => `name: farm-e2e
target: 127.0.0.1:${farm.server.port}
load:
  phases:
    - { duration: ${seconds}s, rate: ${rate} }
sessions:
  - name: s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - send: joinRoom
        fields: { room: 'room-{{random.int(1, 4)}}' }
      - send: chat
        fields: { room: 'room-1', text: hi }
      - think: 500ms
      - send: heartbeat
      - send: like
        fields: { room: 'room-1', count: 1 }
        wait: false
      - think: 200ms
      - close
`;

const diff = (after: StatsDocument, before: StatsDocument, kind: keyof StatsDocument['messagesIn']) =>
  after.messagesIn[kind] - before.messagesIn[kind];

describe('the farm, end to end', () => {
  it('runs a submitted scenario across the workers; the report matches the chat server exactly', async () => {
    const before = await farm.server.stats();
    const id = await farm.submit(scenario(200, 10));
    // A worker that joins mid-run gets quota too (started early enough to be up before the end on a busy box).
    await farm.waitForRun(id, (r) => (r.live?.arrivals ?? 0) > 0, 30_000, 'running');
    farm.startWorker({ capacity: 400 });
    const report = await farm.finished(id);
    const after = await farm.server.stats();

    expect(report.run.state).toBe('done');
    for (const kind of ['login', 'joinRoom', 'chat', 'heartbeat', 'like'] as const) {
      expect({ kind, sent: report.totals.messages.out[kind] ?? 0 }).toEqual({ kind, sent: diff(after, before, kind) });
    }
    expect(report.totals.users.failed).toBe(0);
    // Every arrival of the schedule is accounted for: started, or dropped and counted (a busy
    // machine may start an arrival over 1 s late; that is dropped, never lost). How many
    // started is the box's speed, not the farm's behaviour.
    expect(report.arrivals.target).toBe(2000);
    expect(report.totals.users.started + report.totals.users.dropped).toBe(2000);
    expect(report.totals.users.started).toBeGreaterThan(0);
    // Every started user ended, and is in the report.
    expect(report.totals.users.finished).toBe(report.totals.users.started);
    // The three workers there from the start all held users; the one that joined mid-run
    // is in the run when it asked for quota before the schedule's end.
    const workers = report.run.workers.filter((w) => w.users > 0);
    expect(workers.length).toBeGreaterThanOrEqual(3);
    expect(report.run.workers.reduce((n, w) => n + w.users, 0)).toBe(report.totals.users.started);
  }, 120_000);
});
