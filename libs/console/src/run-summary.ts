/** What the runs page shows of a finished run, read once from its report and kept in the run's record. */
export interface RunOutcome {
  verdict: 'pass' | 'fail' | null;
  peakUsers: number | null;
  durationMs: number | null;
}

/** The outcome in report.json's text; nulls for what it does not say (or a report that is not JSON). */
export function outcomeFromReport(reportJson: string): RunOutcome {
  let r: {
    verdict?: unknown;
    totals?: { users?: { peakActive?: unknown } };
    run?: { durationMs?: unknown };
  };
  try {
    r = JSON.parse(reportJson) as typeof r;
  } catch {
    return { verdict: null, peakUsers: null, durationMs: null };
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    verdict: r?.verdict === 'pass' || r?.verdict === 'fail' ? r.verdict : null,
    peakUsers: num(r?.totals?.users?.peakActive),
    durationMs: num(r?.run?.durationMs),
  };
}

export interface RunFilter {
  /** Scenario name, exact. */
  scenario?: string;
  /** pass, fail, or a run state (queued, running, done, stopped, aborted, failed, cancelled). */
  verdict?: string;
}

/** Whether a listed run matches the runs page's filters. */
export function matchesFilter(run: { name: string; state: string; verdict: string | null }, f: RunFilter): boolean {
  if (f.scenario && run.name !== f.scenario) return false;
  if (!f.verdict) return true;
  return f.verdict === 'pass' || f.verdict === 'fail' ? run.verdict === f.verdict : run.state === f.verdict;
}
