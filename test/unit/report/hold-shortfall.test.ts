import { describe, expect, it } from 'vitest';
import { holdShortfall, type TimelineRow } from '@loadfleet/report';
import { scheduleOf } from '@loadfleet/schedule';

const START = 1_800_000_000_000;
const closed = scheduleOf({ model: 'closed', users: 30, rampUpMs: 2000, holdMs: 10_000, rampDownMs: 0, maxUsers: 0 });
/** Rows for seconds 0..13 of the run with `active` users at the end of each. */
const rows = (active: (t: number) => number) =>
  Array.from({ length: 14 }, (_, t) => ({ second: START / 1000 + t, users: { active: active(t) } }) as TimelineRow);

describe('holdShortfall', () => {
  it('warns when a closed model held fewer users than it wanted over the hold (the farm held 16-24 of 30)', () => {
    const w = holdShortfall(
      closed,
      rows((t) => (t < 2 ? 15 : 16 + (t % 9))),
      START,
    );
    expect(w).toMatch(/held 2\d\.\d of 30 users on average during the hold \(\d+\.\d%, at least 16\)/);
  });

  it('says nothing when the hold was full, outside the hold, or for the open model', () => {
    expect(
      holdShortfall(
        closed,
        rows((t) => (t < 2 ? 3 : t >= 12 ? 0 : 30)),
        START,
      ),
    ).toBeNull();
    const open = scheduleOf({
      model: 'open',
      arrivals: 'uniform',
      maxUsers: 0,
      phases: [{ name: 'p', durationMs: 10_000, fromRate: 10, toRate: 10, sessionWeights: null }],
    });
    expect(
      holdShortfall(
        open,
        rows(() => 0),
        START,
      ),
    ).toBeNull();
  });
});
