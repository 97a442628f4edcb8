// The report states, kind by kind, what became of the requests sent:
// sent = answered + timed out + unanswered at close (+ not followed to an end).
import { describe, expect, it } from 'vitest';
import { buildReport, renderHtml, renderSummary, requestEquation } from '@loadfleet/report';
import { StatsRecorder, Timeline, names } from '@loadfleet/stats';
import { START_MS, START_SECOND, plan } from './fixtures.js';

/** Two workers; w2 is lost after second 5: its request sent then has no record of its end. */
function timeline(): Timeline {
  const t = new Timeline();
  const counts: Record<string, Record<string, number>[]> = {
    w1: [
      { [names.msgOut('login')]: 10, [names.requestsAnswered('login')]: 7, [names.requestsTimedOut('login')]: 2 },
      {
        [names.requestsUnansweredAtClose('login')]: 1,
        [names.msgOut('like')]: 4,
        [names.requestsAnswered('like')]: 4,
        [names.msgNotSent('like')]: 2,
      },
    ],
    w2: [{ [names.msgOut('login')]: 3, [names.requestsAnswered('login')]: 2 }],
  };
  for (const [worker, seconds] of Object.entries(counts)) {
    const r = new StatsRecorder();
    seconds.forEach((counters, s) => {
      for (const [name, n] of Object.entries(counters)) r.add(r.counter(name), n);
      t.add(worker, r.rotate(START_SECOND + s));
    });
  }
  return t;
}

describe('request outcomes in the report', () => {
  const report = buildReport({
    runId: 'run-1',
    plan: plan(),
    state: 'done',
    startedAt: START_MS,
    endedAt: START_MS + 60_000,
    timeline: timeline(),
  });

  it('totals them by kind, with what no record follows to an end', () => {
    expect(report.totals.requests).toEqual({
      login: { sent: 13, answered: 9, timedOut: 2, unansweredAtClose: 1, unaccounted: 1 },
      like: { sent: 4, answered: 4, timedOut: 0, unansweredAtClose: 0, unaccounted: 0 },
    });
    expect(report.totals.messages.notSent).toEqual({ like: 2 });
    expect(report.totals.messages.out).toEqual({ like: 4, login: 13 });
  });

  it('states the equation per kind in the summary and the HTML report', () => {
    const summary = renderSummary(report);
    expect(summary).toContain(
      'login: sent 13 = answered 9 + timed out 2 + unanswered at close 1 + not followed to an end 1',
    );
    expect(summary).toContain(
      'like: sent 4 = answered 4 + timed out 0 + unanswered at close 0; not sent (connection already closing) 2',
    );
    const html = renderHtml(report);
    expect(html).toContain('Requests: sent = answered + timed out + unanswered at close');
  });

  it('words a balanced kind without the extra terms', () => {
    expect(
      requestEquation('heartbeat', { sent: 1200, answered: 1190, timedOut: 4, unansweredAtClose: 6, unaccounted: 0 }),
    ).toBe('heartbeat: sent 1,200 = answered 1,190 + timed out 4 + unanswered at close 6');
  });

  it('reads a report written before these fields', () => {
    const old = structuredClone(report) as unknown as { totals: Record<string, unknown> };
    delete old.totals.requests;
    delete (old.totals.messages as Record<string, unknown>).notSent;
    expect(() => renderSummary(old as unknown as typeof report)).not.toThrow();
    expect(() => renderHtml(old as unknown as typeof report)).not.toThrow();
  });
});
