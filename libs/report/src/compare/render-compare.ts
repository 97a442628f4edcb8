import { escapeHtml } from '../escape.js';
import { formatFigure, type CompareFigure, type Comparison } from './compare.js';

const MARK = (f: CompareFigure) => (!f.significant ? '' : f.worse ? (f.gated ? 'WORSE' : 'worse') : 'better');

function pct(f: CompareFigure): string {
  if (f.changeRatio === null) return f.change === null ? '—' : formatFigure(f.change, f.unit);
  return `${f.changeRatio >= 0 ? '+' : ''}${(f.changeRatio * 100).toFixed(1)} %`;
}

function rowsOf(c: Comparison, all: boolean): CompareFigure[] {
  // The terminal shows the headline statistics and anything that changed beyond noise.
  const headline = new Set(['p50', 'p99', 'per_s', 'rate']);
  return c.figures.filter(
    (f) =>
      all || f.significant || (headline.has(f.stat) && !(f.group === 'throughput' && f.name.startsWith('msg.out.'))),
  );
}

/** The terminal table: what changed between the two runs, with the verdict. */
export function renderCompareTable(c: Comparison, opts: { all?: boolean } = {}): string {
  const head = ['figure', 'stat', 'base', 'current', 'change', 'noise ±', 'p', ''];
  const rows = rowsOf(c, opts.all ?? false).map((f) => [
    f.name,
    f.stat,
    formatFigure(f.base, f.unit),
    formatFigure(f.current, f.unit),
    pct(f),
    formatFigure(f.noise, f.unit),
    f.pValue === null ? '—' : f.pValue < 0.0001 ? f.pValue.toExponential(1) : f.pValue.toFixed(4),
    MARK(f),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => (i < 2 || i === 7 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [
    `base    ${c.base.id} (${c.base.scenario}, ${c.base.startedAt})`,
    `current ${c.current.id} (${c.current.scenario}, ${c.current.startedAt})`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
  ];
  for (const w of c.warnings) out.push(`warning: ${w}`);
  if (c.regressions.length) {
    out.push(`REGRESSION (exit ${c.exitCode}): ${c.regressions.length} figure(s) worse beyond the runs' noise:`);
    for (const r of c.regressions) out.push(`  ${r}`);
  } else {
    out.push(`UNCHANGED (exit ${c.exitCode}): no gated figure got worse beyond the runs' noise.`);
  }
  if (c.improvements.length) out.push(`${c.improvements.length} figure(s) better beyond noise.`);
  return `${out.join('\n')}\n`;
}

/** compare.html: one self-contained page, every figure, regressions first. */
export function renderCompareHtml(c: Comparison): string {
  const e = escapeHtml;
  const verdict = c.verdict === 'regression' ? 'fail' : 'pass';
  const groups: CompareFigure['group'][] = ['latency', 'throughput', 'errors'];
  const table = (group: CompareFigure['group']) => {
    const rows = c.figures
      .filter((f) => f.group === group)
      .map(
        (f) =>
          `<tr class="${f.significant ? (f.worse ? 'worse' : 'better') : ''}"><td>${e(f.name)}</td><td>${e(f.stat)}</td>` +
          `<td>${e(formatFigure(f.base, f.unit))}</td><td>${e(formatFigure(f.current, f.unit))}</td><td>${e(pct(f))}</td>` +
          `<td>${e(formatFigure(f.noise, f.unit))}</td><td>${f.pValue === null ? '—' : e(f.pValue.toPrecision(2))}</td>` +
          `<td>${e(MARK(f))}${f.gated ? '' : ' <span class="muted">(not gated)</span>'}</td></tr>`,
      )
      .join('');
    return `<h2 id="${group}">${group[0]!.toUpperCase()}${group.slice(1)}</h2><table><thead><tr><th>figure</th><th>stat</th><th>base</th><th>current</th><th>change</th><th>noise ±</th><th>p</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
  };
  const list = (items: string[], cls: string) =>
    items.length ? `<ul class="${cls}">${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`loadfleet compare: ${c.current.id} against ${c.base.id}`)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${e(c.current.scenario)}: ${e(c.current.id)} against ${e(c.base.id)}</h1>
<div class="verdict ${verdict}">${c.verdict.toUpperCase()} · exit code ${c.exitCode}</div>
<p class="muted">base ${e(c.base.id)} started ${e(c.base.startedAt)} (${(c.base.durationMs / 1000).toFixed(1)} s) · current ${e(c.current.id)} started ${e(c.current.startedAt)} (${(c.current.durationMs / 1000).toFixed(1)} s).
A change counts when it exceeds the larger per-second IQR of the two runs and ${(c.rules.minEffectRatio * 100).toFixed(0)} % of the base (latency: and ${c.rules.minEffectMs} ms), and the test over per-second samples gives p &lt; ${c.rules.alpha}.</p>
${list(c.warnings, 'warnings')}
${c.regressions.length ? `<h2>Regressions</h2>${list(c.regressions, 'regressions')}` : ''}
${c.improvements.length ? `<h2>Improvements</h2>${list(c.improvements, 'improvements')}` : ''}
${groups.map(table).join('\n')}
</body>
</html>
`;
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{padding:2px 10px;border-bottom:1px solid #ddd;text-align:right}td:first-child,td:nth-child(2),th:first-child{text-align:left}
tr.worse{background:#fdd}tr.better{background:#dfd}.verdict{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:bold}
.verdict.pass{background:#cfc}.verdict.fail{background:#fcc}.muted{color:#777}.regressions li{color:#a00}.warnings li{color:#a60}`;
