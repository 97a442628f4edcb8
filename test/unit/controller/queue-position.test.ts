// The place in line a submit answers with is the one taken with the enqueue itself,
// in one atomic step: never read afterwards, when the line may have moved (a run
// started, others joined), which gave runs submitted at once the same place.
import { LiveHub, MemoryRunStore, RunsApi, TargetAllowlist, type RunQueuePort } from '@loadfleet/controller';
import { describe, expect, it } from 'vitest';

const SCENARIO = `name: q
target: 127.0.0.1:9
load:
  phases:
    - { duration: 1s, rate: 1 }
sessions:
  - name: s
    steps: [connect, close]
`;

/** A line where the executor takes the first waiting run as soon as another joins: the moving line of a busy farm. */
class MovingLine implements RunQueuePort {
  readonly line: string[] = [];
  async add(runId: string): Promise<number> {
    this.line.push(runId);
    const place = this.line.length; // taken atomically with the join
    if (this.line.length > 1) this.line.shift(); // ...and then the line moves on
    return place;
  }
  async position(runId: string): Promise<number | null> {
    const i = this.line.indexOf(runId);
    return i < 0 ? null : i + 1;
  }
  async remove(runId: string): Promise<void> {
    const i = this.line.indexOf(runId);
    if (i >= 0) this.line.splice(i, 1);
  }
}

describe('RunsApi.submit: the place in line', () => {
  it('is the place the enqueue took, whatever the line did after', async () => {
    const queue = new MovingLine();
    const api = new RunsApi({
      store: new MemoryRunStore(),
      queue,
      reports: { report: async () => null },
      allowlist: new TargetAllowlist('127.0.0.0/8'),
      limits: { maxUsers: 0, capacityFactor: 2 },
      liveCapacity: () => 1_000,
      hub: new LiveHub(),
      metrics: { runEnded: () => {} },
      active: new Map(),
    });
    const places = [];
    for (let i = 0; i < 4; i++) places.push((await api.submit({ text: SCENARIO, files: {} })).queuePosition);
    // Read after the enqueue, the line had moved: 1, 1, 1, 1 (or a run no longer waiting: null).
    expect(places).toEqual([1, 2, 2, 2]);
  });
});
