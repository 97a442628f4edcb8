import { retry } from '@loadfleet/lifecycle';
import type { Report, RunEndedInfo } from '@loadfleet/report';
import { writeStoredReport } from './report.js';
import type { WindowStore } from './window-store.js';

/** The structured logger the job writes to (pino's Logger fits). */
export interface JobLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ReportJobDeps {
  store: WindowStore;
  /** Tells the controller (and API clients) the report is stored: reportReady. */
  ready(runId: string): void;
  /** Waits until every stats record written before now is stored (bounded); false when the bound passed. */
  waitDrained(runId: string): Promise<boolean>;
  /** Epoch ms the store last came back after an outage (0: never lost). */
  storeBackAt(): number;
  /** True once the aggregator is shutting down. */
  closing(): boolean;
  log: JobLog;
  /** How long one aggregator holds a run's report job before another may take it. */
  lockMs: number;
  /** Late records (a worker's buffer flushed after an outage) get this long (RunEnded.grace_ms). */
  graceMs: number;
  /** After the store comes back, the workers' buffered records need this long to arrive (reconnect, flush). */
  flushAfterOutageMs: number;
  /** A report failing on store errors is tried this often, for this long. */
  retryEveryMs: number;
  retryForMs: number;
}

/**
 * A run ended: one aggregator (the one that takes the lock) waits out the grace,
 * lets the stats stream drain, builds the report from the stored windows and
 * stores it, then says so. Store errors are retried while the store is away; a
 * broken run record (an LF_ERR_ code) is not. Resolves with the report, or null
 * when another aggregator has the job or it failed (logged).
 */
export async function runReportJob(ended: RunEndedInfo, d: ReportJobDeps): Promise<Report | null> {
  const { runId } = ended;
  let locked = false;
  let graced = false;
  try {
    return await retry(
      async (attempt) => {
        if (!locked) {
          if (!(await d.store.tryLock(`report:${runId}`, d.lockMs, attempt > 1))) {
            // A repeated RunEnded (the controller missed reportReady) gets its answer again once the report exists.
            if (await d.store.hasReport(runId)) d.ready(runId);
            else d.log.info({ runId }, 'another aggregator writes this report');
            return null;
          }
          locked = true;
        }
        if (!graced) await sleep(d.graceMs);
        graced = true;
        // The store came back only just now: the workers' buffered records are on their way.
        await sleep(d.storeBackAt() + d.graceMs + d.flushAfterOutageMs - Date.now());
        if (d.closing()) return null;
        const drained = await d.waitDrained(runId);
        const report = await writeStoredReport(d.store, ended);
        d.ready(runId);
        d.log.info(
          { runId, verdict: report.verdict, seconds: report.timeline.length, drained, attempt },
          'report stored',
        );
        return report;
      },
      {
        forMs: d.retryForMs,
        everyMs: d.retryEveryMs,
        permanent: (err) => String((err as { code?: unknown }).code ?? '').startsWith('LF_ERR_'),
        cancelled: d.closing,
        onRetry: (err, attempt) => {
          if (attempt === 1)
            d.log.warn({ runId, err: (err as Error).message }, 'report failed; retrying while Redis is away');
        },
      },
    );
  } catch (gaveUp) {
    const err = (gaveUp as Error).cause as Error & { code?: string };
    d.log.error({ runId, err: err?.message, code: err?.code }, 'report failed');
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
