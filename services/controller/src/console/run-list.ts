import { matchesFilter, outcomeFromReport, type RunFilter } from '@loadfleet/console';
import { ControllerError, displayPhase, isTerminal, type RunRecord, type RunStore } from '@loadfleet/controller';

/** Records read per request at most while filtering, and reports read to learn verdicts. */
const MAX_SCAN = 2_000;
const MAX_REPORT_READS = 20;
const PAGE = 100;
/** A run ended this long ago without a report has none (the controller gave up waiting long before). */
const NO_REPORT_AFTER_MS = 10 * 60_000;

export interface RunListDeps {
  store: RunStore;
  /** The stored report.json text, or a throw when there is none. */
  reportJson(id: string): Promise<string>;
  now?: () => number;
}

export interface RunListQuery extends RunFilter {
  limit: number;
  cursor?: string;
}

export interface RunRow {
  id: string;
  name: string;
  state: string;
  phase: string;
  submittedBy: string | null;
  submittedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  stopReason: string | null;
  verdict: 'pass' | 'fail' | null;
  peakUsers: number | null;
  durationMs: number | null;
  usersNow: number | null;
}

/**
 * The runs page: newest first, filtered by scenario and verdict. A finished
 * run's verdict and peak users come from its report the first time it is
 * listed, and are kept in its record from then on.
 */
export async function listRuns(
  d: RunListDeps,
  q: RunListQuery,
): Promise<{ runs: RunRow[]; nextCursor: string | null }> {
  const now = d.now ?? Date.now;
  const out: RunRow[] = [];
  let cursor = q.cursor;
  let scanned = 0;
  let reads = 0;
  for (;;) {
    const page = await d.store.list({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (let i = 0; i < page.runs.length; i++) {
      const rec = page.runs[i]!;
      scanned++;
      if (rec.outcome === null && isTerminal(rec.state) && rec.state !== 'cancelled' && reads < MAX_REPORT_READS) {
        reads++;
        await fillOutcome(d, rec, now());
      }
      const row = runRow(rec);
      if (matchesFilter(row, q)) out.push(row);
      if (out.length === q.limit) {
        const more = i < page.runs.length - 1 || page.next !== null;
        return { runs: out, nextCursor: more ? rec.id : null };
      }
      if (scanned >= MAX_SCAN) return { runs: out, nextCursor: rec.id };
    }
    if (page.next === null) return { runs: out, nextCursor: null };
    cursor = page.next;
  }
}

async function fillOutcome(d: RunListDeps, rec: RunRecord, now: number): Promise<void> {
  try {
    rec.outcome = outcomeFromReport(await d.reportJson(rec.id));
  } catch (err) {
    if (!(err instanceof ControllerError) || err.code !== 'LF_ERR_REPORT_NOT_READY') throw err;
    if (rec.endedAt === null || now - rec.endedAt < NO_REPORT_AFTER_MS) return;
    rec.outcome = { verdict: null, peakUsers: null, durationMs: null };
  }
  await d.store.update(rec.id, { outcome: rec.outcome });
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function runRow(r: RunRecord): RunRow {
  const duration =
    r.outcome?.durationMs ?? (r.startedAt !== null && r.endedAt !== null ? r.endedAt - r.startedAt : null);
  return {
    id: r.id,
    name: r.name,
    state: r.state,
    phase: displayPhase(r),
    submittedBy: r.submittedBy ?? null,
    submittedAt: iso(r.submittedAt)!,
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    stopReason: r.stopReason,
    verdict: r.outcome?.verdict ?? null,
    peakUsers: r.outcome?.peakUsers ?? null,
    durationMs: duration,
    usersNow: isTerminal(r.state) ? null : (r.live?.usersActive ?? null),
  };
}

/** ?scenario=&verdict=&limit=&cursor= */
export function runListQuery(query: Record<string, unknown>): RunListQuery {
  const str = (k: string) => {
    const v = query[k];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string' || v.length > 200) throw new ControllerError('LF_ERR_REQUEST', `bad ${k}`);
    return v;
  };
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200)
    throw new ControllerError('LF_ERR_REQUEST', 'limit: expected a whole number from 1 to 200');
  const q: RunListQuery = { limit };
  const scenario = str('scenario');
  const verdict = str('verdict');
  const cursor = str('cursor');
  if (scenario) q.scenario = scenario;
  if (verdict) q.verdict = verdict;
  if (cursor) q.cursor = cursor;
  return q;
}
