import type { LiveEnd, LiveFrame, LiveMeta, ThresholdState } from '@loadfleet/console/wire';
import { ApiError, call, canWrite } from '../api.js';
import { fill, h } from '../dom.js';
import { duration, when } from '../format.js';
import { ChartsPanel } from '../live/charts-panel.js';
import { frameOfReportRow, type ReportRow } from '../live/frames.js';
import type { LivePanel } from '../live/panel.js';
import { ThresholdsPanel } from '../live/thresholds-panel.js';
import { RoomPanel } from '../live/room-panel.js';
import { TilesPanel } from '../live/tiles-panel.js';
import { WorkersPanel } from '../live/workers-panel.js';
import type { Unmount } from '../main.js';
import { showError, verdictBadge } from './runs.js';

interface RunView {
  id: string;
  name: string;
  state: string;
  phase: string;
  submittedBy: string | null;
  submittedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  stopReason: string | null;
  notes: string[];
  targets: string[];
  queuePosition: number | null;
  outcome: { verdict: 'pass' | 'fail' | null } | null;
}

interface ReportDoc {
  verdict: 'pass' | 'fail';
  run: {
    startedAt: string;
    durationMs: number;
    phases?: { name: string; from: number; to: number }[];
    loadModel: 'open' | 'closed';
  };
  thresholds: {
    expr: string;
    observed: number | null;
    pass: boolean;
    unit: 'ms' | 'ratio' | 'count';
    limit: number;
    op: string;
    abort: boolean;
    metric: { kind: string; histogram?: string };
  }[];
  timeline: ReportRow[];
}

const HEAD_EVERY_MS = 3000;
const ENDED = new Set(['done', 'stopped', 'aborted', 'failed', 'cancelled']);

/**
 * One run: while it runs, the live panels fed by the SSE stream
 * (GET /v1/runs/:id/live?view=console, with the session cookie); once it has
 * ended, the same panels drawn from its report.json, and the report itself.
 */
export function runPage(main: HTMLElement, id: string): Unmount {
  const head = h('section', { id: 'run-head' });
  const body = h('div', { id: 'run-body' });
  fill(main, head, body);
  let source: EventSource | null = null;
  let panels: LivePanel[] = [];
  let closed = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  let headAt = 0;

  const closeLive = () => {
    source?.close();
    source = null;
    for (const p of panels) p.close?.();
  };

  const makePanels = (live = false) => {
    closeLive();
    const tiles = new TilesPanel();
    const thresholds = new ThresholdsPanel();
    const charts = new ChartsPanel();
    const workers = new WorkersPanel();
    // Join the room yourself: only while the run is live (there is a room to join).
    const room = live ? new RoomPanel() : null;
    panels = [tiles, thresholds, charts, workers, ...(room ? [room] : [])];
    fill(
      body,
      h('div', { class: 'live-grid' }, tiles.element, h('div', { class: 'side' }, thresholds.element, workers.element)),
      room?.element,
      charts.element,
    );
    return { thresholds };
  };

  const loadHead = async (): Promise<RunView> => {
    const run = await call<RunView>(`/v1/runs/${encodeURIComponent(id)}`);
    drawHead(head, run, () => void refresh());
    return run;
  };

  const showEnded = async (run: RunView) => {
    const { thresholds } = makePanels();
    let report: ReportDoc;
    try {
      report = await call<ReportDoc>(`/v1/runs/${encodeURIComponent(id)}/report.json`);
    } catch (err) {
      fill(
        body,
        h('p', { class: err instanceof ApiError && err.status === 404 ? 'muted' : 'error' }, (err as Error).message),
      );
      if (run.state !== 'cancelled' && !closed) setTimeout(() => void refresh(), 2000);
      return;
    }
    const phases = report.run.phases ?? [];
    const meta: LiveMeta = {
      runId: id,
      name: run.name,
      state: run.state,
      startedAt: Date.parse(report.run.startedAt),
      totalMs: report.run.durationMs,
      loadModel: report.run.loadModel,
      phases,
      thresholds: report.thresholds.map((t) => ({
        expr: t.expr,
        unit: t.unit,
        limit: t.limit,
        op: t.op,
        histogram: t.metric.kind === 'latency' ? (t.metric.histogram ?? null) : null,
        abort: t.abort,
      })),
      historyStep: 1,
    };
    const frames: LiveFrame[] = report.timeline.map((r) =>
      frameOfReportRow(r, phases.find((p) => r.t >= p.from && r.t < p.to)?.name ?? 'drain'),
    );
    for (const p of panels) {
      p.meta(meta);
      p.history(frames);
    }
    thresholds.final(
      report.thresholds.map((t): ThresholdState => ({ expr: t.expr, observed: t.observed, pass: t.pass })),
    );
    body.dataset.source = 'report';
  };

  const showLive = () => {
    makePanels(true);
    body.dataset.source = 'live';
    const es = new EventSource(`/v1/runs/${encodeURIComponent(id)}/live?view=console`);
    source = es;
    es.addEventListener('meta', (e) =>
      panels.forEach((p) => p.meta(JSON.parse((e as MessageEvent<string>).data) as LiveMeta)),
    );
    es.addEventListener('history', (e) => {
      const frames = JSON.parse((e as MessageEvent<string>).data) as LiveFrame[];
      panels.forEach((p) => p.history(frames));
    });
    es.addEventListener('frame', (e) => {
      const f = JSON.parse((e as MessageEvent<string>).data) as LiveFrame;
      panels.forEach((p) => p.frame(f));
      // The head (state, phase, duration) every few seconds, not on every frame.
      if (Date.now() - headAt >= HEAD_EVERY_MS) {
        headAt = Date.now();
        void loadHead().catch(() => {});
      }
    });
    es.addEventListener('end', (e) => {
      const end = JSON.parse((e as MessageEvent<string>).data) as LiveEnd;
      panels.forEach((p) => p.end?.(end));
      es.close();
      // The report follows the end by a moment: show it when it is there.
      setTimeout(() => void refresh(), 500);
    });
  };

  const refresh = async () => {
    if (closed) return;
    try {
      const run = await loadHead();
      if (ENDED.has(run.state)) {
        if (timer) clearInterval(timer);
        timer = null;
        await showEnded(run);
      } else if (run.state === 'queued') {
        fill(
          body,
          h(
            'p',
            { class: 'muted' },
            `Queued${run.queuePosition ? ` at position ${run.queuePosition}` : ''}: the live view starts with the run.`,
          ),
        );
        timer ??= setInterval(() => void refresh(), 2000);
      } else if (!source) {
        if (timer) clearInterval(timer);
        timer = null;
        showLive();
      }
    } catch (err) {
      showError(body)(err);
    }
  };

  void refresh();
  return () => {
    closed = true;
    if (timer) clearInterval(timer);
    closeLive();
  };
}

