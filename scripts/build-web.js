#!/usr/bin/env node
// The browser's share of `npm run build`, after `tsc -b` has type-checked and compiled
// it: bundles the console's script and report.html's chart script with esbuild (one
// file each, no CDN, nothing fetched at run time).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = { bundle: true, minify: true, target: 'es2020', logLevel: 'warning', absWorkingDir: root };

await Promise.all([
  build({
    ...common,
    entryPoints: ['services/console-web/dist/main.js'],
    outfile: 'services/console-web/dist/bundle/console.js',
    format: 'esm',
    sourcemap: true,
  }),
  // Inlined into every report.html: no module loader there, so an IIFE.
  build({
    ...common,
    entryPoints: ['libs/chart/dist/dom/report-entry.js'],
    outfile: 'libs/chart/dist/bundle/report-charts.js',
    format: 'iife',
  }),
]);
