// Where things are, from bench code compiled into bench/dist/ or read from source
// by vitest: the repository root, the bench sources (the .yaml templates) and the
// compiled scripts that benchmarks and tests start as processes by path.
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url)); // bench/lib or bench/dist/lib
/** The repository root. */
export const ROOT = basename(dirname(here)) === 'dist' ? join(here, '../../..') : join(here, '../..');
/** bench/ (sources and the .yaml templates beside them). */
export const BENCH = join(ROOT, 'bench');
/** A path under the repository root. */
export const rootPath = (p: string): string => join(ROOT, p);
/** A path under bench/ (sources). */
export const benchPath = (p: string): string => join(BENCH, p);
/** A compiled bench script to start as a process (`p` relative to bench/, ending in .js). */
export const benchScript = (p: string): string => join(BENCH, 'dist', p);
/** The compiled entry point of a service (services/NAME/dist/main.js). */
export const serviceMain = (name: string): string => join(ROOT, 'services', name, 'dist/main.js');
