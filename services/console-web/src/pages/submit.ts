import { ApiError, call, type ApiIssue } from '../api.js';
import { fill, h } from '../dom.js';
import type { Unmount } from '../main.js';
import { navigate } from '../router.js';

/**
 * Which uploaded file goes where in the submission. Protocol files (.proto and
 * their binding) will travel the same way once the farm accepts them: a row here.
 */
const FILE_KINDS: { match: RegExp; field: 'scenario' | 'feeders'; label: string }[] = [
  { match: /\.(ya?ml|json)$/i, field: 'scenario', label: 'scenario' },
  { match: /\.csv$/i, field: 'feeders', label: 'CSV feeder' },
];

interface Validated {
  name: string;
  loadModel: string;
  peakUsers: number;
  targets: string[];
  thresholds: string[];
}

/** Paste or upload a scenario and its files; validated as you type, errors at their lines; then submit. */
export function submitPage(main: HTMLElement): Unmount {
  const files = new Map<string, string>();
  const text = h('textarea', {
    id: 'scenario',
    spellcheck: 'false',
    wrap: 'off',
    placeholder: 'name: my-test\ntarget: 127.0.0.1:7000\n…',
  });
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  const upload = h('input', { type: 'file', id: 'upload', multiple: true });
  const attachments = h('ul', { id: 'attachments', class: 'files' });
  const result = h('div', { id: 'validation', 'aria-live': 'polite' });
  const submit = h('button', { id: 'submit', disabled: true, class: 'primary' }, 'Submit run');
  const validateButton = h('button', { id: 'validate' }, 'Validate');
  let validFor: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;

  const body = () => ({ scenario: text.value, feeders: Object.fromEntries(files) });
  const key = () => JSON.stringify(body());

  const drawGutter = (issues: ApiIssue[] = []) => {
    const bad = new Map<number, string>();
    for (const i of issues) if (i.line > 0 && !i.file) bad.set(i.line, i.message);
    const lines = text.value.split('\n').length;
    fill(
      gutter,
      Array.from({ length: lines }, (_, i) =>
        h(
          'div',
          { class: bad.has(i + 1) ? 'bad' : null, title: bad.get(i + 1) ?? null, 'data-line': i + 1 },
          String(i + 1),
        ),
      ),
    );
    gutter.scrollTop = text.scrollTop;
  };

  const validate = async () => {
    const mine = ++seq;
    const k = key();
    if (text.value.trim() === '') {
      fill(result);
      submit.disabled = true;
      return drawGutter();
    }
    try {
      const v = await call<Validated>('/console/api/validate', { method: 'POST', json: body() });
      if (mine !== seq) return;
      validFor = k;
      submit.disabled = false;
      drawGutter();
      fill(
        result,
        h(
          'div',
          { class: 'ok' },
          h('strong', {}, `✓ ${v.name} is valid`),
          ` · ${v.loadModel} model · up to ${v.peakUsers.toLocaleString('en-US')} users · targets ${v.targets.join(', ')}`,
          v.thresholds.length ? ` · thresholds: ${v.thresholds.join('; ')}` : '',
        ),
      );
    } catch (err) {
      if (mine !== seq) return;
      validFor = null;
      submit.disabled = true;
      const issues = err instanceof ApiError ? err.issues : [];
      drawGutter(issues);
      fill(
        result,
        h('p', { class: 'error' }, (err as Error).message),
        h(
          'ul',
          { class: 'issues', id: 'issues' },
          issues.map((i) =>
            h(
              'li',
              {},
              h(
                'a',
                { href: '#', onclick: (e: Event) => (e.preventDefault(), selectLine(text, i.line)) },
                i.file ? `${i.file} line ${i.line}` : `line ${i.line}, col ${i.col}`,
              ),
              i.path ? ` (${i.path})` : '',
              `: ${i.message}`,
            ),
          ),
        ),
      );
    }
  };
  const soon = () => {
    validFor = null;
    submit.disabled = true;
    drawGutter();
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void validate(), 500);
  };

  text.addEventListener('input', soon);
  text.addEventListener('scroll', () => (gutter.scrollTop = text.scrollTop));
  validateButton.addEventListener('click', () => void validate());
  upload.addEventListener('change', () => {
    void Promise.all(
      [...(upload.files ?? [])].map(async (f) => {
        const kind = FILE_KINDS.find((k) => k.match.test(f.name));
        const content = await f.text();
        if (kind?.field === 'scenario') text.value = content;
        else files.set(f.name, content);
      }),
    ).then(() => {
      upload.value = '';
      drawAttachments();
      soon();
    });
  });
  const drawAttachments = () =>
    fill(
      attachments,
      [...files.entries()].map(([name, content]) => {
        const kind = FILE_KINDS.find((k) => k.match.test(name));
        return h(
          'li',
          {},
          `${name} · ${kind?.label ?? 'file'} · ${content.length.toLocaleString('en-US')} bytes `,
          h('button', { class: 'link', onclick: () => (files.delete(name), drawAttachments(), soon()) }, 'remove'),
        );
      }),
    );
  submit.addEventListener('click', () => {
    if (validFor !== key()) return void validate();
    submit.disabled = true;
    call<{ id: string }>('/v1/runs', { method: 'POST', json: body() })
      .then((r) => navigate(`/console/runs/${r.id}`))
      .catch((err: Error) => {
        fill(result, h('p', { class: 'error' }, err.message));
        submit.disabled = false;
      });
  });

  fill(
    main,
    h('h2', {}, 'Submit a run'),
    h(
      'p',
      { class: 'muted' },
      'Paste the scenario (YAML or JSON), or upload it with the CSV files it names. It is checked as you type; the run is queued only when you submit.',
    ),
    h('div', { class: 'upload' }, h('label', { for: 'upload' }, 'Files: '), upload, attachments),
    h('div', { class: 'editor' }, gutter, text),
    h('div', { class: 'actions' }, validateButton, submit),
    result,
  );
  drawGutter();
  return () => {
    if (timer) clearTimeout(timer);
  };
}

function selectLine(text: HTMLTextAreaElement, line: number): void {
  const lines = text.value.split('\n');
  const start = lines.slice(0, Math.max(0, line - 1)).reduce((n, l) => n + l.length + 1, 0);
  text.focus();
  text.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
}