function drawHead(el: HTMLElement, run: RunView, reload: () => void): void {
  const ended = ENDED.has(run.state);
  const started = run.startedAt ? Date.parse(run.startedAt) : null;
  const took = started !== null ? (run.endedAt ? Date.parse(run.endedAt) : Date.now()) - started : null;
  const stop =
    canWrite() && !ended && run.state !== 'stopping'
      ? h(
          'button',
          {
            id: 'stop',
            class: 'danger',
            onclick: () => {
              const what = run.state === 'queued' ? 'Cancel this queued run' : 'Stop this run now';
              if (
                !confirm(
                  `${what}? (${run.name}, ${run.id})\nUsers still running are stopped and the report is written.`,
                )
              )
                return;
              void call(`/v1/runs/${encodeURIComponent(run.id)}/stop`, {
                method: 'POST',
                json: { reason: 'stopped from the console' },
              })
                .then(reload)
                .catch((e: Error) => alert(e.message));
            },
          },
          run.state === 'queued' ? 'Cancel run' : 'Stop run',
        )
      : null;
  fill(
    el,
    h(
      'div',
      { class: 'run-title' },
      h('h2', {}, run.name, ' ', h('span', { class: 'muted' }, run.id)),
      h(
        'span',
        { id: 'run-state' },
        verdictBadge({ state: run.state, verdict: run.outcome?.verdict ?? null, phase: run.phase }),
      ),
      stop,
      ended && run.state !== 'cancelled'
        ? h(
            'span',
            { class: 'links' },
            h(
              'a',
              {
                id: 'open-report',
                href: `/v1/runs/${encodeURIComponent(run.id)}/report.html`,
                target: '_blank',
                rel: 'noopener',
              },
              'Open report',
            ),
            ' · ',
            h(
              'a',
              { href: `/v1/runs/${encodeURIComponent(run.id)}/report.json`, target: '_blank', rel: 'noopener' },
              'report.json',
            ),
          )
        : null,
    ),
    h(
      'dl',
      { class: 'meta' },
      h('dt', {}, 'Submitted by'),
      h('dd', { id: 'run-submitter' }, run.submittedBy ?? '—'),
      h('dt', {}, 'Started'),
      h('dd', {}, when(run.startedAt)),
      h('dt', {}, 'Duration'),
      h('dd', {}, duration(took)),
      h('dt', {}, 'Targets'),
      h('dd', {}, run.targets.join(', ')),
      run.stopReason ? [h('dt', {}, 'Stop reason'), h('dd', {}, run.stopReason)] : null,
    ),
    run.notes.length
      ? h(
          'ul',
          { class: 'notes' },
          run.notes.map((n) => h('li', {}, n)),
        )
      : null,
  );
}
