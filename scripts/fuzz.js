// npm run fuzz [-- --seconds N]: the long fuzz run. Every property under test/fuzz
// (frame decoder, envelopes, control-message codecs, stats windows, the scenario
// parser, API bodies) runs for N seconds (default 15) instead of its fixed CI count,
// then one table says how many cases each ran and how many failed. A failure prints
// its counterexample and the seed that replays it; the exit status is vitest's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const at = args.indexOf('--seconds');
const seconds = Number(at >= 0 ? args[at + 1] : (process.env.LF_FUZZ_SECONDS ?? 15));
if (!(seconds > 0)) {
  process.stderr.write('usage: npm run fuzz -- [--seconds N]  (N > 0, per property)\n');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'lf-fuzz-'));
const out = join(dir, 'results.jsonl');
const started = Date.now();
const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
const run = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz'], {
  stdio: 'inherit',
  env: { ...process.env, LF_FUZZ_SECONDS: String(seconds), LF_FUZZ_OUT: out },
});

let rows = [];
try {
  rows = readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
} catch {
  // no property reported: vitest failed before running them (the output above says why)
}
rmSync(dir, { recursive: true, force: true });

const fmt = (n) => n.toLocaleString('en-US');
const width = Math.max(8, ...rows.map((r) => r.name.length));
const lines = [
  `${'property'.padEnd(width)}  ${'cases'.padStart(12)}  ${'failed'.padStart(6)}  ${'seconds'.padStart(7)}`,
  ...rows
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(
      (r) =>
        `${r.name.padEnd(width)}  ${fmt(r.runs).padStart(12)}  ${String(r.failed ? 1 : 0).padStart(6)}  ${(r.ms / 1000).toFixed(1).padStart(7)}` +
        (r.failed ? `  seed ${r.seed}` : ''),
    ),
];
const total = rows.reduce((n, r) => n + r.runs, 0);
const failed = rows.filter((r) => r.failed).length;
process.stdout.write(
  `\n${lines.join('\n')}\n\n${rows.length} properties, ${fmt(total)} cases, ${failed} failed, ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s (${seconds} s per property, node ${process.version})\n`,
);
process.exit(run.status ?? 1);
