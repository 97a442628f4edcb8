import { call, canWrite } from '../api.js';
import { fill, h } from '../dom.js';
import { count, duration, when } from '../format.js';
import type { Unmount } from '../main.js';

interface RunRow {
  id: string;
  name: string;
  state: string;
  phase: string;
  submittedBy: string | null;
  submittedAt: string;
  startedAt: string | null;
  durationMs: number | null;
  verdict: 'pass' | 'fail' | null;
  peakUsers: number | null;
  usersNow: number | null;
}

const VERDICTS = [
  '',
  'pass',
  'fail',
  'running',
  'queued',
  'stopping',
  'done',
  'stopped',
  'aborted',
  'failed',
  'cancelled',
];
const REFRESH_MS = 4000;

/** The run history (filtered by scenario and verdict) and the queue, refreshed every few seconds. */
export function runsPage(main: HTMLElement): Unmount {
  const params = new URLSearchParams(location.search);
  const scenario = h('input', {
    id: 'filter-scenario',
    list: 'scenarios',
    placeholder: 'any scenario',
    value: params.get('scenario') ?? '',
  });
  const verdict = h(
    'select',
    { id: 'filter-verdict' },
    VERDICTS.map((v) =>
      h('option', { value: v, selected: v === (params.get('verdict') ?? '') }, v || 'any verdict or state'),
    ),
  );
  const names = h('datalist', { id: 'scenarios' });
  const queue = h('section', { id: 'queue' });
  const history = h('section', { id: 'history' });
  let cursor: string | null = null;
  const known = new Set<string>();

  const load = async () => {
    const q = new URLSearchParams({ limit: '50' });
    if (scenario.value) q.set('scenario', scenario.value);
    if (verdict.value) q.set('verdict', verdict.value);
    const [page, queued] = await Promise.all([
      call<{ runs: RunRow[]; nextCursor: string | null }>(`/console/api/runs?${q}`),
      call<{ runs: RunRow[] }>('/console/api/runs?verdict=queued&limit=50'),
    ]);
    cursor = page.nextCursor;
    for (const r of page.runs) known.add(r.name);
    fill(
      names,
      [...known].sort().map((n) => h('option', { value: n })),
    );
    renderQueue(queue, queued.runs.reverse(), load);
    fill(
      history,
      h('h2', {}, 'Runs'),
      page.runs.length === 0 ? h('p', { class: 'muted' }, 'No runs match.') : runTable(page.runs),
      cursor ? h('p', { class: 'muted' }, 'Showing the newest 50 matching runs.') : null,
    );
  };
  const applyFilters = () => {
    const q = new URLSearchParams();
    if (scenario.value) q.set('scenario', scenario.value);
    if (verdict.value) q.set('verdict', verdict.value);
    history.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    window.history.replaceState(null, '', `/console/${q.size ? `?${q}` : ''}`);
    void load().catch(showError(history));
  };
  scenario.addEventListener('change', applyFilters);
  verdict.addEventListener('change', applyFilters);

  fill(
    main,
    h('div', { class: 'filters' }, h('label', {}, 'Scenario ', scenario), names, h('label', {}, 'Verdict ', verdict)),
    queue,
    history,
  );
  void load().catch(showError(history));
  const timer = setInterval(() => void load().catch(() => {}), REFRESH_MS);
  return () => clearInterval(timer);
}

function renderQueue(el: HTMLElement, queued: RunRow[], reload: () => Promise<void>): void {
  if (queued.length === 0) {
    fill(el, h('h2', {}, 'Queue'), h('p', { class: 'muted' }, 'Nothing waiting.'));
    return;
  }
  fill(
    el,
    h('h2', {}, `Queue (${queued.length})`),
    h(
      'table',
      { class: 'runs' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['#', 'Run', 'Scenario', 'Submitted by', 'Submitted', ''].map((t) => h('th', {}, t)),
        ),
      ),
      h(
        'tbody',
        {},
        queued.map((r, i) =>
          h(
            'tr',
            { 'data-run': r.id },
            h('td', {}, String(i + 1)),
            h('td', {}, h('a', { href: `/console/runs/${r.id}`, 'data-nav': true }, r.id)),
            h('td', {}, r.name),
            h('td', {}, r.submittedBy ?? '—'),
            h('td', {}, when(r.submittedAt)),
            h(
              'td',
              {},
              canWrite()
                ? h(
                    'button',
                    {
                      class: 'danger small',
                      onclick: () => {
                        if (!confirm(`Cancel queued run ${r.id} (${r.name})?`)) return;
                        void call(`/v1/runs/${r.id}/stop`, {
                          method: 'POST',
                          json: { reason: 'cancelled from the console' },
                        })
                          .then(reload)
                          .catch((e: Error) => alert(e.message));
                      },
                    },
                    'Cancel',
                  )
                : null,
            ),
          ),
        ),
      ),
    ),
  );
}

function runTable(runs: RunRow[]): HTMLElement {
  return h(
    'table',
    { class: 'runs', id: 'runs-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Run', 'Scenario', 'Verdict', 'Submitted by', 'Started', 'Duration', 'Peak users'].map((t) => h('th', {}, t)),
      ),
    ),
    h(
      'tbody',
      {},
      runs.map((r) =>
        h(
          'tr',
          { 'data-run': r.id },
          h('td', {}, h('a', { href: `/console/runs/${r.id}`, 'data-nav': true }, r.id)),
          h('td', {}, r.name),
          h('td', {}, verdictBadge(r)),
          h('td', {}, r.submittedBy ?? '—'),
          h('td', {}, when(r.startedAt ?? r.submittedAt)),
          h('td', { class: 'num' }, duration(r.durationMs)),
          h(
            'td',
            { class: 'num' },
            r.peakUsers !== null ? count(r.peakUsers) : r.usersNow !== null ? `${count(r.usersNow)} now` : '—',
          ),
        ),
      ),
    ),
  );
}

export function verdictBadge(r: { state: string; verdict: string | null; phase?: string }): HTMLElement {
  if (r.verdict) return h('span', { class: `badge ${r.verdict}` }, `${r.verdict.toUpperCase()} · ${r.state}`);
  return h(
    'span',
    { class: `badge state-${r.state}` },
    r.state === 'running' && r.phase ? `running · ${r.phase}` : r.state,
  );
}

export function showError(el: HTMLElement) {
  return (err: unknown) => fill(el, h('p', { class: 'error' }, (err as Error).message));
}
